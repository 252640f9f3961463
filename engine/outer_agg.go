package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// An aggregate in a subquery of a grouped query that reads only the
// grouped query's columns is the grouped query's aggregate in MySQL
// (an "outer aggregate": it is computed per group of the outer query):
//
//	SELECT o.customer_id,
//	       (SELECT COUNT(*) FROM products p WHERE p.product_id < MAX(o.product_id))
//	FROM orders o GROUP BY o.customer_id
//
// go-mysql-server v0.20.0 plans MAX(o.product_id) in the subquery's own
// GroupBy, over the outer row that no longer has o.product_id: 1105
// "unable to find field with index N". outerAggRuleID moves such an
// aggregate to the outer GroupBy, under the same column id, so the
// subquery's references to it read the outer row; a subquery GroupBy
// left with nothing to compute goes (the subquery is then a plain one,
// as in MySQL). The same pass gives the GroupBy the grouping columns its
// query's subqueries read but do not select, and makes GMS's copies of
// an aliased subquery above the projection read the projected value.
const outerAggRuleID analyzer.RuleId = 9_988

// liftOuterAggregates is the pre-analyzer rule. A projection over a
// GroupBy (through HAVING, ORDER BY, LIMIT, DISTINCT and the projections
// GMS puts between them, which carry copies of aliased subqueries) has
// its subqueries' outer aggregates moved to the GroupBy.
func liftOuterAggregates(_ *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	return transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		if _, ok := n.(*plan.Project); !ok {
			return n, transform.SameTree, nil
		}
		g := groupByUnder(n)
		if g == nil {
			return n, transform.SameTree, nil
		}
		have := sql.ColSet{}
		for _, e := range g.SelectedExprs {
			if ide, ok := e.(sql.IdExpression); ok {
				have.Add(ide.Id())
			}
		}
		l := &lifter{outer: sourceColumns(g.Child), have: have}
		for _, e := range g.GroupByExprs {
			if gf, ok := e.(*expression.GetField); ok {
				l.keys = append(l.keys, gf)
			}
		}
		nn, err := l.chain(n, g)
		if err != nil || !l.changed {
			return n, transform.SameTree, err
		}
		return nn, transform.NewTree, nil
	})
}

// groupByUnder is the GroupBy n reads through the nodes of a grouped
// query's top, or nil.
func groupByUnder(n sql.Node) *plan.GroupBy {
	for {
		switch x := n.(type) {
		case *plan.GroupBy:
			return x
		case *plan.Project, *plan.Having, *plan.Sort, *plan.Limit, *plan.Distinct, *plan.TopN:
			n = x.Children()[0]
		default:
			return nil
		}
	}
}

// lifter moves outer aggregates from the subqueries of one grouped
// query's top nodes to its GroupBy.
type lifter struct {
	outer   sql.ColSet             // the grouped query's table columns
	keys    []*expression.GetField // its grouping columns
	have    sql.ColSet             // ids the GroupBy computes
	lifted  []sql.Expression       // aggregates to add to it
	changed bool
}

// chain rewrites n and the nodes under it down to g, which gets the
// lifted aggregates.
func (l *lifter) chain(n sql.Node, g *plan.GroupBy) (sql.Node, error) {
	if n == sql.Node(g) {
		if len(l.lifted) == 0 {
			return g, nil
		}
		return plan.NewGroupBy(append(append([]sql.Expression(nil), g.SelectedExprs...), l.lifted...), g.GroupByExprs, g.Child), nil
	}
	if x, ok := n.(sql.Expressioner); ok {
		exprs := append([]sql.Expression(nil), x.Expressions()...)
		changed := false
		below := projectedBelow(n.Children()[0])
		for i, e := range exprs {
			ne, ch, err := l.expr(e, below)
			if err != nil {
				return nil, err
			}
			if ch {
				exprs[i], changed = ne, true
			}
		}
		if changed {
			nn, err := x.WithExpressions(exprs...)
			if err != nil {
				return nil, err
			}
			n = nn
		}
	}
	child, err := l.chain(n.Children()[0], g)
	if err != nil {
		return nil, err
	}
	return n.WithChildren(child)
}

// expr rewrites e's subqueries, top down so that an alias keeps its
// column id (Alias.WithChildren drops it). An aliased subquery that the
// node below already computes (GMS copies it into the nodes above: ORDER
// BY m, ORDER BY 1) is read from there instead: the copy would need the
// outer columns or the lifted aggregate it reads, which the rows above
// the GroupBy's projection lack (GMS: 1105 "unable to find field with
// index N").
func (l *lifter) expr(e sql.Expression, below map[sql.ColumnId]int) (sql.Expression, bool, error) {
	switch x := e.(type) {
	case *expression.Alias:
		if i, ok := below[x.Id()]; ok && hasSubquery(x.Child) {
			l.changed = true
			return expression.NewGetField(i, x.Type(), x.Name(), x.IsNullable()).WithId(x.Id()).(sql.Expression), true, nil
		}
		nc, ch, err := l.expr(x.Child, below)
		if err != nil || !ch {
			return e, false, err
		}
		c := *x
		c.Child = nc
		return &c, true, nil
	case *plan.Subquery:
		l.keepKeys(x)
		nsq, aggs := liftFromSubquery(x, l.outer)
		if len(aggs) == 0 {
			return e, false, nil
		}
		for _, a := range aggs {
			id := a.(sql.IdExpression).Id()
			if !l.have.Contains(id) {
				l.have.Add(id)
				l.lifted = append(l.lifted, a)
			}
		}
		l.changed = true
		return nsq, true, nil
	}
	children := e.Children()
	var out []sql.Expression
	for i, c := range children {
		nc, ch, err := l.expr(c, below)
		if err != nil {
			return nil, false, err
		}
		if ch && out == nil {
			out = append([]sql.Expression(nil), children...)
		}
		if out != nil {
			out[i] = nc
		}
	}
	if out == nil {
		return e, false, nil
	}
	ne, err := e.WithChildren(out...)
	return ne, err == nil, err
}

// keepKeys adds to the GroupBy's output the grouping columns sq reads
// that it does not select (SELECT (SELECT … WHERE p.x < o.c) … GROUP BY
// o.c: GMS's GroupBy output lacked o.c and the subquery failed with 1105
// "unable to find field with index N").
func (l *lifter) keepKeys(sq *plan.Subquery) {
	for _, k := range l.keys {
		if sq.Correlated().Contains(k.Id()) && !l.have.Contains(k.Id()) {
			l.have.Add(k.Id())
			l.lifted = append(l.lifted, k)
			l.changed = true
		}
	}
}

// hasSubquery: e holds a subquery.
func hasSubquery(e sql.Expression) bool {
	found := false
	sql.Inspect(e, func(x sql.Expression) bool {
		if _, ok := x.(*plan.Subquery); ok {
			found = true
		}
		return !found
	})
	return found
}

// sourceColumns is the column ids of the tables under n.
func sourceColumns(n sql.Node) sql.ColSet {
	var cols sql.ColSet
	transform.Inspect(n, func(n sql.Node) bool {
		if t, ok := n.(plan.TableIdNode); ok {
			cols = cols.Union(t.Columns())
		}
		return true
	})
	return cols
}

// liftFromSubquery takes out of sq's top GroupBy the aggregates that read
// only outer columns, returning sq without them and the aggregates.
func liftFromSubquery(sq *plan.Subquery, outer sql.ColSet) (*plan.Subquery, []sql.Expression) {
	var lifted []sql.Expression
	var liftedIds sql.ColSet
	q, _, err := transform.Node(sq.Query, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		g, ok := n.(*plan.GroupBy)
		if !ok {
			return n, transform.SameTree, nil
		}
		var kept []sql.Expression
		for _, e := range g.SelectedExprs {
			if id, ok := outerAggregate(e, sq.Correlated(), outer); ok {
				lifted = append(lifted, e)
				liftedIds.Add(id)
				continue
			}
			kept = append(kept, e)
		}
		if len(kept) == len(g.SelectedExprs) {
			return n, transform.SameTree, nil
		}
		if len(kept) == 0 && len(g.GroupByExprs) == 0 {
			return g.Child, transform.NewTree, nil
		}
		return plan.NewGroupBy(kept, g.GroupByExprs, g.Child), transform.NewTree, nil
	})
	if err != nil || len(lifted) == 0 {
		return sq, nil
	}
	return sq.WithQuery(q).WithCorrelated(sq.Correlated().Union(liftedIds)), lifted
}

// outerAggregate: e is an aggregate (not a window) whose columns are all
// correlated columns of the grouped query's own tables; id is its column.
func outerAggregate(e sql.Expression, correlated, outer sql.ColSet) (sql.ColumnId, bool) {
	agg, ok := e.(sql.Aggregation)
	if !ok || agg.Window() != nil {
		return 0, false
	}
	ide, ok := e.(sql.IdExpression)
	if !ok {
		return 0, false
	}
	cols, only := 0, true
	sql.Inspect(e, func(x sql.Expression) bool {
		switch x := x.(type) {
		case *expression.GetField:
			cols++
			only = only && correlated.Contains(x.Id()) && outer.Contains(x.Id())
		case *plan.Subquery:
			only = false
		}
		return only
	})
	return ide.Id(), only && cols > 0
}

// projectedBelow maps the column ids n's rows carry from its nearest
// projection (through sorts, limits, DISTINCT and HAVING) to their
// positions.
func projectedBelow(n sql.Node) map[sql.ColumnId]int {
	for {
		switch x := n.(type) {
		case *plan.Sort, *plan.TopN, *plan.Limit, *plan.Distinct, *plan.Having:
			n = x.Children()[0]
		case sql.Projector:
			ids := map[sql.ColumnId]int{}
			for i, e := range x.ProjectedExprs() {
				if ide, ok := e.(sql.IdExpression); ok {
					ids[ide.Id()] = i
				}
			}
			return ids
		default:
			return nil
		}
	}
}
