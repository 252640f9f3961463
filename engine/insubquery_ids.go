package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// An IN subquery whose select list names an aggregate.
//
// go-mysql-server v0.20.0 turns x IN (SELECT ...) into a semi join only
// when it can name each of the subquery's result columns by a column
// id, and its planner puts an aggregate of a select list (SELECT
// MIN(order_id) ... GROUP BY customer_id) under an alias that has none
// (or loses its own on the way).
// Such an IN stayed a filter evaluated row by row: "orders that are a
// customer's first" took 45 s over 10M lines where the semi join takes a
// fraction of one. The alias only renames the aggregate's column, which
// has an id, so the column takes its place: nothing refers to an IN
// subquery's columns by name. (A new id on the alias would not last:
// GMS's Alias.WithChildren, which later rules call, drops it.)
const inSubqueryIDsRuleID analyzer.RuleId = 9_983

// nameInSubqueryColumns is the pre-analyzer rule.
func nameInSubqueryColumns(ctx *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	if !vectorizeEnabled(ctx) {
		// GMS's own semi join runs such a subquery again for every row
		// (26 s where its cached IN takes a fraction of one): only the
		// executor's hash join is worth the unnesting.
		return n, transform.SameTree, nil
	}
	return transform.NodeExprs(n, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
		in, ok := e.(*plan.InSubquery)
		if !ok {
			return e, transform.SameTree, nil
		}
		sq, ok := in.RightChild.(*plan.Subquery)
		if !ok || !sq.CanCacheResults() {
			return e, transform.SameTree, nil
		}
		p, ok := sq.Query.(*plan.Project)
		if !ok {
			return e, transform.SameTree, nil
		}
		projs, same := unaliased(p.Projections)
		if same {
			return e, transform.SameTree, nil
		}
		q, err := p.WithExpressions(projs...)
		if err != nil {
			return nil, transform.SameTree, err
		}
		x, err := in.WithChildren(in.LeftChild, sq.WithQuery(q))
		return x, transform.NewTree, err
	})
}

// unaliased replaces each alias of a column that has an id by the
// column (an alias's own id, if it has one, is dropped by the rules
// after this one).
func unaliased(projs []sql.Expression) ([]sql.Expression, bool) {
	out, same := projs, true
	for i, e := range projs {
		a, ok := e.(*expression.Alias)
		if !ok {
			continue
		}
		gf, ok := a.Child.(*expression.GetField)
		if !ok || gf.Id() == 0 {
			continue
		}
		if same {
			out, same = append([]sql.Expression(nil), projs...), false
		}
		out[i] = gf
	}
	return out, same
}
