package engine

import (
	"strings"
	"testing"
)

// TestFoldTimeLiterals checks DATEDIFF and string-vs-time comparisons
// against GMS's own evaluation (cohortdb_vectorize = 0 turns the folding
// off), including errors, NULLs and times near midnight.
func TestFoldTimeLiterals(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE t (id INT PRIMARY KEY, at DATETIME(6), day DATE, s VARCHAR(40))")
	d.exec(`INSERT INTO t VALUES (1, '2026-06-30 23:59:59.999999', '2026-06-30', '2026-07-01'),
		(2, '2026-07-01 00:00:00', '1999-12-31', '2026-07-01 13:00:00'), (3, NULL, NULL, NULL),
		(4, '1970-01-01 00:00:00', '1000-01-01', 'not a date'), (5, '2024-02-29 12:00:00', '2024-03-01', '20240229')`)
	queries := []string{
		"SELECT id, DATEDIFF('2026-07-01', at), DATEDIFF(at, '2026-07-01 23:00'), DATEDIFF(day, at), DATEDIFF('2026-07-01', '2025-07-01') FROM t WHERE id <> 4",
		"SELECT id, DATEDIFF(s, '2026-01-01') FROM t WHERE id IN (1, 2, 3, 5)",
		"SELECT id FROM t WHERE at >= '2026-06-30 23:59:59.9999' ORDER BY id",
		"SELECT id FROM t WHERE '2026-07-01' > at ORDER BY id",
		"SELECT id FROM t WHERE day = '2026-06-30' OR day <=> '1999-12-31' ORDER BY id",
		"SELECT id FROM t WHERE day < '2000-01-01 00:00:01' ORDER BY id",
		"SELECT id FROM t WHERE at = 'garbage' ORDER BY id",
		"SELECT DATEDIFF(NULL, at) FROM t",
	}
	for _, q := range queries {
		got, gerr := d.query(q)
		d.exec("SET " + VectorizeVariable + " = 0")
		want, werr := d.query(q)
		d.exec("SET " + VectorizeVariable + " = 1")
		if (gerr == nil) != (werr == nil) || (gerr != nil && gerr.Error() != werr.Error()) {
			t.Fatalf("%s: error %v, GMS %v", q, gerr, werr)
		}
		if typedRows(got) != typedRows(want) {
			t.Fatalf("%s:\nfolded:\n%s\nGMS:\n%s", q, typedRows(got), typedRows(want))
		}
	}
	// The error path: a string that is no date fails like GMS's DATEDIFF.
	if _, err := d.query("SELECT DATEDIFF(s, at) FROM t"); err == nil || !strings.Contains(err.Error(), "not a date") {
		t.Fatalf("DATEDIFF of a non-date: %v", err)
	}
}
