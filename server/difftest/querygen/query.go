package querygen

import (
	"fmt"
	"strings"
)

// from builds a FROM clause of 1 to maxTables tables joined along the
// shop's relations, with random join kinds and ON conditions.
func (g *Generator) from(maxTables int) (string, *scope) {
	start := pick(g, shop)
	sc := &scope{refs: []ref{{alias: alias(start.name, 0), t: start}}}
	var b strings.Builder
	b.WriteString(start.name + " " + sc.refs[0].alias)
	n := 1 + g.r.IntN(maxTables)
	for len(sc.refs) < n {
		rel, have, other, ok := g.joinable(sc)
		if !ok {
			break
		}
		r := ref{alias: alias(other.name, len(sc.refs)), t: other}
		haveCol, otherCol := rel.aCol, rel.bCol
		if rel.a != have.t.name {
			haveCol, otherCol = rel.bCol, rel.aCol
		}
		on := fmt.Sprintf("%s.%s = %s.%s", have.alias, haveCol, r.alias, otherCol)
		sc.refs = append(sc.refs, r)
		if g.r.IntN(4) == 0 {
			on += " AND " + g.boolExpr(&scope{refs: []ref{r}}, 1)
		}
		kind := pick(g, []string{"JOIN", "INNER JOIN", "LEFT JOIN", "LEFT JOIN", "RIGHT JOIN", "CROSS JOIN", "LEFT OUTER JOIN", "STRAIGHT_JOIN"})
		fmt.Fprintf(&b, " %s %s %s ON %s", kind, other.name, r.alias, on)
	}
	return b.String(), sc
}

// joinable picks a relation from a table in scope to a table not yet in it.
func (g *Generator) joinable(sc *scope) (relation, ref, table, bool) {
	for _, rel := range shuffled(g, relations) {
		for _, have := range sc.refs {
			var other string
			switch have.t.name {
			case rel.a:
				other = rel.b
			case rel.b:
				other = rel.a
			default:
				continue
			}
			// orders and events meet only through a customer or a
			// product: their join multiplies rows (every event of a
			// customer with every order line), too slow for CI.
			fanout := (other == "orders" && inScope(sc, "events")) || (other == "events" && inScope(sc, "orders"))
			if !inScope(sc, other) && !fanout {
				return rel, have, tableNamed(other), true
			}
		}
	}
	return relation{}, ref{}, table{}, false
}

func inScope(sc *scope, name string) bool {
	for _, r := range sc.refs {
		if r.t.name == name {
			return true
		}
	}
	return false
}

func alias(table string, i int) string { return fmt.Sprintf("%c%d", table[0], i) }

// selectList renders n expressions of random types as c0..c(n-1).
func (g *Generator) selectList(sc *scope, n, depth int) ([]string, []typ) {
	var items []string
	var types []typ
	for i := range n {
		t := pickType(g)
		items = append(items, fmt.Sprintf("%s AS c%d", g.expr(sc, t, depth), i))
		types = append(types, t)
	}
	return items, types
}

// orderAll orders by every output column: ties are then equal rows, so
// LIMIT keeps the same multiset on every server.
func (g *Generator) orderAll(n int) string {
	var keys []string
	for i := 1; i <= n; i++ {
		keys = append(keys, fmt.Sprint(i)+pick(g, []string{"", " DESC", " ASC"}))
	}
	return " ORDER BY " + strings.Join(keys, ", ")
}

func (g *Generator) where(sc *scope) string {
	if g.r.IntN(3) == 0 {
		return ""
	}
	return " WHERE " + g.boolExpr(sc, 2)
}

func (g *Generator) limit() string { return fmt.Sprintf(" LIMIT %d", pick(g, []int{1, 5, 10, 50})) }

// plainSelect: projection, filter, DISTINCT, ORDER BY ... LIMIT.
func (g *Generator) plainSelect() (string, bool) {
	from, sc := g.from(3)
	n := 1 + g.r.IntN(4)
	items, _ := g.selectList(sc, n, 2)
	distinct := ""
	if g.r.IntN(5) == 0 {
		distinct = "DISTINCT "
	}
	q := "SELECT " + distinct + strings.Join(items, ", ") + " FROM " + from + g.where(sc)
	if g.r.IntN(2) == 0 {
		return q + g.orderAll(n) + g.limit(), true
	}
	return q, false
}

// aggregate: GROUP BY keys with aggregates and HAVING, or a global
// aggregate.
func (g *Generator) aggregate() (string, bool) {
	from, sc := g.from(3)
	var keys, items []string
	for i := range g.r.IntN(3) {
		k := g.groupKey(sc)
		keys = append(keys, k)
		items = append(items, fmt.Sprintf("%s AS g%d", k, i))
	}
	for i := range 1 + g.r.IntN(3) {
		items = append(items, fmt.Sprintf("%s AS a%d", g.aggCall(sc), i))
	}
	q := "SELECT " + strings.Join(items, ", ") + " FROM " + from + g.where(sc)
	if len(keys) == 0 {
		return q, false
	}
	q += " GROUP BY " + strings.Join(keys, ", ")
	if g.r.IntN(12) == 0 {
		return q + " WITH ROLLUP", false
	}
	if g.r.IntN(2) == 0 {
		q += " HAVING " + g.having(sc)
	}
	if g.r.IntN(3) == 0 {
		return q + g.orderAll(len(items)) + g.limit(), true
	}
	return q, false
}

// groupKey is a column, or a date or string truncation of one.
func (g *Generator) groupKey(sc *scope) string {
	var k string
	switch g.r.IntN(5) {
	case 0:
		k = g.expr(sc, tDateTime, 1)
	case 1:
		k = g.expr(sc, pick(g, []typ{tInt, tStr, tDate}), 1)
	}
	if k != "" && !positional.MatchString(k) {
		return k
	}
	for range 10 {
		if c := g.column(sc, pick(g, []typ{tStr, tStr, tInt, tBool, tDate})); c != "" {
			return c
		}
	}
	return g.column(sc, tInt)
}

func (g *Generator) aggCall(sc *scope) string {
	switch g.r.IntN(10) {
	case 0:
		return "COUNT(*)"
	case 1:
		return fmt.Sprintf("COUNT(%s)", g.expr(sc, pickType(g), 1))
	case 2:
		return fmt.Sprintf("COUNT(DISTINCT %s)", g.expr(sc, pick(g, []typ{tInt, tStr, tDate}), 1))
	case 3, 4:
		return fmt.Sprintf("%s(%s)", pick(g, []string{"SUM", "AVG"}), g.expr(sc, pick(g, []typ{tInt, tDec, tDec}), 1))
	case 5, 6:
		return fmt.Sprintf("%s(%s)", pick(g, []string{"MIN", "MAX"}), g.expr(sc, pickType(g), 1))
	case 7:
		s := g.expr(sc, tStr, 0)
		return fmt.Sprintf("GROUP_CONCAT(DISTINCT %s ORDER BY %s SEPARATOR '|')", s, s)
	case 8:
		return fmt.Sprintf("SUM(CASE WHEN %s THEN %s ELSE 0 END)", g.boolExpr(sc, 1), g.expr(sc, tDec, 0))
	default:
		return fmt.Sprintf("%s(DISTINCT %s)", pick(g, []string{"SUM", "AVG", "MAX"}), g.expr(sc, pick(g, []typ{tInt, tDec}), 0))
	}
}

func (g *Generator) having(sc *scope) string {
	cmp := pick(g, []string{">", ">=", "<", "=", "<>"})
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("COUNT(*) %s %d", cmp, g.r.IntN(5))
	case 1:
		return fmt.Sprintf("SUM(%s) %s %s", g.expr(sc, tDec, 0), cmp, pick(g, []string{"0", "50", "100.00"}))
	default:
		return fmt.Sprintf("MAX(%s) %s %s", g.expr(sc, tDateTime, 0), cmp, g.literal(sc, tDateTime))
	}
}
