package engine

import "testing"

// A statement keeps at most max_error_count warnings (MySQL's rule: its
// SHOW WARNINGS lists no more), however many rows or comparisons warn —
// a sort on an invalid date literal once piled up 4 GB of them.
func TestWarningsCappedAtMaxErrorCount(t *testing.T) {
	for _, tc := range []struct {
		set  string
		want int
	}{
		{"", 1024}, // MySQL's default max_error_count
		{"SET max_error_count = 10", 10},
		{"SET max_error_count = 0", 0},
	} {
		d := newTestDB(t)
		d.exec("SET " + VectorizeVariable + " = 0")
		d.exec("CREATE TABLE t (id INT PRIMARY KEY)")
		d.insertSeq("t", 1, 3000)
		if tc.set != "" {
			d.exec(tc.set)
		}
		// warns at every comparison of the sort (the statement)
		d.exec("SELECT id FROM t ORDER BY ('2025-06-30' OR '2026-13-01')")
		if got := len(d.sess.Warnings()); got != tc.want {
			t.Errorf("%q: %d warnings kept, want %d", tc.set, got, tc.want)
		}
	}
}
