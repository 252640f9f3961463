package exec

import (
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// sourceResolver resolves the leaves of plans the executor compiles on
// its own (a correlated subquery's grouped form); the engine sets it.
var sourceResolver Resolver

// SetResolver sets the resolver of plans compiled inside expressions.
func SetResolver(r Resolver) { sourceResolver = r }

// correlatedAgg is a correlated scalar subquery of the shape analysts
// write — (SELECT agg(...) FROM t WHERE t.k = outer.k [AND conditions
// on t]) — decorrelated: GMS evaluates it once per outer row, scanning t
// each time (over a minute for 100,000 customers against a million
// order lines). Here it runs once as SELECT agg(...), k FROM t WHERE
// ... GROUP BY k, and each outer row looks its key up; a key without a
// group takes the subquery's value over no rows (COUNT 0, others NULL).
// The correlation may sit inside a derived table of the subquery, as in
// (SELECT COUNT(*) FROM (SELECT DISTINCT oid FROM o WHERE o.cid =
// c.cid) x): carryKeys carries the key up to the aggregate.
type correlatedAgg struct {
	keyedLookup     // inner is the grouped form: [value, keys...]
	empty       any // the value over no rows
	values      *Vec
}

// keyedLookup is what a decorrelated subquery's forms share: the inner
// pipeline, run once by the first worker that needs it, and the outer
// keys each batch looks up in its key table.
type keyedLookup struct {
	inner *Pipeline
	outer []Expr // the outer keys, over the outer row
	t     ColType
	slot  int
	once  sync.Once
	err   error
	keys  *keyTable
	// offered, per outer key, bounds every outer row's key lies within
	// (outerkeys.go); applied, those the inner run was restricted to.
	offered, applied []keyBound
}

func (k *keyedLookup) Type() ColType { return k.t }

// lookup runs gather once, then finds b's rows by their outer keys:
// the keys and each row's key number (negative: none).
func (k *keyedLookup) lookup(ctx *sql.Context, b *Batch, f *Frame, gather func(*sql.Context) error) ([]*Vec, []int32, error) {
	k.once.Do(func() { k.err = gather(ctx) })
	if k.err != nil {
		return nil, nil, k.err
	}
	return probeOuter(ctx, b, f, k.outer, k.keys)
}

// correlated compiles q as a correlatedAgg; ok is false for any other
// shape (GMS then evaluates it per row, and the subtree stays GMS's).
func (c *exprCompiler) correlated(q *plan.Subquery, t ColType) (Expr, bool, error) {
	w := len(c.in)
	g, value := groupedValue(q.Query, w)
	if g == nil || len(g.GroupByExprs) != 0 || sourceResolver == nil {
		return nil, false, nil
	}
	child, innerKeys, outerKeys, ok := carryKeys(g.Child, w)
	if !ok || len(innerKeys) == 0 {
		return nil, false, nil
	}
	sel := make([]sql.Expression, 0, len(g.SelectedExprs)+len(innerKeys))
	for _, e := range g.SelectedExprs {
		if !onlyFrom(e, w) {
			return nil, false, nil
		}
		sel = append(sel, shiftFields(e, -w))
	}
	sel = append(sel, innerKeys...)
	if !onlyFrom(value, w) {
		return nil, false, nil
	}
	value = shiftFields(value, -w)
	outs := []sql.Expression{value}
	for i, k := range innerKeys {
		outs = append(outs, expression.NewGetField(len(g.SelectedExprs)+i, k.Type(), "k", true))
	}
	empty, err := emptyValue(c, g.SelectedExprs, value)
	if err != nil {
		return nil, false, nil
	}
	// Compiled now, so that an inner query the executor cannot run
	// leaves the subquery to GMS rather than failing when it runs; the
	// context only feeds the estimates, the run opens with the query's.
	inner, err := Compile(sql.NewEmptyContext(), plan.NewProject(outs, plan.NewGroupBy(sel, innerKeys, child)), sourceResolver)
	if err != nil {
		return nil, false, nil
	}
	return c.keyedValue(inner, t, empty, innerKeys, outerKeys)
}

// keyedValue is the correlatedAgg of a decorrelated subquery's inner
// pipeline ([value, keys...], one row per key), looked up by the outer
// keys; ok is false when its value or keys do not match the subquery's.
func (c *exprCompiler) keyedValue(inner *Pipeline, t ColType, empty any, innerKeys, outerKeys []sql.Expression) (Expr, bool, error) {
	if vt := inner.Types()[0]; vt.Phys != t.Phys || vt.Scale != t.Scale {
		return nil, false, nil
	}
	x := &correlatedAgg{keyedLookup: keyedLookup{inner: inner, t: t, slot: c.slot()}, empty: empty}
	c.lookups = append(c.lookups, &x.keyedLookup)
	for i, k := range outerKeys {
		o, err := c.compile(k)
		if err != nil {
			return nil, false, err
		}
		if kt, ok := TypeOf(innerKeys[i].Type()); !ok || !comparable(o.Type(), kt) {
			return nil, false, nil
		}
		x.outer = append(x.outer, o)
	}
	return x, true, nil
}

// groupedValue splits a subquery's plan into its aggregate and the
// expression of its value over the aggregate's row (GMS leaves out the
// projection of a lone aggregate); g is nil for other plans.
func groupedValue(n sql.Node, w int) (g *plan.GroupBy, value sql.Expression) {
	switch n := n.(type) {
	case *plan.Project:
		g, ok := n.Child.(*plan.GroupBy)
		if !ok || len(n.Projections) != 1 {
			return nil, nil
		}
		return g, n.Projections[0]
	case *plan.GroupBy:
		if len(n.SelectedExprs) != 1 {
			return nil, nil
		}
		return n, expression.NewGetField(w, n.SelectedExprs[0].Type(), "v", true)
	}
	return nil, nil
}

// standalone re-indexes the subtree n of a subquery as a plan of its
// own: GMS indexes every expression in it behind the outer row's w
// columns (a join's conditions, its lookup keys, filters, and inside a
// derived table that sees the outer scope, that table's own plan). ok is
// false when anything in it reads the outer row — a column before w, a
// nested subquery, a lateral table.
func standalone(n sql.Node, w int) (sql.Node, bool) {
	ok := true
	n, _, err := transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		switch x := n.(type) {
		case *plan.StripRowNode: // a join's build side drops the outer row
			ok = ok && x.NumCols == w
			return x.Child, transform.NewTree, nil
		case *plan.PrependNode:
			ok = false
		case *plan.SubqueryAlias:
			if x.IsLateral {
				ok = false
			} else if x.OuterScopeVisibility { // opaque: re-indexed on its own
				child, cok := standalone(x.Child, w)
				if ok = ok && cok; ok {
					nx := *x
					nx.Child, nx.OuterScopeVisibility = child, false
					return &nx, transform.NewTree, nil
				}
			}
		}
		return n, transform.SameTree, nil
	})
	if err != nil || !ok {
		return nil, false
	}
	out, _, err := transform.NodeExprs(n, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
		switch x := e.(type) {
		case *expression.GetField:
			if x.Index() < w {
				ok = false
				return e, transform.SameTree, nil
			}
			return x.WithIndex(x.Index() - w), transform.NewTree, nil
		case sql.ExpressionWithNodes:
			ok = false
		}
		return e, transform.SameTree, nil
	})
	return out, ok && err == nil
}

// onlyFrom reports whether e reads columns at w or after only (the
// subquery's own rows, behind the outer row GMS puts first);
// onlyBelow, columns before w only and at least one.
func onlyFrom(e sql.Expression, w int) bool { return !reads(e, func(i int) bool { return i < w }) }

func onlyBelow(e sql.Expression, w int) bool {
	return reads(e, func(int) bool { return true }) && !reads(e, func(i int) bool { return i >= w })
}

func reads(e sql.Expression, pred func(int) bool) bool {
	found := false
	sql.Inspect(e, func(e sql.Expression) bool {
		switch x := e.(type) {
		case *expression.GetField:
			found = found || pred(x.Index())
		case sql.ExpressionWithNodes:
			found = true // a nested subquery: not ours
		}
		return !found
	})
	return found
}

// emptyValue is the subquery's value over no rows: its projection over
// the aggregates' values for no rows (COUNT 0, anything else NULL).
func emptyValue(c *exprCompiler, aggs []sql.Expression, value sql.Expression) (any, error) {
	row := make(sql.Row, len(aggs))
	for i, a := range aggs {
		switch a.(type) {
		case *aggregation.Count, *aggregation.CountDistinct:
			row[i] = int64(0)
		case sql.Aggregation:
		default:
			return nil, unsupported("%s", a)
		}
	}
	return value.Eval(sql.NewEmptyContext(), row)
}

// run computes the grouped form once.
func (x *correlatedAgg) run(ctx *sql.Context) error {
	x.restrictInner(1)
	rows, keys, gids, err := gatherKeyed(ctx, x.inner, 1)
	if err != nil {
		return err
	}
	x.keys = keys
	x.values = &Vec{T: x.t}
	x.values.reset(x.t, x.keys.n)
	for i, g := range gids {
		copyFrom(x.values, int(g), x.keys.n, rows.Cols[0], i)
	}
	return nil
}

// gatherKeyed runs a decorrelated subquery's inner pipeline once and
// numbers its rows by their keys (the columns from first on): rows, the
// key table and each row's key number.
func gatherKeyed(ctx *sql.Context, p *Pipeline, first int) (*Batch, *keyTable, []int32, error) {
	src, err := p.Run(ctx, &collectSink{types: p.Types()})
	if err != nil {
		return nil, nil, nil, err
	}
	inner := src.(*Batches)
	rows, err := concatMoving(ctx, p.Types(), inner.bs, &inner.mem, false)
	if err != nil {
		return nil, nil, nil, err
	}
	inner.bs = nil
	keys := newKeyTable(p.Types()[first:])
	cols := rows.Cols[first:]
	keys.sizeFor(cols, rows.N)
	gids := make([]int32, rows.N)
	keys.findAll(cols, rows.N, keys.hashesFor(cols, rows.N), true, gids)
	return rows, keys, gids, nil
}

// probeOuter computes the outer keys over b and finds each row's in t
// (-1: not there).
func probeOuter(ctx *sql.Context, b *Batch, f *Frame, outer []Expr, t *keyTable) ([]*Vec, []int32, error) {
	keys := make([]*Vec, len(outer))
	for i, o := range outer {
		v, err := o.Vec(ctx, b, f)
		if err != nil {
			return nil, nil, err
		}
		keys[i] = v
	}
	gids := make([]int32, b.N)
	t.findAll(keys, b.N, t.hashesFor(keys, b.N), false, gids)
	return keys, gids, nil
}

func (x *correlatedAgg) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	keys, gids, err := x.lookup(ctx, b, f, x.run)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[x.slot]
	out.reset(x.t, b.N)
	for i, g := range gids {
		if g < 0 || anyNull(keys, i) {
			if err := out.Set(ctx, i, b.N, x.empty); err != nil {
				return nil, err
			}
			continue
		}
		copyFrom(out, i, b.N, x.values, int(g))
	}
	return out, nil
}
