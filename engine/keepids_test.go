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

// TestCountDistinctOverOuterJoin: COUNT(DISTINCT CASE …) over a LEFT
// JOIN, whose right-side columns the nullable-columns rule retypes (it
// rebuilt the aggregate and lost its column id), with a date compared
// with a string the fold rule turns into a time literal (which renamed
// the aggregate, so GMS's match by name failed too): 1105 "unable to
// find field with index N". Hand-worked: the join gives (s 5, k 1,
// 2001-01-01), (s 7, k 1, 2001-01-01), (s NULL, k 2, 1999-01-01): the
// second CASE gives 2, 2, 12.
func TestCountDistinctOverOuterJoin(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE o (id BIGINT PRIMARY KEY, c BIGINT, s INT)")
	d.exec("CREATE TABLE k (cid BIGINT PRIMARY KEY, b DATE)")
	d.exec("INSERT INTO o VALUES (1, 1, 5), (2, 1, 7), (3, 2, NULL)")
	d.exec("INSERT INTO k VALUES (1, '2001-01-01'), (2, '1999-01-01')")
	const join = " FROM o LEFT JOIN k ON o.c = k.cid"
	for _, vec := range []string{"0", "1"} {
		d.exec("SET cohortdb_vectorize = " + vec)
		for _, c := range []struct{ q, want string }{
			{"SELECT COUNT(DISTINCT CASE WHEN k.b > '2000-01-01' THEN k.cid END)" + join, "(1)\n"},
			{"SELECT COUNT(DISTINCT CASE WHEN o.s IS NOT NULL THEN 2 WHEN k.b < '2000-01-01' THEN k.cid + 10 END)" + join, "(2)\n"},
			{"SELECT COUNT(DISTINCT CASE WHEN o.s IS NOT NULL THEN 2 WHEN k.b < '2000-01-01' THEN k.cid END)" + join + " WHERE o.id < 0", "(0)\n"},
		} {
			rows, err := d.query(c.q)
			if err != nil {
				t.Errorf("vectorize %s: %s: %v", vec, c.q, err)
				continue
			}
			if got := normRows(rows); got != c.want {
				t.Errorf("vectorize %s: %s: %s, want %s", vec, c.q, got, c.want)
			}
		}
	}
}
