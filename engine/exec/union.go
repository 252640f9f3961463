package exec

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
)

// unionSource is UNION ALL: each input pipeline's morsels follow the
// previous input's, so the next pipeline's workers share all of them,
// the first input's rows first, as GMS returns them. An input opens when
// the union opens (a join's build side is built then) and its morsels
// run through its operators as the next pipeline reads them (morsels,
// below), never collected; only an input with a LIMIT runs whole when
// the union opens (its batches collected and counted against the
// statement's memory).
type unionSource struct {
	types  []ColType
	inputs []Source
	counts []int
}

func (s *unionSource) Types() []ColType { return s.types }

func (s *unionSource) Open(ctx *sql.Context) (int, error) {
	s.counts = s.counts[:0]
	total := 0
	for _, in := range s.inputs {
		n, err := in.Open(ctx)
		if err != nil {
			return 0, err
		}
		s.counts = append(s.counts, n)
		total += n
	}
	return total, nil
}

func (s *unionSource) Run(ctx *sql.Context, m int, fn func(*Batch) error) error {
	for i, n := range s.counts {
		if m < n {
			return s.inputs[i].Run(ctx, m, fn)
		}
		m -= n
	}
	return fmt.Errorf("exec: union morsel out of range")
}

func (s *unionSource) Explain(tp *sql.TreePrinter) {
	children := make([]string, len(s.inputs))
	for i, in := range s.inputs {
		sub := sql.NewTreePrinter()
		in.Explain(sub)
		children[i] = sub.String()
	}
	_ = tp.WriteNode("UnionAll")
	_ = tp.WriteChildren(children...)
}

// union compiles UNION [ALL] of inputs whose layouts are the union's:
// UNION ALL as a unionSource, UNION (DISTINCT) as a Distinct over it.
// ORDER BY [LIMIT] on the set operation itself is a Sort (TopN) over
// it; OFFSET, LIMIT without ORDER BY, INTERSECT and EXCEPT stay with GMS.
func (c *compiler) union(n *plan.SetOp) (*Pipeline, error) {
	if n.SetOpType != plan.UnionType || n.Offset != nil || (n.Limit != nil && len(n.SortFields) == 0) {
		return nil, unsupported("set operation %s", n.String())
	}
	p, err := c.unionOf(n)
	if err != nil || len(n.SortFields) == 0 {
		return p, err
	}
	limit, name := int64(-1), "Sort"
	if n.Limit != nil {
		if limit, err = limitOf(n.Limit); err != nil {
			return nil, unsupported("LIMIT %s", n.Limit)
		}
		name = "TopN"
	}
	spec, err := newSort(p.Types(), n.SortFields, limit)
	if err != nil {
		return nil, err
	}
	return &Pipeline{Src: &sinkSource{p: p, sink: spec, name: name, details: spec.texts}}, nil
}

// unionOf compiles the set operation's rows, unordered.
func (c *compiler) unionOf(n *plan.SetOp) (*Pipeline, error) {
	sch := n.Schema()
	types := make([]ColType, len(sch))
	for i, col := range sch {
		t, ok := TypeOf(col.Type)
		if !ok {
			// A DECIMAL wider than a PDec (an exact SUM's p+22 digits)
			// unites inputs that hold it as scaled int64s, as they
			// computed it, checked for overflow; others are refused below.
			dt, dec := col.Type.(sql.DecimalType)
			if !dec {
				return nil, unsupported("union of %s", sch)
			}
			t = ColType{Phys: PDec, Scale: int32(dt.Scale()), SQL: dt}
		}
		types[i] = t
	}
	u := &unionSource{types: types}
	for _, child := range []sql.Node{n.Left(), n.Right()} {
		if s, ok := child.(*plan.SetOp); ok && (len(s.SortFields) > 0 || s.Limit != nil) {
			// A parenthesised member's ORDER BY: GMS keeps its rows'
			// order its own way, which an unordered UNION's callers see.
			return nil, unsupported("set operation %s inside a set operation", s.String())
		}
		p, err := c.node(child)
		if err != nil {
			return nil, err
		}
		pt := p.Types()
		if len(pt) != len(types) {
			return nil, unsupported("union inputs of %d and %d columns", len(pt), len(types))
		}
		for i := range pt {
			if pt[i].Phys != types[i].Phys || pt[i].Scale != types[i].Scale {
				return nil, unsupported("union input column %d is %s, the union's %s", i+1, pt[i].SQL, types[i].SQL)
			}
		}
		if nested, ok := p.Src.(*unionSource); ok && len(p.Ops) == 0 {
			u.inputs = append(u.inputs, nested.inputs...) // a UNION ALL b UNION ALL c
			continue
		}
		u.inputs = append(u.inputs, inputOf(p))
	}
	out := &Pipeline{Src: u}
	if !n.Distinct {
		return out, nil
	}
	return c.distinctOf(out, n.Schema())
}

// inputOf is p as a union's input: its own morsels run through its
// operators when read, or, when an operator keeps count across batches
// (a LIMIT), p run whole into collected batches.
func inputOf(p *Pipeline) Source {
	for _, op := range p.Ops {
		if _, ok := op.(*limitSpec); ok {
			return materialize(p)
		}
	}
	return &morsels{p: p}
}

// morsels serves an opened pipeline's source morsels, each pushed
// through operators of its own (an Op serves one worker at a time).
type morsels struct{ p *Pipeline }

func (s *morsels) Types() []ColType                   { return s.p.Types() }
func (s *morsels) Open(ctx *sql.Context) (int, error) { return s.p.open(ctx) }
func (s *morsels) Explain(tp *sql.TreePrinter)        { s.p.Explain(tp) }

func (s *morsels) Run(ctx *sql.Context, m int, fn func(*Batch) error) error {
	return s.p.Src.Run(ctx, m, chain(ctx, s.p.Ops, pushTo(fn)))
}

// pushTo is fn as a LocalSink.
type pushTo func(*Batch) error

func (f pushTo) Consume(_ *sql.Context, b *Batch) error { return f(b) }
