package exec

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// rowAggAcc is an aggregate without a kernel here (GROUP_CONCAT,
// BIT_AND, ANY_VALUE, …) inside a HashAggregate that still scans, joins
// and groups on vectors: each worker keeps the input columns the
// aggregate reads, row by row with its group, and once the workers'
// groups are merged GMS's own aggregation buffers replay them per group.
// (GMS's buffers cannot be merged, so they are filled only after the
// merge.)
type rowAggAcc struct {
	agg   sql.Aggregation
	cols  []int // the input columns the aggregate reads
	width int   // the input row's width
	// seen, for an aggregate a repeated row does not change
	// (GROUP_CONCAT(DISTINCT …), BIT_AND, BIT_OR), holds the (group,
	// columns) tuples kept: a repeat is dropped on arrival.
	seen    *pairSet
	blind   bool // the compiled aggregate is such an aggregate
	args    []Expr
	keep    []bool
	gids    []int32
	vals    []any // len(cols) per kept row
	bytes   int64
	groups  int
	results []any // per group, once replayed
}

// rowAgg compiles an aggregate GMS computes: its arguments are the input
// columns it reads.
func (s *AggSpec) rowAgg(d aggDef, e sql.Expression) (aggDef, error) {
	agg, ok := e.(sql.Aggregation)
	if !ok {
		return d, unsupported("aggregate %s", e)
	}
	if _, any := mysqlfn.UnwrapAggregate(e).(*aggregation.AnyValue); any && len(s.keys) == 0 {
		// Without GROUP BY, ANY_VALUE alone does not aggregate (GMS's
		// groupByIter passes such rows through).
		return d, unsupported("%s without GROUP BY", e)
	}
	cols, err := rowColumns(e, len(s.ec.in))
	if err != nil {
		return d, err
	}
	d.kind = aggRow
	d.row = &rowAggAcc{agg: agg, cols: cols, width: len(s.ec.in), blind: repeatBlind(mysqlfn.UnwrapAggregate(e))}
	for _, c := range cols {
		x, err := s.ec.compile(expression.NewGetField(c, s.ec.in[c].SQL, "", true))
		if err != nil {
			return d, err
		}
		d.args = append(d.args, x)
	}
	d.row.args = d.args
	return d, nil
}

// repeatBlind reports whether a row repeated within a group leaves the
// aggregate's result as it was.
func repeatBlind(e sql.Expression) bool {
	switch e.(type) {
	case *aggregation.BitAnd, *aggregation.BitOr, *aggregation.AnyValue:
		return true
	case *aggregation.GroupConcat:
		return strings.HasPrefix(strings.ToLower(e.String()), "group_concat(distinct ")
	}
	return false
}

// newRowAggAcc is a worker's empty copy of the compiled one.
func newRowAggAcc(proto *rowAggAcc) *rowAggAcc {
	a := &rowAggAcc{agg: proto.agg, cols: proto.cols, width: proto.width}
	if proto.blind {
		a.seen = newPairSet(typesOf(proto.args))
	}
	return a
}

func (a *rowAggAcc) resize(n int) { a.groups = max(a.groups, n) }

func (a *rowAggAcc) footprint() int64 {
	if a.seen != nil {
		return a.bytes + a.seen.footprint()
	}
	return a.bytes
}

func (a *rowAggAcc) update(gids []int32, args []*Vec, n int) error {
	a.keep = grow(a.keep, n)
	if a.seen != nil {
		a.seen.addRows(gids, args, n, false, a.keep)
	} else {
		for i := range n {
			a.keep[i] = true
		}
	}
	kept := 0
	for i, g := range gids[:n] {
		if !a.keep[i] {
			continue
		}
		kept++
		a.gids = append(a.gids, g)
		for _, v := range args {
			x := v.Value(i)
			if s, ok := x.(string); ok {
				x = cloneString(s) // the batch's bytes are reused
				a.bytes += int64(len(s))
			}
			a.vals = append(a.vals, x)
		}
	}
	a.bytes += int64(kept) * (4 + 16*int64(len(args)))
	return nil
}

func (a *rowAggAcc) merge(o acc, m []int32) error {
	b := o.(*rowAggAcc)
	k := len(a.cols)
	if a.seen != nil {
		// b's kept rows are its set's tuples, in order.
		a.keep = grow(a.keep, len(b.gids))
		a.seen.addSet(b.seen, m, a.keep)
	}
	for r, g := range b.gids {
		d := m[g]
		if d < 0 || (a.seen != nil && !a.keep[r]) {
			continue
		}
		a.gids = append(a.gids, d)
		a.vals = append(a.vals, b.vals[r*k:(r+1)*k]...)
	}
	a.bytes += b.bytes
	return nil
}

func (a *rowAggAcc) emit(ctx *sql.Context, g0, n int, out *Vec) error {
	if a.results == nil {
		if err := a.replay(ctx); err != nil {
			return err
		}
	}
	for j := range n {
		if err := out.Set(ctx, j, n, a.results[g0+j]); err != nil {
			return err
		}
	}
	return nil
}

// replay feeds every kept row to its group's buffer and evaluates them.
func (a *rowAggAcc) replay(ctx *sql.Context) error {
	bufs := make([]sql.AggregationBuffer, a.groups)
	for g := range bufs {
		b, err := a.agg.NewBuffer()
		if err != nil {
			return err
		}
		bufs[g] = b
	}
	row := make(sql.Row, a.width)
	k := len(a.cols)
	for r, g := range a.gids {
		for j, c := range a.cols {
			row[c] = a.vals[r*k+j]
		}
		if err := bufs[g].Update(ctx, row); err != nil {
			return err
		}
	}
	a.gids, a.vals = nil, nil
	a.results = make([]any, a.groups)
	for g, b := range bufs {
		v, err := b.Eval(ctx)
		if err != nil {
			return err
		}
		a.results[g] = v
		b.Dispose()
	}
	return nil
}
