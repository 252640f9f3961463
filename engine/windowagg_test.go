package engine

import "testing"

// TestWindowsOverAggregates: a SELECT that groups and computes windows
// (GMS alone answers 1140) returns what the same windows over a
// hand-written grouped derived table return — MySQL's meaning of it.
func TestWindowsOverAggregates(t *testing.T) {
	d := vecFixture(t)
	d.exec("SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES'")
	cases := []struct{ q, want string }{
		{
			"SELECT qty, COUNT(DISTINCT cid) AS buyers, RANK() OVER (ORDER BY COUNT(DISTINCT cid) DESC, qty) AS r FROM o WHERE status = 'valid' GROUP BY qty ORDER BY r",
			"SELECT qty, buyers, RANK() OVER (ORDER BY buyers DESC, qty) AS r FROM (SELECT qty, COUNT(DISTINCT cid) AS buyers FROM o WHERE status = 'valid' GROUP BY qty) g ORDER BY r",
		},
		{ // share of the total, ordered by position
			"SELECT channel, SUM(amount) AS m, ROUND(SUM(amount) / SUM(SUM(amount)) OVER (), 6) AS share FROM o GROUP BY 1 ORDER BY 3 DESC, 1",
			"SELECT channel, m, ROUND(m / SUM(m) OVER (), 6) AS share FROM (SELECT channel, SUM(amount) AS m FROM o GROUP BY channel) g ORDER BY 3 DESC, 1",
		},
		{ // LAG over a date bucket, HAVING, a named window
			"SELECT MONTH(at) AS mo, COUNT(*) AS n, LAG(COUNT(*)) OVER w AS prev, COUNT(*) - LAG(COUNT(*), 1, 0) OVER w AS delta FROM o GROUP BY MONTH(at) HAVING COUNT(*) > 10 WINDOW w AS (ORDER BY MONTH(at)) ORDER BY mo",
			"SELECT mo, n, LAG(n) OVER (ORDER BY mo) AS prev, n - LAG(n, 1, 0) OVER (ORDER BY mo) AS delta FROM (SELECT MONTH(at) AS mo, COUNT(*) AS n FROM o GROUP BY MONTH(at) HAVING COUNT(*) > 10) g ORDER BY mo",
		},
		{ // partitioned running total over two keys, a LIMIT
			"SELECT status, qty, SUM(qty) AS s, SUM(SUM(qty)) OVER (PARTITION BY status ORDER BY qty ROWS UNBOUNDED PRECEDING) AS run FROM o GROUP BY status, qty ORDER BY status, qty LIMIT 7",
			"SELECT status, qty, s, SUM(s) OVER (PARTITION BY status ORDER BY qty ROWS UNBOUNDED PRECEDING) AS run FROM (SELECT status, qty, SUM(qty) AS s FROM o GROUP BY status, qty) g ORDER BY status, qty LIMIT 7",
		},
		{ // inside a derived table, filtered outside (top 3 with ties)
			"SELECT * FROM (SELECT cid, COUNT(*) AS n, DENSE_RANK() OVER (ORDER BY COUNT(*) DESC) AS dr FROM o WHERE cid IS NOT NULL GROUP BY cid) t WHERE dr <= 3 ORDER BY dr, cid",
			"SELECT * FROM (SELECT cid, n, DENSE_RANK() OVER (ORDER BY n DESC) AS dr FROM (SELECT cid, COUNT(*) AS n FROM o WHERE cid IS NOT NULL GROUP BY cid) g) t WHERE dr <= 3 ORDER BY dr, cid",
		},
		{ // a window over an aggregate without GROUP BY
			"SELECT COUNT(*) AS n, ROW_NUMBER() OVER () AS rn FROM o",
			"SELECT n, ROW_NUMBER() OVER () AS rn FROM (SELECT COUNT(*) AS n FROM o) g",
		},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			want := orderedRows(t, d, c.want)
			if got := orderedRows(t, d, c.q); got != want {
				t.Fatalf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}
