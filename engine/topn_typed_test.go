package engine

import (
	"strings"
	"testing"
)

// TestTypedTopNMatchesGMS: a top-N over a vectorised GROUP BY computed
// on the Project's typed columns returns GMS's rows (cohortdb_vectorize
// = 0) in GMS's order: integer, DOUBLE and NULL keys, both directions,
// product pairs over a self-join and a semi-join; the shapes it does not
// take still come out right through the row path.
func TestTypedTopNMatchesGMS(t *testing.T) {
	d := vecFixture(t)
	cases := []struct {
		q     string
		typed bool
	}{
		{"SELECT qty, COUNT(DISTINCT cid) AS buyers FROM o GROUP BY qty ORDER BY buyers DESC, qty LIMIT 3", true},
		{"SELECT a.qty AS p1, b.qty AS p2, COUNT(DISTINCT a.oid) AS n FROM o a JOIN o b ON a.oid = b.oid WHERE a.qty < b.qty AND a.status = 'valid' AND b.status = 'valid' GROUP BY a.qty, b.qty ORDER BY n DESC, p1, p2 LIMIT 5", true},
		{"SELECT cid AS c, COUNT(*) AS n FROM o GROUP BY cid ORDER BY c DESC LIMIT 10", true},
		{"SELECT cid AS c, COUNT(*) AS n FROM o GROUP BY cid ORDER BY c LIMIT 3", true},
		{"SELECT cid AS c, SUM(amount) AS m FROM o GROUP BY cid ORDER BY m DESC, c LIMIT 10", true},
		{"SELECT cid AS c, SUM(amount) AS m FROM o WHERE amount IS NULL GROUP BY cid ORDER BY m, c LIMIT 12", true}, // NULL sums
		{"SELECT x.qty, COUNT(DISTINCT x.cid) AS b FROM o x JOIN (SELECT cid FROM o WHERE status = 'valid' GROUP BY cid HAVING COUNT(*) >= 12) a ON x.cid = a.cid WHERE x.status <> 'returned' GROUP BY x.qty ORDER BY b DESC, x.qty LIMIT 3", true},
		// The Project under the TopN carries MAX(at) (a DATETIME): rows.
		{"SELECT cid AS c, DATEDIFF('2025-01-01', MAX(at)) AS r FROM o WHERE cid IS NOT NULL GROUP BY cid ORDER BY r, c LIMIT 6", false},
		{"SELECT cid AS c, MAX(at) AS t FROM o GROUP BY cid ORDER BY c LIMIT 5", false},
		// A computed sort key: rows built from the typed columns.
		{"SELECT cid AS c, COUNT(*) AS n FROM o WHERE cid IS NOT NULL GROUP BY cid ORDER BY COUNT(*) * 2 DESC, c LIMIT 4", false},
		{"SELECT qty AS q, COUNT(*) AS n FROM o GROUP BY qty ORDER BY n DESC, q LIMIT 0", true},
		// Ordered by the GROUP BY expression over a join (Metabase's
		// breakouts): GMS's only_full_group_by check must still see the
		// Sort, so the TopN comes after validation.
		{"SELECT YEAR(x.at) AS y, b.status, COUNT(*) AS n FROM o x JOIN o b ON x.oid = b.oid GROUP BY YEAR(x.at), b.status ORDER BY YEAR(x.at), b.status LIMIT 5", false},
	}
	d.exec("SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES'") // as the server's default
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			if plan := normRows(d.exec("EXPLAIN PLAN " + c.q)); !strings.Contains(plan, "TopN") {
				t.Fatalf("no TopN in\n%s", plan)
			}
			before := typedTopNs.Load()
			got := orderedRows(t, d, c.q)
			if typed := typedTopNs.Load() > before; typed != c.typed {
				t.Errorf("typed columns %v, want %v", typed, c.typed)
			}
			d.exec("SET " + VectorizeVariable + " = 0")
			want := orderedRows(t, d, c.q)
			d.exec("SET " + VectorizeVariable + " = 1")
			if got != want {
				t.Fatalf("typed:\n%s\nGMS:\n%s", got, want)
			}
		})
	}
}
