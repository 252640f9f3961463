package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// max1RowRuleID runs after validation, when every side of a set
// operation has been analysed.
const max1RowRuleID analyzer.RuleId = 10_003

// setOpsReturnRows clears GMS's "at most one row" flag from a query with
// a UNION (INTERSECT, EXCEPT, recursive CTE) in it. GMS sets the flag
// when it plans a unique-key lookup without a join or subquery in the
// query, and its handler then fails a query that answers a second row
// (1105 "result max1Row iterator returned more than one row"); a set
// operation with a primary-key lookup on one side answers more:
// SELECT birth_date FROM customers WHERE customer_id = 1 UNION SELECT 'x'
// failed where MySQL answers two rows.
func setOpsReturnRows(_ *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, qFlags *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	if qFlags == nil || !qFlags.IsSet(sql.QFlagMax1Row) {
		return n, transform.SameTree, nil
	}
	if hasSetOpBelow(n) {
		qFlags.Unset(sql.QFlagMax1Row)
	}
	return n, transform.SameTree, nil
}

// hasSetOpBelow: n is or holds a set operation, derived tables and CTEs
// included (which transform's walks, stopping at opaque nodes, skip).
func hasSetOpBelow(n sql.Node) bool {
	switch n.(type) {
	case *plan.SetOp, *plan.RecursiveCte:
		return true
	}
	for _, c := range n.Children() {
		if hasSetOpBelow(c) {
			return true
		}
	}
	return false
}
