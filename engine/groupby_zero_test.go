package engine

import "testing"

// TestGroupByNegativeZero: a DOUBLE key of -0 and one of 0 are one group
// (MySQL compares them equal), on GMS's row path as on the vectorised
// one. Hand-worked: t holds ids 1..5; even ids give 0e0, odd ids -0e0,
// so one group of 5 rows; with id > 3 added to the key, two groups.
func TestGroupByNegativeZero(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE t (id BIGINT PRIMARY KEY, f DOUBLE)")
	d.exec("INSERT INTO t VALUES (1, -0e0), (2, 0e0), (3, -0e0), (4, 0e0), (5, -1e0 * 0)")
	d.wantOnBothPaths(t, []queryWant{
		{"SELECT COUNT(*) FROM t GROUP BY IF(id % 2 = 0, 0e0, -0e0)", "(5)\n"},
		{"SELECT COUNT(*) FROM t GROUP BY f", "(5)\n"},
		{"SELECT IF(id > 3, 'y', 'n') AS big, COUNT(*) FROM t GROUP BY f, big ORDER BY 1", "(n, 3)\n(y, 2)\n"},
		{"SELECT SUM(id) FROM t GROUP BY f * 2", "(15)\n"},
	})
}
