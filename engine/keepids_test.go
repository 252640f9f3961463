package engine

import "testing"

// TestCountDistinctOfRewrittenArgument: COUNT(DISTINCT x) grouped, where
// the syntax rule rewrites x (a typed literal, x + INTERVAL,
// TIMESTAMPDIFF), answers instead of failing with "unable to find field
// with index N" (GMS's COUNT(DISTINCT) lost its column id when rebuilt).
// Hand-worked over three rows of two groups.
func TestCountDistinctOfRewrittenArgument(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE t (id BIGINT PRIMARY KEY, g INT, at DATETIME)")
	d.exec("INSERT INTO t VALUES (1, 1, '2024-01-31 10:00:00'), (2, 1, '2024-02-01 10:00:00'), (3, 2, '2024-01-31 23:00:00')")
	for _, c := range []struct{ q, want string }{
		{"SELECT g, COUNT(DISTINCT DATE '2024-02-29') FROM t GROUP BY g ORDER BY g", "(1, 1)\n(2, 1)\n"},
		{"SELECT g, COUNT(DISTINCT DATE(at + INTERVAL 1 DAY)) FROM t GROUP BY g ORDER BY g", "(1, 2)\n(2, 1)\n"},
		{"SELECT g, COUNT(DISTINCT TIMESTAMPDIFF(MONTH, at, TIMESTAMP '2024-03-01 00:00:00')) FROM t GROUP BY g ORDER BY g", "(1, 2)\n(2, 1)\n"}, // 1 and 0 whole months,
	} {
		rows, err := d.query(c.q)
		if err != nil {
			t.Errorf("%s: %v", c.q, err)
			continue
		}
		if got := normRows(rows); got != c.want {
			t.Errorf("%s: %q, want %q", c.q, got, c.want)
		}
	}
}
