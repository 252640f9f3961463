package sqlrewrite

import (
	"strings"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// go-mysql-server v0.20.0 has no CUME_DIST window function (its planner
// knows a fixed list of window functions and answers "function:
// 'cume_dist' not found"). CUME_DIST is the share of the partition's rows
// that come before the current row or are its peers in the window's
// order, a DOUBLE; that is what two COUNT(*) windows say:
//
//	CUME_DIST() OVER (PARTITION BY p ORDER BY o)
//
// becomes
//
//	COUNT(*) OVER (PARTITION BY p ORDER BY o) * 1e0 / COUNT(*) OVER (PARTITION BY p)
//
// the first counting up to the current row's last peer (the default
// frame with ORDER BY: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT
// ROW), the second the whole partition. Without ORDER BY every row is a
// peer and the value is 1, as MySQL's. The select-list item keeps its
// name (the AliasedExpr's input text). A window named in a WINDOW clause
// (OVER w) is left as it is.

// rewriteCumeDist rewrites, in place, every CUME_DIST() OVER (…) of the
// select lists and ORDER BY clauses of stmt.
func rewriteCumeDist(stmt sqlparser.Statement) {
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		s, ok := n.(*sqlparser.Select)
		if !ok {
			return true, nil
		}
		for _, se := range s.SelectExprs {
			if ae, ok := se.(*sqlparser.AliasedExpr); ok {
				ae.Expr = replaceCumeDist(ae.Expr)
			}
		}
		for _, o := range s.OrderBy {
			o.Expr = replaceCumeDist(o.Expr)
		}
		return true, nil
	}, stmt)
}

// replaceCumeDist returns root with each CUME_DIST window in it (outside
// subqueries, which the walk reaches as selects of their own) replaced.
func replaceCumeDist(root sqlparser.Expr) sqlparser.Expr {
	var found []*sqlparser.FuncExpr
	inspect(root, func(e sqlparser.Expr) bool {
		if f, ok := e.(*sqlparser.FuncExpr); ok && isCumeDist(f) {
			found = append(found, f)
		}
		return true
	})
	for _, f := range found {
		root = sqlparser.ReplaceExpr(root, f, cumeDistRatio(f.Over))
	}
	return root
}

func isCumeDist(f *sqlparser.FuncExpr) bool {
	return strings.EqualFold(f.Name.String(), "cume_dist") && f.Qualifier.IsEmpty() &&
		len(f.Exprs) == 0 && f.Over != nil && f.Over.NameRef.IsEmpty()
}

// cumeDistRatio is COUNT(*) OVER (w) * 1e0 / COUNT(*) OVER (w's
// partition), w's frame dropped (MySQL ignores a frame for CUME_DIST).
func cumeDistRatio(w *sqlparser.Over) sqlparser.Expr {
	count := func(over *sqlparser.Over) sqlparser.Expr {
		return &sqlparser.FuncExpr{Name: sqlparser.NewColIdent("count"),
			Exprs: sqlparser.SelectExprs{&sqlparser.StarExpr{}}, Over: over}
	}
	upTo := count(&sqlparser.Over{PartitionBy: w.PartitionBy, OrderBy: w.OrderBy})
	all := count(&sqlparser.Over{PartitionBy: w.PartitionBy})
	return &sqlparser.ParenExpr{Expr: &sqlparser.BinaryExpr{Operator: sqlparser.DivStr,
		Left:  &sqlparser.BinaryExpr{Operator: sqlparser.MultStr, Left: upTo, Right: sqlparser.NewFloatVal([]byte("1e0"))},
		Right: all}}
}
