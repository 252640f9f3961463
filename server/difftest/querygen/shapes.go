package querygen

import (
	"fmt"
	"strings"
)

// keyed are the tables with a unique key: windows order over them so
// that no two rows tie.
var keyed = []string{"customers", "orders", "products"}

// window: a window function over one keyed table (maybe joined to
// customers), ordered by an expression and then the table's key.
func (g *Generator) window() (string, bool) {
	t := tableNamed(pick(g, keyed))
	r := ref{alias: alias(t.name, 0), t: t}
	sc := &scope{refs: []ref{r}}
	from := t.name + " " + r.alias
	if t.name == "orders" && g.r.IntN(2) == 0 {
		c := ref{alias: "c1", t: tableNamed("customers")}
		sc.refs = append(sc.refs, c)
		from += " " + pick(g, []string{"JOIN", "LEFT JOIN"}) + " customers c1 ON c1.customer_id = " + r.alias + ".customer_id"
	}
	var order []string
	order = append(order, g.expr(sc, pick(g, []typ{tDateTime, tDec, tStr, tInt}), 1)+pick(g, []string{"", " DESC"}))
	for _, k := range t.key {
		order = append(order, r.alias+"."+k)
	}
	over := "ORDER BY " + strings.Join(order, ", ")
	if g.r.IntN(3) > 0 {
		over = "PARTITION BY " + g.groupKey(sc) + " " + over
	}
	fn := g.windowCall(sc, &over)
	keys := make([]string, len(t.key))
	for i, k := range t.key {
		keys[i] = r.alias + "." + k
	}
	items := append(keys, g.expr(sc, pickType(g), 1)+" AS x", fn+" OVER ("+over+") AS w")
	return "SELECT " + strings.Join(items, ", ") + " FROM " + from + g.where(sc), false
}

// windowCall picks a window function; frame-sensitive aggregates may get
// a ROWS frame appended to over.
func (g *Generator) windowCall(sc *scope, over *string) string {
	switch g.r.IntN(9) {
	case 0:
		return pick(g, []string{"ROW_NUMBER()", "RANK()", "DENSE_RANK()"})
	case 1:
		return fmt.Sprintf("NTILE(%d)", g.r.IntN(4)+2)
	case 2:
		return fmt.Sprintf("%s(%s, %d)", pick(g, []string{"LAG", "LEAD"}), g.expr(sc, pickType(g), 1), g.r.IntN(3)+1)
	case 3:
		return fmt.Sprintf("%s(%s)", pick(g, []string{"LAG", "LEAD"}), g.expr(sc, pickType(g), 1))
	case 4:
		return fmt.Sprintf("FIRST_VALUE(%s)", g.expr(sc, pickType(g), 1))
	case 5:
		return pick(g, []string{"CUME_DIST()", "PERCENT_RANK()"})
	default:
		if g.r.IntN(2) == 0 {
			*over += pick(g, []string{" ROWS BETWEEN 1 PRECEDING AND CURRENT ROW", " ROWS UNBOUNDED PRECEDING",
				" ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING", " ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING"})
		}
		return fmt.Sprintf("%s(%s)", pick(g, []string{"SUM", "AVG", "COUNT", "MIN", "MAX"}), g.expr(sc, pick(g, []typ{tInt, tDec}), 1))
	}
}

// rankedAggregate: a window over a GROUP BY's aggregates.
func (g *Generator) rankedAggregate() (string, bool) {
	key := pick(g, []string{"o0.customer_id", "o0.product_id", "o0.channel", "o0.status", "DATE(o0.ordered_at)"})
	agg := pick(g, []string{"SUM(o0.amount)", "COUNT(*)", "COUNT(DISTINCT o0.order_id)", "AVG(o0.quantity)", "MAX(o0.ordered_at)"})
	fn := pick(g, []string{"RANK()", "DENSE_RANK()", "NTILE(4)", "CUME_DIST()", "SUM(COUNT(*))"})
	return fmt.Sprintf("SELECT %s AS k, %s AS v, %s OVER (ORDER BY %s DESC) AS r FROM orders o0%s GROUP BY %s",
		key, agg, fn, agg, g.where(&scope{refs: []ref{{"o0", tableNamed("orders")}}}), key), false
}

// subquery: IN, NOT IN, EXISTS, NOT EXISTS, scalar and derived tables.
func (g *Generator) subquery() (string, bool) {
	c := ref{alias: "c0", t: tableNamed("customers")}
	sc := &scope{refs: []ref{c}}
	inner := &scope{refs: []ref{{alias: "o9", t: tableNamed("orders")}}}
	items, _ := g.selectList(sc, 1+g.r.IntN(2), 1)
	base := "SELECT c0.customer_id, " + strings.Join(items, ", ") + " FROM customers c0 WHERE "
	switch g.r.IntN(6) {
	case 0:
		return base + fmt.Sprintf("c0.customer_id %sIN (SELECT o9.customer_id FROM orders o9 WHERE %s)",
			pick(g, []string{"", "NOT "}), g.boolExpr(inner, 1)), false
	case 1:
		return base + fmt.Sprintf("%sEXISTS (SELECT 1 FROM orders o9 WHERE o9.customer_id = c0.customer_id AND %s)",
			pick(g, []string{"", "NOT "}), g.boolExpr(inner, 1)), false
	case 2:
		return fmt.Sprintf("SELECT c0.customer_id, (SELECT %s FROM orders o9 WHERE o9.customer_id = c0.customer_id) AS sub FROM customers c0%s",
			g.aggCall(inner), g.where(sc)), false
	case 3:
		return fmt.Sprintf("SELECT d.k, COUNT(*) AS n, SUM(d.v) AS total FROM (SELECT %s AS k, %s AS v FROM orders o9%s) d GROUP BY d.k",
			g.groupKey(inner), g.expr(inner, tDec, 1), g.where(inner)), false
	case 4:
		return fmt.Sprintf("SELECT p0.product_id, p0.price FROM products p0 WHERE p0.price %s (SELECT AVG(o9.unit_price) FROM orders o9 WHERE o9.product_id = p0.product_id)",
			pick(g, []string{">", "<", "="})), false
	default:
		return base + fmt.Sprintf("c0.country %sIN (SELECT c8.country FROM customers c8 GROUP BY c8.country HAVING COUNT(*) %s %d)",
			pick(g, []string{"", "NOT "}), pick(g, []string{">", "<"}), g.r.IntN(20)), false
	}
}

// cte: a WITH over an aggregate, joined back to customers.
func (g *Generator) cte() (string, bool) {
	inner := &scope{refs: []ref{{alias: "o0", t: tableNamed("orders")}}}
	c := &scope{refs: []ref{{alias: "c1", t: tableNamed("customers")}}}
	return fmt.Sprintf("WITH per AS (SELECT o0.customer_id, COUNT(*) AS n, SUM(o0.amount) AS revenue, MIN(o0.ordered_at) AS first_at FROM orders o0%s GROUP BY o0.customer_id) "+
		"SELECT c1.customer_id, %s AS x, per.n, per.revenue, per.first_at FROM customers c1 %s per ON per.customer_id = c1.customer_id%s",
		g.where(inner), g.expr(c, pickType(g), 1), pick(g, []string{"JOIN", "LEFT JOIN"}), g.where(c)), false
}

// union of two selects with the same column types.
func (g *Generator) union() (string, bool) {
	fromA, a := g.from(1)
	fromB, b := g.from(2)
	n := 1 + g.r.IntN(3)
	var ia, ib []string
	for i := range n {
		t := pick(g, []typ{tInt, tStr, tDate, tDec})
		ia = append(ia, fmt.Sprintf("%s AS u%d", g.expr(a, t, 1), i))
		ib = append(ib, g.expr(b, t, 1))
	}
	return fmt.Sprintf("SELECT %s FROM %s%s %s SELECT %s FROM %s%s", strings.Join(ia, ", "), fromA, g.where(a),
		pick(g, []string{"UNION", "UNION ALL", "UNION DISTINCT"}), strings.Join(ib, ", "), fromB, g.where(b)), false
}

// recursive: a WITH RECURSIVE calendar joined to orders.
func (g *Generator) recursive() (string, bool) {
	n := g.r.IntN(20) + 3
	return fmt.Sprintf("WITH RECURSIVE m (k, d) AS (SELECT 0, DATE '2025-01-01' UNION ALL SELECT k + 1, d + INTERVAL 1 MONTH FROM m WHERE k < %d) "+
		"SELECT m.d, COUNT(o.order_id) AS orders, SUM(o.amount) AS revenue FROM m LEFT JOIN orders o ON o.ordered_at >= m.d AND o.ordered_at < m.d + INTERVAL 1 MONTH GROUP BY m.d", n), false
}
