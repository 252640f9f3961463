package main

import (
	"strings"
	"testing"
)

// TestExplainEveryShape: EXPLAIN answers for plans that crashed or were
// refused — a join the executor builds from an index lookup (a nil
// table in its plan text dropped the connection), CUME_DIST (rewritten
// for the query, not for its EXPLAIN: "function 'cume_dist' not found")
// and WITH ROLLUP (a syntax error under EXPLAIN) — and the plan shows
// the executor.
func TestExplainEveryShape(t *testing.T) {
	t.Parallel()
	s := startShop(t, 300)
	db := s.root(t, "shop")
	for _, q := range []string{
		"SELECT COUNT(*) FROM customers c JOIN (SELECT customer_id FROM orders GROUP BY customer_id) r ON r.customer_id = c.customer_id",
		"SELECT customer_id, CUME_DIST() OVER (ORDER BY amount) FROM orders",
		"SELECT channel, COUNT(*) FROM orders GROUP BY channel WITH ROLLUP",
	} {
		for _, explain := range []string{"EXPLAIN PLAN ", "EXPLAIN ", "EXPLAIN FORMAT=TREE "} {
			lines := rowsText(t, db, explain+q)
			if len(lines) == 0 {
				t.Fatalf("%s%s: no rows", explain, q)
			}
			if explain == "EXPLAIN PLAN " && !strings.Contains(strings.Join(lines, "\n"), "Vectorized") {
				t.Errorf("%s%s: the plan does not show the executor:\n%s", explain, q, strings.Join(lines, "\n"))
			}
		}
		rowsText(t, db, q) // the connection is still there
	}
}
