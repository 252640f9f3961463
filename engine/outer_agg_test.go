package engine

import "testing"

// TestOuterAggregateInSubquery: an aggregate in a subquery of a grouped
// query that reads only the grouped query's columns is computed per
// outer group, as MySQL does (GMS: 1105 "unable to find field with
// index N"). Hand-worked: o holds (c=1: q 5, 7), (c=2: q 1); p holds
// pids 1..6. Group c=1: MAX(q) 7, 6 pids below 7 and 2 rows; c=2:
// MAX(q) 1, 0 pids below it and 1 row.
func TestOuterAggregateInSubquery(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE o (id BIGINT PRIMARY KEY, c BIGINT, q INT)")
	d.exec("CREATE TABLE p (pid BIGINT PRIMARY KEY)")
	d.exec("INSERT INTO o VALUES (1, 1, 5), (2, 1, 7), (3, 2, 1)")
	d.exec("INSERT INTO p VALUES (1), (2), (3), (4), (5), (6)")
	d.wantOnBothPaths(t, []queryWant{
		{"SELECT o.c, (SELECT COUNT(*) FROM p WHERE p.pid < MAX(o.q)) AS n FROM o GROUP BY o.c ORDER BY o.c", "(1, 6)\n(2, 0)\n"},
		{"SELECT (SELECT MAX(o.q) FROM p LIMIT 1) AS m, COUNT(*) FROM o GROUP BY o.c ORDER BY 2 DESC, 1", "(7, 2)\n(1, 1)\n"},
		{"SELECT (SELECT SUM(o.q) + COUNT(*) FROM p) AS m FROM o GROUP BY o.c HAVING m > 7", "(18)\n"},
		{"SELECT o.c, (SELECT COUNT(*) FROM p WHERE p.pid < MAX(o.q)) + 1 AS n FROM o GROUP BY o.c ORDER BY n", "(2, 1)\n(1, 7)\n"},
		{"SELECT o.c, (SELECT COUNT(*) FROM p WHERE p.pid < MAX(o.q)) + COUNT(*) AS n FROM o GROUP BY o.c HAVING n > 1", "(1, 8)\n"},
		// A grouping column read only by a subquery, ordered by it.
		{"SELECT (SELECT MAX(p.pid) FROM p WHERE p.pid <= o.c + 3) AS m, COUNT(*) FROM o GROUP BY o.c ORDER BY m DESC", "(5, 1)\n(4, 2)\n"},
		{"SELECT (SELECT MAX(p.pid) FROM p WHERE p.pid <= o.c + 3) AS m FROM o GROUP BY o.c HAVING COUNT(*) > 1", "(4)\n"},
	})
}
