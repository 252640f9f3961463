package sqlrewrite

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// go-mysql-server v0.20.0 refuses a window function in a SELECT that
// aggregates (1140: RANK() OVER (ORDER BY COUNT(*) DESC), SUM(SUM(x))
// OVER () for a share of the total). MySQL evaluates windows after
// grouping, so such a SELECT means the same as the windows computed over
// a derived table that does the grouping:
//
//	SELECT k, COUNT(*) AS n, RANK() OVER (ORDER BY COUNT(*) DESC) AS r
//	FROM t GROUP BY k ORDER BY r LIMIT 10
//
// becomes
//
//	SELECT `k`, `n`, RANK() OVER (ORDER BY `_wa0` DESC) AS r
//	FROM (SELECT k AS `k`, COUNT(*) AS n, COUNT(*) AS _wa0 FROM t GROUP BY k) AS _wagg
//	ORDER BY r LIMIT 10
//
// The inner SELECT keeps FROM, WHERE, GROUP BY and HAVING, and every
// select-list item without a window under its own name; the outer one
// computes the windows over the grouped rows, with each aggregate, GROUP
// BY expression and column they use read from the inner one, and keeps
// DISTINCT, ORDER BY and LIMIT. Shapes it does not cover (SELECT *, INTO,
// locking) are left as they are.

const derivedName = "_wagg"

// rewriteWindowAggregates rewrites, in place, every SELECT of stmt that
// both groups and computes windows.
func rewriteWindowAggregates(stmt sqlparser.Statement) {
	var sels []*sqlparser.Select
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		if s, ok := n.(*sqlparser.Select); ok && needsRewrite(s) {
			sels = append(sels, s)
		}
		return true, nil
	}, stmt)
	for _, s := range sels {
		if out, ok := splitWindowAggregate(s); ok {
			*s = *out
		}
	}
}

// needsRewrite: s computes a window and groups (GROUP BY, or an aggregate
// outside any window).
func needsRewrite(s *sqlparser.Select) bool {
	if s.Into != nil || s.Lock != "" {
		return false
	}
	windows, aggs := false, len(s.GroupBy) > 0
	inspect(s.SelectExprs, func(e sqlparser.Expr) bool {
		if f, ok := e.(*sqlparser.FuncExpr); ok && f.Over != nil {
			windows = true
			for _, a := range f.Exprs {
				aggs = aggs || hasAggregate(a)
			}
			if f.Over != nil {
				for _, p := range f.Over.PartitionBy {
					aggs = aggs || hasAggregate(p)
				}
				for _, o := range f.Over.OrderBy {
					aggs = aggs || hasAggregate(o.Expr)
				}
			}
			return false
		}
		if isAggregate(e) {
			aggs = true
			return false
		}
		return true
	})
	if !windows {
		return false
	}
	if s.Having != nil {
		aggs = true
	}
	return aggs
}

// splitter builds the inner SELECT's list while the outer expressions
// are rewritten to read from it.
type splitter struct {
	inner   sqlparser.SelectExprs
	byText  map[string]string // expression text → inner column name
	groups  map[string]bool   // GROUP BY expression texts
	aliases map[string]bool   // the outer list's names
	next    int
}

func splitWindowAggregate(s *sqlparser.Select) (*sqlparser.Select, bool) {
	sp := &splitter{byText: map[string]string{}, groups: map[string]bool{}, aliases: map[string]bool{}}
	items := make([]*sqlparser.AliasedExpr, len(s.SelectExprs))
	for i, se := range s.SelectExprs {
		ae, ok := se.(*sqlparser.AliasedExpr)
		if !ok {
			return nil, false // SELECT *, t.*
		}
		items[i] = ae
		if !ae.As.IsEmpty() {
			sp.aliases[strings.ToLower(ae.As.String())] = true
		}
	}
	groupBy, ok := resolveGroupBy(s.GroupBy, items)
	if !ok {
		return nil, false
	}
	for _, g := range groupBy {
		sp.groups[text(g)] = true
	}

	var outer []string
	for i, ae := range items {
		name := outputName(ae)
		if !hasWindow(ae.Expr) {
			col := ae.As.String()
			if col == "" {
				col = fmt.Sprintf("_ws%d", i)
			}
			sp.add(ae.Expr, col)
			outer = append(outer, quote(col)+" AS "+quote(name))
			continue
		}
		outer = append(outer, sp.outerExpr(ae.Expr)+" AS "+quote(name))
	}

	var b strings.Builder
	b.WriteString("SELECT ")
	if s.QueryOpts.Distinct {
		b.WriteString("DISTINCT ")
	}
	b.WriteString(strings.Join(outer, ", "))
	b.WriteString(" FROM (")

	order, window := sp.outerClauses(s)
	inner := &sqlparser.Select{
		Comments: s.Comments, SelectExprs: sp.inner, From: s.From, Where: s.Where,
		GroupBy: groupBy, Having: s.Having,
	}
	b.WriteString(sqlparser.String(inner))
	b.WriteString(") AS " + derivedName)
	b.WriteString(window)
	b.WriteString(order)
	if s.Limit != nil {
		b.WriteString(sqlparser.String(s.Limit))
	}
	parsed, err := sqlparser.Parse(b.String())
	if err != nil {
		return nil, false
	}
	out, ok := parsed.(*sqlparser.Select)
	if !ok {
		return nil, false
	}
	out.With = s.With
	return out, true
}

// outerClauses renders the outer WINDOW and ORDER BY clauses.
func (sp *splitter) outerClauses(s *sqlparser.Select) (order, window string) {
	var defs []string
	for _, d := range s.Window {
		var parts []string
		for _, p := range d.PartitionBy {
			parts = append(parts, sp.outerExpr(p))
		}
		def := quote(d.Name.String()) + " AS ("
		if !d.NameRef.IsEmpty() {
			def += quote(d.NameRef.String()) + " "
		}
		if len(parts) > 0 {
			def += "PARTITION BY " + strings.Join(parts, ", ") + " "
		}
		def += sp.orderBy(d.OrderBy)
		if d.Frame != nil {
			def += " " + sqlparser.String(d.Frame)
		}
		defs = append(defs, def+")")
	}
	if len(defs) > 0 {
		window = " WINDOW " + strings.Join(defs, ", ")
	}
	if order = sp.orderBy(s.OrderBy); order != "" {
		order = " " + order
	}
	return order, window
}

func (sp *splitter) orderBy(ob sqlparser.OrderBy) string {
	var parts []string
	for _, o := range ob {
		var e string
		if x, ok := o.Expr.(*sqlparser.SQLVal); ok { // a position in the select list
			e = sqlparser.String(x)
		} else if x, ok := o.Expr.(*sqlparser.ColName); ok && x.Qualifier.IsEmpty() && sp.aliases[strings.ToLower(x.Name.String())] {
			e = quote(x.Name.String())
		} else {
			e = sp.outerExpr(o.Expr)
		}
		if o.Direction == sqlparser.DescScr {
			e += " DESC"
		}
		parts = append(parts, e)
	}
	if len(parts) == 0 {
		return ""
	}
	return "ORDER BY " + strings.Join(parts, ", ")
}

// outerExpr is e as the outer SELECT computes it: every GROUP BY
// expression, aggregate outside a window and column it reads comes from
// the inner SELECT. It prints e with vitess's own formatting and a
// NodeFormatter that writes those parts as the inner SELECT's columns, so
// e itself, which the inner SELECT still uses, stays as it is, and every
// node goes through vitess's typed Format methods (no reflection: a
// vitess upgrade that changes the tree breaks here at compile time or in
// TestRewriteWindowAggregates).
func (sp *splitter) outerExpr(e sqlparser.Expr) string {
	return sqlparser.NewTrackedBuffer(sp.formatOuter).WriteNode(e).String()
}

// formatOuter is the NodeFormatter of outerExpr: vitess calls it for e and
// for every node under it that a Format method prints.
func (sp *splitter) formatOuter(buf *sqlparser.TrackedBuffer, n sqlparser.SQLNode) {
	switch x := n.(type) {
	case *sqlparser.Subquery:
		buf.WriteString(sqlparser.String(x)) // its columns are its own
		return
	case *sqlparser.FuncExpr:
		if x.Over != nil {
			x.Format(buf) // a window: its arguments and OVER go through here
			return
		}
	}
	if x, ok := n.(sqlparser.Expr); ok && sp.fromInner(x) {
		buf.WriteString(sqlparser.String(sp.column(x)))
		return
	}
	n.Format(buf)
}

// fromInner: the outer SELECT reads x from the inner one.
func (sp *splitter) fromInner(x sqlparser.Expr) bool {
	if _, ok := x.(*sqlparser.ColName); ok {
		return true
	}
	return sp.groups[text(x)] || isAggregate(x)
}

// column adds x to the inner list (once) and refers to it.
func (sp *splitter) column(x sqlparser.Expr) sqlparser.Expr {
	t := text(x)
	name, ok := sp.byText[t]
	if !ok {
		name = fmt.Sprintf("_wa%d", sp.next)
		sp.next++
		sp.add(x, name)
	}
	return &sqlparser.ColName{Name: sqlparser.NewColIdent(name), Qualifier: sqlparser.TableName{Name: sqlparser.NewTableIdent(derivedName)}}
}

func (sp *splitter) add(x sqlparser.Expr, name string) {
	sp.inner = append(sp.inner, &sqlparser.AliasedExpr{Expr: x, As: sqlparser.NewColIdent(name)})
	if _, ok := sp.byText[text(x)]; !ok {
		sp.byText[text(x)] = name
	}
}

// resolveGroupBy replaces GROUP BY positions and select-list aliases by
// the expressions they name, so the inner SELECT groups the same way
// whatever its list.
func resolveGroupBy(gb sqlparser.GroupBy, items []*sqlparser.AliasedExpr) (sqlparser.GroupBy, bool) {
	out := make(sqlparser.GroupBy, len(gb))
	for i, g := range gb {
		out[i] = g
		switch x := g.(type) {
		case *sqlparser.SQLVal:
			if x.Type != sqlparser.IntVal {
				continue
			}
			n, err := strconv.Atoi(string(x.Val))
			if err != nil || n < 1 || n > len(items) || hasWindow(items[n-1].Expr) {
				return nil, false
			}
			out[i] = items[n-1].Expr
		case *sqlparser.ColName:
			if !x.Qualifier.IsEmpty() {
				continue
			}
			for _, it := range items {
				if strings.EqualFold(it.As.String(), x.Name.String()) {
					out[i] = it.Expr
				}
			}
		}
	}
	return out, true
}

// outputName is the column name MySQL gives a select-list item.
func outputName(ae *sqlparser.AliasedExpr) string {
	switch {
	case !ae.As.IsEmpty():
		return ae.As.String()
	case ae.InputExpression != "":
		return ae.InputExpression
	}
	if c, ok := ae.Expr.(*sqlparser.ColName); ok {
		return c.Name.String()
	}
	return sqlparser.String(ae.Expr)
}

var aggregateNames = map[string]bool{
	"avg": true, "bit_and": true, "bit_or": true, "bit_xor": true, "count": true,
	"json_arrayagg": true, "json_objectagg": true, "max": true, "min": true,
	"std": true, "stddev": true, "stddev_pop": true, "stddev_samp": true,
	"sum": true, "var_pop": true, "var_samp": true, "variance": true, "any_value": true,
}

func isAggregate(e sqlparser.Expr) bool {
	switch f := e.(type) {
	case *sqlparser.FuncExpr:
		return f.Over == nil && f.Qualifier.IsEmpty() && aggregateNames[f.Name.Lowered()]
	case *sqlparser.GroupConcatExpr:
		return true
	}
	return false
}

func hasAggregate(n sqlparser.SQLNode) bool {
	found := false
	inspect(n, func(e sqlparser.Expr) bool {
		if isAggregate(e) {
			found = true
		}
		return !found
	})
	return found
}

func hasWindow(n sqlparser.SQLNode) bool {
	found := false
	inspect(n, func(e sqlparser.Expr) bool {
		if f, ok := e.(*sqlparser.FuncExpr); ok && f.Over != nil {
			found = true
		}
		return !found
	})
	return found
}

// inspect calls f on the expressions under n, not entering subqueries
// (their aggregates and windows are their own); f returning false skips
// the children.
func inspect(n sqlparser.SQLNode, f func(sqlparser.Expr) bool) {
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		if _, ok := n.(*sqlparser.Subquery); ok {
			return false, nil
		}
		if e, ok := n.(sqlparser.Expr); ok {
			return f(e), nil
		}
		return true, nil
	}, n)
}

func text(e sqlparser.Expr) string { return strings.ToLower(sqlparser.String(e)) }

func quote(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" }
