package sqlrewrite

import (
	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// In MySQL only an integer literal in GROUP BY is a select-list
// position; any other literal (GROUP BY 'x-y', GROUP BY 1.5) is a
// constant, which puts every row in one group (and no row in none, unlike
// no GROUP BY at all). go-mysql-server v0.20.0 takes every literal there
// for a position and refuses the others: 1105 "expected integer order by
// literal". Such a literal is put in parentheses, which GMS plans as the
// constant expression it is.

// rewriteGroupByLiterals parenthesises the non-integer literals of every
// GROUP BY in stmt.
func rewriteGroupByLiterals(stmt ast.Statement) {
	_ = ast.Walk(func(n ast.SQLNode) (bool, error) {
		s, ok := n.(*ast.Select)
		if !ok {
			return true, nil
		}
		for i, e := range s.GroupBy {
			if v, ok := e.(*ast.SQLVal); ok && v.Type != ast.IntVal && v.Type != ast.ValArg {
				s.GroupBy[i] = &ast.ParenExpr{Expr: v}
			}
		}
		return true, nil
	}, stmt)
}
