package main

// End-to-end tests of issue 8's SQL surface (functions/affinity) over the
// wire on a generated shop: affinity_rules() (pairs and triples) and
// top_products() compared exactly with plain-SQL self-joins run on the
// same server, and recommendations never offering a bought product. The
// hand-worked fixture and the planted-pattern hit rates are tested in
// process (functions/affinity).

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// basketsSQL is the distinct (basket, item) pairs of valid lines at a
// level: @B is the basket column (order_id or customer_id), @I the item
// expression over products p.
const basketsSQL = `SELECT DISTINCT o.@B AS bk, @I AS item
  FROM orders o JOIN products p ON p.product_id = o.product_id
  WHERE o.status = 'valid' AND @I IS NOT NULL`

// rulesSQL is affinity_rules(level, @M, 0, basis) as a self-join: every
// ordered pair of distinct items sharing at least @M baskets. The items
// differ in HAVING, not in the join condition: GMS v0.20.0 turns an
// equi-join with an extra <> into a nested loop (75 s instead of 25 ms on
// 12k baskets). Ratios are
// taken in DOUBLE (1E0) so MySQL's 4-digit decimal division does not
// round them.
const rulesSQL = `
WITH b AS (` + basketsSQL + `),
n AS (SELECT COUNT(DISTINCT bk) AS n FROM b),
c AS (SELECT item, COUNT(*) AS cnt FROM b GROUP BY item),
pr AS (SELECT x.item AS a, y.item AS c, COUNT(*) AS k
       FROM b x JOIN b y ON x.bk = y.bk GROUP BY x.item, y.item HAVING x.item <> y.item)
SELECT pr.a, pr.c, pr.k, ca.cnt, cc.cnt, n.n, pr.k * 1E0 / n.n, pr.k * 1E0 / ca.cnt,
       pr.k * 1E0 * n.n / (ca.cnt * cc.cnt)
FROM pr JOIN c ca ON ca.item = pr.a JOIN c cc ON cc.item = pr.c CROSS JOIN n
WHERE pr.k >= @M`

// triplesSQL is the three-item rules of affinity_rules(level, @M, 0,
// basis, 3): every set {a, b} (a < b) → c held by at least @M baskets.
const triplesSQL = `
WITH b AS (` + basketsSQL + `),
n AS (SELECT COUNT(DISTINCT bk) AS n FROM b),
c AS (SELECT item, COUNT(*) AS cnt FROM b GROUP BY item),
pr AS (SELECT x.item AS a, y.item AS a2, COUNT(*) AS k
       FROM b x JOIN b y ON x.bk = y.bk GROUP BY x.item, y.item HAVING x.item < y.item),
tr AS (SELECT x.item AS a, y.item AS a2, z.item AS c, COUNT(*) AS k
       FROM b x JOIN b y ON x.bk = y.bk JOIN b z ON z.bk = x.bk
       GROUP BY x.item, y.item, z.item HAVING x.item < y.item AND z.item <> x.item AND z.item <> y.item)
SELECT tr.a, tr.a2, tr.c, tr.k, pr.k, cc.cnt, n.n, tr.k * 1E0 / n.n, tr.k * 1E0 / pr.k,
       tr.k * 1E0 * n.n / (pr.k * cc.cnt)
FROM tr JOIN pr ON pr.a = tr.a AND pr.a2 = tr.a2 JOIN c cc ON cc.item = tr.c CROSS JOIN n
WHERE tr.k >= @M`

// topSQL is top_products(level) in plain SQL: an order's position in its
// customer's valid orders by (earliest valid line time, order_id) says
// whether buying in it made the customer first-time (1) or repeat (2).
const topSQL = `
WITH vo AS (SELECT order_id, customer_id, MIN(ordered_at) AS at
            FROM orders WHERE status = 'valid' GROUP BY order_id, customer_id),
seq AS (SELECT order_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY at, order_id) AS k FROM vo),
l AS (SELECT o.customer_id, o.order_id, o.quantity, o.amount, @I AS item, s.k
      FROM orders o JOIN products p ON p.product_id = o.product_id JOIN seq s ON s.order_id = o.order_id
      WHERE o.status = 'valid' AND @I IS NOT NULL),
tot AS (SELECT COUNT(DISTINCT customer_id) AS n FROM orders WHERE status = 'valid')
SELECT item, COUNT(DISTINCT customer_id), COUNT(DISTINCT customer_id) * 1E0 / MIN(tot.n),
       SUM(quantity), SUM(amount), COUNT(DISTINCT order_id),
       COUNT(DISTINCT CASE WHEN k = 1 THEN customer_id END), COUNT(DISTINCT CASE WHEN k = 2 THEN customer_id END)
FROM l CROSS JOIN tot GROUP BY item
ORDER BY COUNT(DISTINCT customer_id) DESC, CAST(SUM(amount) * 100 AS SIGNED) DESC, item`

// levelItem is the SQL item expression of a level; product ids as text,
// as the functions name them.
var levelItem = map[string]string{
	"product":    "CAST(p.product_id AS CHAR)",
	"category_1": "p.category_1",
	"category_2": "p.category_2",
	"category_3": "p.category_3",
}

func affinitySQL(q, level, basket string, minCount int) string {
	return strings.NewReplacer("@I", levelItem[level], "@B", basket, "@M", fmt.Sprint(minCount)).Replace(q)
}

// sortedRows sorts rows by their text, for comparing sets of rows.
func sortedRows(rows [][]string) [][]string {
	slices.SortFunc(rows, func(a, b []string) int { return strings.Compare(strings.Join(a, "|"), strings.Join(b, "|")) })
	return rows
}

// TestAffinityMatchesSQL compares affinity_rules() and top_products() on
// a generated shop with self-joins in plain SQL.
func TestAffinityMatchesSQL(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, 1500)
	for _, tc := range []struct {
		level, basis string
		min          int
	}{
		{"category_2", "order", 5},
		{"category_3", "order", 3},
		{"product", "order", 2},
		{"category_1", "customer", 1},
		{"category_2", "customer", 20},
	} {
		t.Run(tc.level+"/"+tc.basis, func(t *testing.T) {
			got := cells(t, db, fmt.Sprintf(`SELECT antecedent, consequent, baskets, antecedent_baskets,
				consequent_baskets, total_baskets, support, confidence, lift
				FROM affinity_rules('%s', %d, 0, '%s')`, tc.level, tc.min, tc.basis))
			want := cells(t, db, affinitySQL(rulesSQL, tc.level, tc.basis+"_id", tc.min))
			if len(want) < 10 {
				t.Fatalf("only %d rules in the plain-SQL result: the data is too small", len(want))
			}
			sameTable(t, "affinity_rules", sortedRows(got), sortedRows(want))
			t.Logf("%d rules", len(got))
		})
	}
	t.Run("triples/category_2", func(t *testing.T) {
		got := cells(t, db, `SELECT antecedent, antecedent_2, consequent, baskets, antecedent_baskets,
			consequent_baskets, total_baskets, support, confidence, lift
			FROM affinity_rules('category_2', 3, 0, 'order', 3) WHERE antecedent_2 IS NOT NULL`)
		want := cells(t, db, affinitySQL(triplesSQL, "category_2", "order_id", 3))
		if len(want) < 10 {
			t.Fatalf("only %d triple rules in the plain-SQL result", len(want))
		}
		sameTable(t, "affinity_rules triples", sortedRows(got), sortedRows(want))
		t.Logf("%d triple rules", len(got))
	})
	t.Run("recommendations never bought", func(t *testing.T) {
		for _, q := range []string{
			`SELECT COUNT(*) FROM segment_recommendations(NULL, 8) r
			 JOIN orders o ON o.customer_id = r.customer_id AND o.product_id = r.product_id WHERE o.status = 'valid'`,
			`SELECT COUNT(*) FROM (SELECT customer_id FROM segment_recommendations(NULL, 8)
			 GROUP BY customer_id HAVING COUNT(DISTINCT product_id) <> 8) x`,
			`SELECT COUNT(*) FROM (SELECT DISTINCT customer_id FROM orders WHERE status = 'valid') b
			 LEFT JOIN (SELECT DISTINCT customer_id FROM segment_recommendations(NULL, 8)) r ON r.customer_id = b.customer_id
			 WHERE r.customer_id IS NULL`,
			`SELECT COUNT(*) FROM predictive_affinity('category_3', 5) WHERE score < 0 OR score > 1`,
		} {
			if n := cells(t, db, q)[0][0]; n != "0" {
				t.Errorf("%s: %s", firstLine(q), n)
			}
		}
		// One customer at a time agrees with the set-based form.
		id := cells(t, db, "SELECT customer_id FROM orders WHERE status = 'valid' ORDER BY customer_id DESC LIMIT 1")[0][0]
		sameTable(t, "recommendations("+id+")", cells(t, db, "SELECT * FROM recommendations("+id+", 8)"),
			cells(t, db, "SELECT * FROM segment_recommendations(NULL, 8) WHERE customer_id = "+id))
	})
	for _, level := range []string{"product", "category_2"} {
		t.Run("top_products/"+level, func(t *testing.T) {
			got := cells(t, db, fmt.Sprintf(`SELECT item, buyers, buyer_share, units, revenue, orders,
				to_first_time, to_repeat FROM top_products('%s')`, level))
			sameTable(t, "top_products", got, cells(t, db, affinitySQL(topSQL, level, "", 0)))
			rank := cells(t, db, fmt.Sprintf("SELECT `rank` FROM top_products('%s')", level))
			for i, r := range rank {
				if r[0] != fmt.Sprint(i+1) {
					t.Fatalf("row %d has rank %s", i, r[0])
				}
			}
		})
	}
}
