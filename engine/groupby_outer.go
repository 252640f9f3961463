package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/analyzer/analyzererrors"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// A subquery in a grouped SELECT list that reads a column of the outer
// query outside GROUP BY and outside any aggregate:
//
//	SELECT o.customer_id, (SELECT COUNT(*) FROM products p WHERE p.product_id = o.product_id)
//	FROM orders o GROUP BY o.customer_id
//
// MySQL's ONLY_FULL_GROUP_BY refuses it (1055: o.product_id is not in
// GROUP BY), as it refuses the column selected directly; GMS v0.20.0
// plans it and fails while running it (1105 "unable to find field with
// index N"). groupByOuterRuleID gives MySQL's error. An outer column
// inside an aggregate (MAX(o.product_id) in the subquery, which MySQL
// evaluates in the outer query) is outer_agg.go's.
const groupByOuterRuleID analyzer.RuleId = 9_987

// checkGroupedSubqueries is the pre-analyzer rule.
func checkGroupedSubqueries(_ *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	var err error
	transform.Inspect(n, func(n sql.Node) bool {
		p, ok := n.(*plan.Project)
		if !ok || err != nil {
			return err == nil
		}
		g := groupByBelow(p.Child)
		if g == nil || len(g.GroupByExprs) == 0 {
			return true
		}
		grouped := groupedColumns(g)
		for _, e := range append(append([]sql.Expression(nil), p.Projections...), g.SelectedExprs...) {
			if isGroupedAlias(e, grouped) {
				continue
			}
			if col := ungroupedOuterColumn(e, grouped); col != nil {
				err = analyzererrors.ErrValidationGroupBy.New(col.String())
				return false
			}
		}
		return true
	})
	return n, transform.SameTree, err
}

// groupedColumns are the ids of g's grouping expressions: its grouped
// columns, and the select-list aliases it groups by (GROUP BY buyer, or
// GROUP BY 1, where buyer is EXISTS(SELECT … WHERE o.k = c.k): the
// planner groups by the aliased expression itself, under the alias's id).
func groupedColumns(g *plan.GroupBy) sql.ColSet {
	grouped := sql.ColSet{}
	for _, e := range g.GroupByExprs {
		switch e := e.(type) {
		case *expression.GetField:
			grouped.Add(e.Id())
		case *expression.Alias:
			if e.Id() != 0 {
				grouped.Add(e.Id())
			}
		}
	}
	return grouped
}

// isGroupedAlias: e is a select-list alias that the query groups by, so
// a subquery in it is the grouped expression, not a reader of ungrouped
// columns (MySQL and MariaDB answer SELECT EXISTS(…) AS b … GROUP BY b).
// The same subquery written out in GROUP BY is not matched: MariaDB
// refuses it with 1055, and so does this rule.
func isGroupedAlias(e sql.Expression, grouped sql.ColSet) bool {
	a, ok := e.(*expression.Alias)
	return ok && a.Id() != 0 && grouped.Contains(a.Id())
}

// groupByBelow is the GROUP BY a projection reads, through HAVING,
// ORDER BY, LIMIT and DISTINCT, or nil.
func groupByBelow(n sql.Node) *plan.GroupBy {
	for {
		switch x := n.(type) {
		case *plan.GroupBy:
			return x
		case *plan.Having, *plan.Sort, *plan.Limit, *plan.Distinct, *plan.TopN:
			n = x.Children()[0]
		default:
			return nil
		}
	}
}

// ungroupedOuterColumn is a column of the grouped query that a subquery
// in e reads outside any aggregate and that is not grouped by, or nil.
func ungroupedOuterColumn(e sql.Expression, grouped sql.ColSet) *expression.GetField {
	var found *expression.GetField
	sql.Inspect(e, func(x sql.Expression) bool {
		if _, agg := x.(sql.Aggregation); agg {
			// SUM((SELECT … WHERE t.k = outer.k)): the subquery runs per
			// row of the group, inside the outer aggregate.
			return false
		}
		sq, ok := x.(*plan.Subquery)
		if !ok || found != nil {
			return found == nil
		}
		outer := sq.Correlated()
		transform.InspectExpressions(sq.Query, func(y sql.Expression) bool {
			switch y := y.(type) {
			case sql.Aggregation:
				return false // an aggregate of outer columns is the outer query's
			case *expression.GetField:
				if found == nil && outer.Contains(y.Id()) && !grouped.Contains(y.Id()) {
					found = y
				}
			}
			return found == nil
		})
		return false
	})
	return found
}
