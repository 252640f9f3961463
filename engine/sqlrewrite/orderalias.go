package sqlrewrite

import (
	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// MySQL reads a select-list alias inside an ORDER BY expression: ORDER
// BY FIELD(d, 'Monday', 'Tuesday', …) with d a DAYNAME(…) alias, ORDER BY
// LOWER(c). go-mysql-server v0.20.0 resolves an alias only as a whole
// ORDER BY item and answered 1054 "column could not be found" for one
// inside an expression. Inside an expression a table's column of the
// same name comes first (MariaDB orders `quantity * 2 AS amount … ORDER
// BY amount + 0` by the column), so this rewrite is only tried once GMS
// has failed to find the name as a column (server/results.go): each
// alias an ORDER BY expression reads is replaced by the expression it
// names. A bare alias item and subqueries inside ORDER BY are left as
// they are.

// OrderByAliases rewrites, in place, the ORDER BY items of every SELECT
// in stmt that read a select-list alias inside an expression, and
// reports whether it changed any.
func OrderByAliases(stmt sqlparser.Statement) bool {
	changed := false
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		if s, ok := n.(*sqlparser.Select); ok && len(s.OrderBy) > 0 {
			changed = resolveOrderAliases(s) || changed
		}
		return true, nil
	}, stmt)
	return changed
}

func resolveOrderAliases(s *sqlparser.Select) (changed bool) {
	aliases := map[string]sqlparser.Expr{}
	for _, se := range s.SelectExprs {
		if ae, ok := se.(*sqlparser.AliasedExpr); ok && !ae.As.IsEmpty() {
			aliases[ae.As.Lowered()] = ae.Expr
		}
	}
	if len(aliases) == 0 {
		return false
	}
	for _, o := range s.OrderBy {
		if _, bare := o.Expr.(*sqlparser.ColName); bare || !readsAlias(o.Expr, aliases) {
			continue
		}
		text := sqlparser.NewTrackedBuffer(func(buf *sqlparser.TrackedBuffer, n sqlparser.SQLNode) {
			formatAliased(buf, n, aliases)
		}).WriteNode(o.Expr).String()
		if e, ok := parseExpr(text); ok {
			o.Expr, changed = e, true
		}
	}
	return changed
}

// readsAlias: e names one of aliases as an unqualified column, outside
// subqueries.
func readsAlias(e sqlparser.Expr, aliases map[string]sqlparser.Expr) bool {
	found := false
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		switch x := n.(type) {
		case *sqlparser.Subquery:
			return false, nil
		case *sqlparser.ColName:
			if x.Qualifier.IsEmpty() && aliases[x.Name.Lowered()] != nil {
				found = true
			}
		}
		return !found, nil
	}, e)
	return found
}

// formatAliased prints n with each alias it reads as its expression, in
// parentheses.
func formatAliased(buf *sqlparser.TrackedBuffer, n sqlparser.SQLNode, aliases map[string]sqlparser.Expr) {
	switch x := n.(type) {
	case *sqlparser.Subquery:
		buf.WriteString(sqlparser.String(x))
		return
	case *sqlparser.ColName:
		if e := aliases[x.Name.Lowered()]; e != nil && x.Qualifier.IsEmpty() {
			buf.WriteString("(" + sqlparser.String(e) + ")")
			return
		}
	}
	n.Format(buf)
}

// parseExpr parses text as one expression.
func parseExpr(text string) (sqlparser.Expr, bool) {
	st, err := sqlparser.Parse("SELECT " + text)
	if err != nil {
		return nil, false
	}
	s, ok := st.(*sqlparser.Select)
	if !ok || len(s.SelectExprs) != 1 {
		return nil, false
	}
	ae, ok := s.SelectExprs[0].(*sqlparser.AliasedExpr)
	if !ok {
		return nil, false
	}
	return ae.Expr, true
}
