package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
)

// carryKeys rewrites n, the part of a correlated subquery under its
// aggregate (indexed, as GMS indexes it, behind the outer row's w
// columns), into a plan of its own that carries the subquery's
// correlation keys up to its top, so that the subquery can run once,
// grouped by them.
//
// A correlation is an equality inner = outer in a WHERE (or HAVING),
// where inner reads the subquery's rows only and outer the outer row
// only; it may sit inside a derived table of the subquery. Its inner
// side is carried up through the operators that give, for each key,
// the rows they would give with that key's filter below them: a filter,
// a projection (the key becomes one more output), DISTINCT (the key
// joins the distinct row: within a key's rows, the same rows), ORDER BY
// without a limit, GROUP BY with grouping columns (the key joins them;
// with none, an aggregate answers one row even over no rows, which a
// key cannot carry), and the derived table (the key becomes one more of
// its columns). Anything else that reads the outer row — a LIMIT, a
// window, a UNION, a join, a non-equality, a nested subquery — refuses.
//
// Invariant: out's rows begin with n's columns, in n's order, re-indexed
// as a plan of its own; any extra columns after them are keys. inner are
// the keys over out's rows, outer the matching expressions over the
// outer row. ok is false for the shapes above that cannot carry.
func carryKeys(n sql.Node, w int) (out sql.Node, inner, outer []sql.Expression, ok bool) {
	switch x := n.(type) {
	case *plan.Filter:
		return carryFilter(x.Expression, x.Child, w, func(e sql.Expression, c sql.Node) sql.Node { return plan.NewFilter(e, c) })
	case *plan.Having:
		return carryFilter(x.Cond, x.Child, w, func(e sql.Expression, c sql.Node) sql.Node { return plan.NewHaving(e, c) })
	case *plan.Distinct:
		return carryThrough(x, x.Child, w, func(c sql.Node) sql.Node { return plan.NewDistinct(c) })
	case *plan.OrderedDistinct: // the extra key columns may break its order
		return carryThrough(x, x.Child, w, func(c sql.Node) sql.Node { return plan.NewDistinct(c) })
	case *plan.Sort:
		return carryThrough(x, x.Child, w, func(c sql.Node) sql.Node { return plan.NewSort(x.SortFields, c) })
	case *plan.Project:
		return carryProject(x, w)
	case *plan.GroupBy:
		return carryGroupBy(x, w)
	case *plan.SubqueryAlias:
		if x.OuterScopeVisibility && !x.IsLateral {
			return carryAlias(x, w)
		}
	}
	out, ok = standalone(n, w)
	return out, nil, nil, ok
}

// carryFilter splits cond into correlations, carried as keys, and the
// rest, which must read the subquery's rows only (mk rebuilds the node).
func carryFilter(cond sql.Expression, child sql.Node, w int, mk func(sql.Expression, sql.Node) sql.Node) (sql.Node, []sql.Expression, []sql.Expression, bool) {
	out, inner, outer, ok := carryKeys(child, w)
	if !ok {
		return nil, nil, nil, false
	}
	var rest []sql.Expression
	for _, cj := range expression.SplitConjunction(cond) {
		if eq, isEq := cj.(*expression.Equals); isEq {
			l, r := eq.Left(), eq.Right()
			if onlyBelow(l, w) && onlyFrom(r, w) {
				l, r = r, l
			}
			if onlyFrom(l, w) && onlyBelow(r, w) {
				inner, outer = append(inner, shiftFields(l, -w)), append(outer, r)
				continue
			}
		}
		if !onlyFrom(cj, w) {
			return nil, nil, nil, false
		}
		rest = append(rest, shiftFields(cj, -w))
	}
	if len(rest) > 0 {
		out = mk(expression.JoinAnd(rest...), out)
	}
	return out, inner, outer, true
}

// carryThrough carries the keys through a node that keeps its child's
// columns (its own expressions re-indexed, mk rebuilding it over them).
func carryThrough(n sql.Node, child sql.Node, w int, mk func(sql.Node) sql.Node) (sql.Node, []sql.Expression, []sql.Expression, bool) {
	out, inner, outer, ok := carryKeys(child, w)
	if !ok {
		return nil, nil, nil, false
	}
	m, ok := shiftOwn(mk(out), w)
	return m, inner, outer, ok
}

// carryProject adds the keys to the projection, after its own columns.
func carryProject(p *plan.Project, w int) (sql.Node, []sql.Expression, []sql.Expression, bool) {
	out, inner, outer, ok := carryKeys(p.Child, w)
	if !ok {
		return nil, nil, nil, false
	}
	ps, ok := shifted(p.Projections, w)
	if !ok {
		return nil, nil, nil, false
	}
	ps, inner = appendKeys(ps, inner)
	return plan.NewProject(ps, out), inner, outer, true
}

// carryGroupBy groups by the keys too, and selects them after its own
// columns.
func carryGroupBy(g *plan.GroupBy, w int) (sql.Node, []sql.Expression, []sql.Expression, bool) {
	out, inner, outer, ok := carryKeys(g.Child, w)
	if !ok || (len(inner) > 0 && len(g.GroupByExprs) == 0) {
		return nil, nil, nil, false
	}
	sel, ok := shifted(g.SelectedExprs, w)
	grp, gok := shifted(g.GroupByExprs, w)
	if !ok || !gok {
		return nil, nil, nil, false
	}
	grp = append(grp, inner...)
	sel, inner = appendKeys(sel, inner)
	return plan.NewGroupBy(sel, grp, out), inner, outer, true
}

// carryAlias carries the keys out of a derived table that sees the outer
// scope, as columns after its own; it no longer sees the outer scope.
func carryAlias(a *plan.SubqueryAlias, w int) (sql.Node, []sql.Expression, []sql.Expression, bool) {
	child, inner, outer, ok := carryKeys(a.Child, w)
	if !ok {
		return nil, nil, nil, false
	}
	na := *a
	na.Child, na.OuterScopeVisibility = child, false
	if len(na.ColumnNames) > 0 {
		na.ColumnNames = append([]string(nil), na.ColumnNames...)
		for i := len(na.ColumnNames); i < len(child.Schema()); i++ {
			na.ColumnNames = append(na.ColumnNames, "k")
		}
	}
	return &na, inner, outer, true
}

// appendKeys adds the keys to exprs, a node's outputs, and returns the
// keys as those outputs.
func appendKeys(exprs, keys []sql.Expression) ([]sql.Expression, []sql.Expression) {
	at := len(exprs)
	cols := make([]sql.Expression, len(keys))
	for i, k := range keys {
		exprs = append(exprs, k)
		cols[i] = expression.NewGetField(at+i, k.Type(), "k", true)
	}
	return exprs, cols
}

// shifted re-indexes exprs as standalone's; ok is false when one reads
// the outer row.
func shifted(exprs []sql.Expression, w int) ([]sql.Expression, bool) {
	out := make([]sql.Expression, len(exprs))
	for i, e := range exprs {
		if !onlyFrom(e, w) {
			return nil, false
		}
		out[i] = shiftFields(e, -w)
	}
	return out, true
}

// shiftOwn re-indexes n's own expressions (not its child's).
func shiftOwn(n sql.Node, w int) (sql.Node, bool) {
	x, isExpr := n.(sql.Expressioner)
	if !isExpr || len(x.Expressions()) == 0 {
		return n, true
	}
	es, ok := shifted(x.Expressions(), w)
	if !ok {
		return nil, false
	}
	m, err := x.WithExpressions(es...)
	return m, err == nil
}
