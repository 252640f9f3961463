package exec

import (
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
)

// scalarSubquery is an uncorrelated scalar subquery ((SELECT MAX(x) FROM
// t) in a filter or a select list): run once, by the first worker that
// needs it, and then a constant.
type scalarSubquery struct {
	q     *plan.Subquery
	t     ColType
	width int // the input row GMS prepends to the subquery's rows
	once  sync.Once
	val   *literal
	err   error
}

func (c *exprCompiler) subquery(e sql.Expression) (Expr, bool, error) {
	q, ok := e.(*plan.Subquery)
	if !ok {
		return nil, false, nil
	}
	t, ok := carriedType(q.Type())
	if !ok {
		return nil, false, unsupported("type %s of %s", q.Type(), q)
	}
	if !q.Correlated().Empty() && !q.Volatile() {
		if x, ok, err := c.correlated(q, t); ok || err != nil {
			return x, ok, err
		}
		if x, ok, err := c.correlatedTop(q, t); ok || err != nil {
			return x, ok, err
		}
	}
	if !q.Correlated().Empty() || q.Volatile() {
		return nil, false, unsupported("correlated subquery %s", q)
	}
	return &scalarSubquery{q: q, t: t, width: len(c.in), val: &literal{t: t, slot: c.slot()}}, true, nil
}

func (s *scalarSubquery) Type() ColType { return s.t }

func (s *scalarSubquery) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	s.once.Do(func() {
		// Its rows carry the outer row first (values unused: nothing
		// correlates), as GMS evaluates it.
		s.val.v, s.err = s.q.Eval(ctx, make(sql.Row, s.width))
	})
	if s.err != nil {
		return nil, s.err
	}
	return s.val.Vec(ctx, b, f)
}

// inSubquery is x IN (SELECT …) of an uncorrelated subquery that GMS left
// an expression rather than a semi-join (its select list computes, or
// the IN sits inside an OR or a CASE): the subquery runs once, by the
// first worker that needs it, into an inOp's hash set. As MySQL answers:
// no match and a NULL among the subquery's values is NULL, a NULL x is
// NULL, but anything IN an empty result is false.
type inSubquery struct {
	in    *inOp
	q     *plan.Subquery
	t     ColType // the subquery's column
	width int
	once  sync.Once
	empty bool
	err   error
	slot  int
}

func (c *exprCompiler) inSubquery(e sql.Expression) (Expr, bool, error) {
	in, ok := e.(*plan.InSubquery)
	if !ok {
		return nil, false, nil
	}
	q, ok := in.Right().(*plan.Subquery)
	if !ok || !q.Correlated().Empty() || q.Volatile() {
		return nil, false, nil
	}
	t, ok := TypeOf(q.Type())
	if !ok {
		return nil, false, nil
	}
	x, err := c.compile(in.Left())
	if err != nil {
		return nil, false, err
	}
	if !comparable(x.Type(), t) {
		return nil, false, nil
	}
	op := &inOp{x: x, slot: c.slot(), dslot: c.slot()}
	return &inSubquery{in: op, q: q, t: t, width: len(c.in), slot: c.slot()}, true, nil
}

func (s *inSubquery) Type() ColType { return boolType }

func (s *inSubquery) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	s.once.Do(func() { s.err = s.fill(ctx) })
	if s.err != nil {
		return nil, s.err
	}
	if !s.empty {
		return s.in.Vec(ctx, b, f)
	}
	out := &f.tmp[s.slot]
	out.reset(boolType, b.N)
	clear(out.I)
	return out, nil
}

// fill runs the subquery (its rows carry an unused outer row first, as
// GMS evaluates it) into the set.
func (s *inSubquery) fill(ctx *sql.Context) error {
	vals, err := s.q.EvalMultiple(ctx, make(sql.Row, s.width))
	if err != nil {
		return err
	}
	s.empty = len(vals) == 0
	for _, v := range vals {
		if v == nil {
			s.in.hasNull = true
			continue
		}
		k, ok := constVec(s.t, v)
		if !ok {
			return unsupported("value %v of %s", v, s.q)
		}
		s.in.add(k)
	}
	return nil
}
