package engine

import "testing"

// TestDistinctOrderByPosition: SELECT DISTINCT ordered by a position
// naming an alias or an expression sorts the distinct values (GMS
// failed: "unable to sort: unable to find field with index N"), and a
// GROUP BY literal that is not an integer is one constant group (GMS:
// "expected integer order by literal"). Hand-worked: t holds (1, 'b'),
// (2, 'a'), (3, 'b'), (4, NULL).
func TestDistinctOrderByPosition(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE t (id BIGINT PRIMARY KEY, s VARCHAR(5))")
	d.exec("INSERT INTO t VALUES (1, 'b'), (2, 'a'), (3, 'b'), (4, NULL)")
	d.wantOnBothPaths(t, []queryWant{
		{"SELECT DISTINCT s AS x FROM t ORDER BY 1 DESC", "(b)\n(a)\n(NULL)\n"},
		{"SELECT DISTINCT UPPER(s) FROM t ORDER BY 1", "(NULL)\n(A)\n(B)\n"},
		{"SELECT DISTINCT id % 2 AS p, s FROM t ORDER BY 1, 2 DESC LIMIT 3", "(0, a)\n(0, NULL)\n(1, b)\n"},
		{"SELECT 'x' AS g, COUNT(*) FROM t GROUP BY 'x'", "(x, 4)\n"},
		{"SELECT s, COUNT(*) FROM t GROUP BY 'x', s ORDER BY s", "(NULL, 1)\n(a, 1)\n(b, 2)\n"},
		{"SELECT COUNT(*) FROM t WHERE FALSE GROUP BY 'x'", ""},
		{"SELECT MAX(id) FROM t GROUP BY 1.5", "(4)\n"},
	})
}
