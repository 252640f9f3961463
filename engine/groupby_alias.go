package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// A query grouped by the alias (or the position) of a select expression
// holding a correlated subquery:
//
//	SELECT EXISTS(SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id) AS buyer, COUNT(*)
//	FROM customers c GROUP BY buyer
//
// GMS v0.20.0's planner groups by the aliased expression, then evaluates
// it again in the projections above the GroupBy, over the grouped row,
// which no longer holds c.customer_id: every group answered the value of
// whatever column sat at that index. groupedAliasRuleID makes the
// GroupBy select the grouping expression itself (one value per group:
// the vectorised aggregate passes its key through, GMS's takes it from
// the group's first row) and the nodes above read that column by the
// alias's id. Aliases of plain expressions (c.customer_id + 1 AS k) keep
// GMS's plan, which selects the columns they read.
const groupedAliasRuleID analyzer.RuleId = 9_984

// selectGroupedSubqueries is the pre-analyzer rule; it runs after
// checkGroupedSubqueries, which lets these queries through.
func selectGroupedSubqueries(_ *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	passed := map[sql.ColumnId]*expression.Alias{}
	// Bottom-up: a GroupBy is rewritten before the nodes above it. Column
	// ids are unique in a query, so an id recorded under one GroupBy names
	// only that GroupBy's column.
	return transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		if g, ok := n.(*plan.GroupBy); ok {
			return selectGroupingAliases(g, passed)
		}
		if len(passed) == 0 {
			return n, transform.SameTree, nil
		}
		return transform.OneNodeExpressions(n, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
			a, ok := e.(*expression.Alias)
			if !ok || passed[a.Id()] == nil {
				return e, transform.SameTree, nil
			}
			return aliasColumn(a), transform.NewTree, nil
		})
	})
}

// selectGroupingAliases adds g's grouping aliases that hold a subquery
// and that g does not select yet to its selected expressions, recording
// them in passed.
func selectGroupingAliases(g *plan.GroupBy, passed map[sql.ColumnId]*expression.Alias) (sql.Node, transform.TreeIdentity, error) {
	selected := sql.ColSet{}
	for _, e := range g.SelectedExprs {
		if ide, ok := e.(sql.IdExpression); ok {
			selected.Add(ide.Id())
		}
	}
	var add []sql.Expression
	for _, e := range g.GroupByExprs {
		a, ok := e.(*expression.Alias)
		if !ok || a.Id() == 0 || selected.Contains(a.Id()) || !hasSubquery(a.Child) {
			continue
		}
		selected.Add(a.Id())
		passed[a.Id()] = a
		add = append(add, a)
	}
	if len(add) == 0 {
		return g, transform.SameTree, nil
	}
	sel := append(append(make([]sql.Expression, 0, len(g.SelectedExprs)+len(add)), g.SelectedExprs...), add...)
	return plan.NewGroupBy(sel, g.GroupByExprs, g.Child), transform.NewTree, nil
}

// aliasColumn reads the column a names, by its id.
func aliasColumn(a *expression.Alias) sql.Expression {
	return expression.NewGetField(0, a.Type(), a.Name(), a.IsNullable()).WithId(a.Id())
}
