package sqlrewrite

import (
	"fmt"
	"reflect"
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
		e, ok := sp.outerExpr(ae.Expr)
		if !ok {
			return nil, false
		}
		outer = append(outer, e+" AS "+quote(name))
	}

	var b strings.Builder
	b.WriteString("SELECT ")
	if s.QueryOpts.Distinct {
		b.WriteString("DISTINCT ")
	}
	b.WriteString(strings.Join(outer, ", "))
	b.WriteString(" FROM (")

	order, window, ok := sp.outerClauses(s)
	if !ok {
		return nil, false
	}
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
func (sp *splitter) outerClauses(s *sqlparser.Select) (order, window string, ok bool) {
	var defs []string
	for _, d := range s.Window {
		var parts []string
		for _, p := range d.PartitionBy {
			e, ok := sp.outerExpr(p)
			if !ok {
				return "", "", false
			}
			parts = append(parts, e)
		}
		def := quote(d.Name.String()) + " AS ("
		if !d.NameRef.IsEmpty() {
			def += quote(d.NameRef.String()) + " "
		}
		if len(parts) > 0 {
			def += "PARTITION BY " + strings.Join(parts, ", ") + " "
		}
		o, ok := sp.orderBy(d.OrderBy)
		if !ok {
			return "", "", false
		}
		def += o
		if d.Frame != nil {
			def += " " + sqlparser.String(d.Frame)
		}
		defs = append(defs, def+")")
	}
	if len(defs) > 0 {
		window = " WINDOW " + strings.Join(defs, ", ")
	}
	o, ok := sp.orderBy(s.OrderBy)
	if o != "" {
		o = " " + o
	}
	return o, window, ok
}

func (sp *splitter) orderBy(ob sqlparser.OrderBy) (string, bool) {
	var parts []string
	for _, o := range ob {
		var e string
		if x, ok := o.Expr.(*sqlparser.SQLVal); ok { // a position in the select list
			e = sqlparser.String(x)
		} else if x, ok := o.Expr.(*sqlparser.ColName); ok && x.Qualifier.IsEmpty() && sp.aliases[strings.ToLower(x.Name.String())] {
			e = quote(x.Name.String())
		} else if e, ok = sp.outerExpr(o.Expr); !ok {
			return "", false
		}
		if o.Direction == sqlparser.DescScr {
			e += " DESC"
		}
		parts = append(parts, e)
	}
	if len(parts) == 0 {
		return "", true
	}
	return "ORDER BY " + strings.Join(parts, ", "), true
}

// outerExpr is e as the outer SELECT computes it: every GROUP BY
// expression, aggregate outside a window and column it reads comes from
// the inner SELECT.
func (sp *splitter) outerExpr(e sqlparser.Expr) (string, bool) {
	c, err := cloneExpr(e)
	if err != nil {
		return "", false
	}
	holder := &struct{ E sqlparser.Expr }{c}
	replace(reflect.ValueOf(holder).Elem(), func(x sqlparser.Expr) (sqlparser.Expr, bool) {
		if f, ok := x.(*sqlparser.FuncExpr); ok && f.Over != nil {
			return nil, false // a window: descend into its arguments
		}
		if sp.groups[text(x)] || isAggregate(x) {
			return sp.column(x), true
		}
		if _, ok := x.(*sqlparser.ColName); ok {
			return sp.column(x), true
		}
		return nil, false
	})
	return sqlparser.String(holder.E), true
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

var exprType = reflect.TypeOf((*sqlparser.Expr)(nil)).Elem()

// replace walks the AST under v (an addressable value) and sets every
// expression f replaces; it does not enter subqueries or what f
// replaced. vitess has no rewriter, so this goes by reflection.
func replace(v reflect.Value, f func(sqlparser.Expr) (sqlparser.Expr, bool)) {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		if v.Type().Implements(exprType) || v.Type() == exprType {
			if e, ok := v.Interface().(sqlparser.Expr); ok {
				if _, sub := e.(*sqlparser.Subquery); sub {
					return
				}
				if r, ok := f(e); ok {
					if v.CanSet() {
						v.Set(reflect.ValueOf(r))
					}
					return
				}
			}
		}
		replace(v.Elem(), f)
	case reflect.Ptr:
		if !v.IsNil() {
			replace(v.Elem(), f)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if fv := v.Field(i); fv.CanSet() {
				replace(fv, f)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			replace(v.Index(i), f)
		}
	}
}

// cloneExpr copies e by printing and parsing it: the replacement must
// not touch the original, which the inner SELECT still uses.
func cloneExpr(e sqlparser.Expr) (sqlparser.Expr, error) {
	st, err := sqlparser.Parse("SELECT " + sqlparser.String(e))
	if err != nil {
		return nil, err
	}
	return st.(*sqlparser.Select).SelectExprs[0].(*sqlparser.AliasedExpr).Expr, nil
}

func text(e sqlparser.Expr) string { return strings.ToLower(sqlparser.String(e)) }

func quote(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" }
