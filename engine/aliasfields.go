package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// aliasFieldsRuleID runs after validation: it gives the columns a node
// reads from its children the integer type the children have once
// analysed (bottom-up, so the widening reaches the top). GMS types `SELECT v FROM (SELECT 10 v UNION ALL SELECT 200)
// t` by the first branch's literal (TINYINT) when it binds t.v, widens
// the UNION's sides to BIGINT afterwards, and the stale TINYINT then
// clamps 200 to 127 on the way to the client — a bucket table of
// literals answered wrong values silently.
const aliasFieldsRuleID analyzer.RuleId = 10_004

func widenAliasFields(_ *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	return transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		var sch sql.Schema
		for _, c := range n.Children() {
			sch = append(sch, c.Schema()...)
		}
		if len(sch) == 0 {
			return n, transform.SameTree, nil
		}
		return transform.OneNodeExprsWithNode(n, func(_ sql.Node, e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
			gf, ok := e.(*expression.GetField)
			if !ok || !types.IsInteger(gf.Type()) {
				return e, transform.SameTree, nil
			}
			for _, c := range sch {
				if c.Source != gf.Table() || c.Name != gf.Name() || !types.IsInteger(c.Type) || c.Type.Equals(gf.Type()) {
					continue
				}
				if !wider(c.Type, gf.Type()) {
					break
				}
				ng := expression.NewGetFieldWithTable(gf.Index(), int(gf.TableId()), c.Type, gf.Database(), gf.Table(), gf.Name(), gf.IsNullable())
				return ng.WithId(gf.Id()).(*expression.GetField), transform.NewTree, nil
			}
			return e, transform.SameTree, nil
		})
	})
}

// wider reports whether integer type a holds every value of b.
func wider(a, b sql.Type) bool {
	rank := func(t sql.Type) int {
		switch {
		case types.IsUnsigned(t):
			return -1 // unsigned widths are left alone
		case t.Equals(types.Int8):
			return 1
		case t.Equals(types.Int16):
			return 2
		case t.Equals(types.Int24):
			return 3
		case t.Equals(types.Int32):
			return 4
		case t.Equals(types.Int64):
			return 5
		}
		return -1
	}
	ra, rb := rank(a), rank(b)
	return ra > 0 && rb > 0 && ra > rb
}
