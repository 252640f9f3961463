package engine

import "testing"

// TestTypedHavingMatchesGMS: HAVINGs over a vectorised GROUP BY decided
// on the accumulators keep exactly the groups GMS's Having keeps
// (cohortdb_vectorize = 0), with the aggregate on either side, NULL
// MIN/MAX, DATE and DATETIME columns; other conditions go to GMS.
func TestTypedHavingMatchesGMS(t *testing.T) {
	d := vecFixture(t)
	cases := []struct {
		q     string
		typed bool
	}{
		{"SELECT COUNT(*) FROM (SELECT cid FROM o WHERE status = 'valid' GROUP BY cid HAVING MAX(at) >= '2024-10-01' AND COUNT(DISTINCT oid) >= 3) AS x", true},
		{"SELECT cid, COUNT(*), MAX(at) FROM o GROUP BY cid HAVING COUNT(*) > 20", true},
		{"SELECT cid, COUNT(amount) FROM o GROUP BY cid HAVING 18 <= COUNT(amount)", true},
		{"SELECT cid FROM o WHERE amount IS NULL GROUP BY cid HAVING MIN(at) < '2024-05-01 12:30:00'", true},
		{"SELECT cid, MAX(day) FROM o GROUP BY cid HAVING MAX(day) = '2023-12-28'", true},
		{"SELECT cid, MIN(day) FROM o GROUP BY cid HAVING MIN(day) > '2023-01-05 00:00:01'", true},
		{"SELECT qty, MAX(cid) FROM o GROUP BY qty HAVING MAX(cid) >= 290 AND COUNT(*) >= 1", true},
		{"SELECT cid, COUNT(DISTINCT oid) AS n FROM o GROUP BY cid HAVING n = 17", false}, // GMS filters above a Project,
		{"SELECT cid, COUNT(*) FROM o GROUP BY cid HAVING COUNT(*) > 20 OR MAX(at) < '2024-02-01'", false},
		{"SELECT cid, SUM(amount) FROM o GROUP BY cid HAVING SUM(amount) > 2000", false},
		{"SELECT cid, COUNT(*) FROM o GROUP BY cid HAVING COUNT(*) > 17.5", false},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			before := typedHavings.Load()
			got := wireRows(t, d, c.q)
			if typed := typedHavings.Load() > before; typed != c.typed {
				t.Errorf("decided on accumulators %v, want %v", typed, c.typed)
			}
			d.exec("SET " + VectorizeVariable + " = 0")
			want := wireRows(t, d, c.q)
			d.exec("SET " + VectorizeVariable + " = 1")
			if got != want {
				t.Fatalf("typed:\n%s\nGMS:\n%s", got, want)
			}
			if want == "" {
				t.Fatal("no rows: the fixture does not exercise it")
			}
		})
	}
}
