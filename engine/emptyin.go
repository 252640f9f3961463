package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// An IN subquery whose WHERE is false whatever the row.
//
// go-mysql-server v0.20.0 folds such a subquery (… IN (SELECT o.c FROM
// o WHERE FALSE), WHERE NOT (1 = 1), WHERE DATE '1990-05-17' IS NULL,
// WHERE o.q > 0 AND FALSE) to an empty table, and its join planner,
// turning the IN into a semi-join, then panics ("vertex not found"; the
// server answered 1105). The subquery has no rows, so `x IN (…)` is
// false for every x, NULL included, and `x NOT IN (…)` true:
// emptyInRuleID puts that FALSE in place of the IN before GMS's rules
// run. A subquery that aggregates without GROUP BY has a row even over
// no rows, and is left alone.
const emptyInRuleID analyzer.RuleId = 9_985

// foldEmptyIn is the pre-analyzer rule.
func foldEmptyIn(ctx *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	return transform.NodeExprs(n, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
		in, ok := e.(*plan.InSubquery)
		if !ok {
			return e, transform.SameTree, nil
		}
		sq, ok := in.RightChild.(*plan.Subquery)
		if !ok || !alwaysEmpty(ctx, sq.Query) {
			return e, transform.SameTree, nil
		}
		return expression.NewLiteral(false, types.Boolean), transform.NewTree, nil
	})
}

// alwaysEmpty: n returns no rows whatever the data — a projection,
// DISTINCT, ORDER BY or LIMIT over a filter that is false (or NULL) for
// every row.
func alwaysEmpty(ctx *sql.Context, n sql.Node) bool {
	for {
		switch x := n.(type) {
		case *plan.Project, *plan.Distinct, *plan.Sort, *plan.Limit, *plan.TopN:
			n = x.Children()[0]
		case *plan.Filter:
			return neverTrue(ctx, x.Expression)
		default:
			return false
		}
	}
}

// neverTrue: e is a constant that is false or NULL, or an AND with such
// a conjunct.
func neverTrue(ctx *sql.Context, e sql.Expression) bool {
	for _, c := range expression.SplitConjunction(e) {
		if !isConstant(c) {
			continue
		}
		v, err := c.Eval(ctx, nil)
		if err != nil {
			continue
		}
		if v == nil {
			return true
		}
		if b, err := sql.ConvertToBool(ctx, v); err == nil && !b {
			return true
		}
	}
	return false
}

// isConstant: e reads no row, no session or user state, and is the
// same on every evaluation.
func isConstant(e sql.Expression) bool {
	constant := true
	sql.Inspect(e, func(x sql.Expression) bool {
		switch x := x.(type) {
		case *expression.GetField, *expression.BindVar, *expression.ProcedureParam, *expression.UserVar,
			*expression.SystemVar, *expression.Star, *expression.UnresolvedColumn:
			constant = false
		case sql.NonDeterministicExpression:
			constant = constant && !x.IsNonDeterministic()
		}
		if _, ok := x.(sql.ExpressionWithNodes); ok {
			constant = false
		}
		return constant
	})
	return constant
}
