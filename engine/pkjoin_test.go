package engine

import "testing"

// TestSelfJoinOnKeyPrefix: a self-join on the first column of a two-column
// key with an inequality on the second plans a lookup join on a key prefix;
// the key index must answer it (it used to fail with "indexable table does
// not support given lookup").
func TestSelfJoinOnKeyPrefix(t *testing.T) {
	runScripts(t, []scriptTest{{
		name: "prefix lookup join",
		setup: []string{
			"CREATE TABLE b (bk INT, item INT, PRIMARY KEY (bk, item))",
			"INSERT INTO b VALUES (1,10),(1,11),(1,12),(2,10),(2,12),(3,11)",
		},
		steps: []step{
			{q: "SELECT x.item, y.item, COUNT(*) FROM b x JOIN b y ON x.bk = y.bk AND x.item <> y.item WHERE x.item < y.item GROUP BY x.item, y.item ORDER BY 1, 2",
				want: rows(r(10, 11, 1), r(10, 12, 2), r(11, 12, 1))},
		},
	}})
}

// TestJoinOnTwoKeyColumns: the same on the first two columns of a
// three-column key (one from the join, one from a constant in WHERE),
// GMS's enginetest query over invert_pk.
func TestJoinOnTwoKeyColumns(t *testing.T) {
	runScripts(t, []scriptTest{{
		name: "two-column prefix lookup join",
		setup: []string{
			"CREATE TABLE invert_pk (x BIGINT, y BIGINT, z BIGINT, PRIMARY KEY (y, z, x))",
			"INSERT INTO invert_pk VALUES (0, 2, 2), (1, 1, 0), (2, 0, 1)",
		},
		steps: []step{
			{q: "SELECT a.* FROM invert_pk AS a, invert_pk AS b WHERE a.y = b.z AND a.z = 2",
				want: rows(r(0, 2, 2))},
			{q: "SELECT a.x, b.x FROM invert_pk AS a JOIN invert_pk AS b ON a.y = b.y AND a.z = b.z ORDER BY 1",
				want: rows(r(0, 0), r(1, 1), r(2, 2))},
		},
	}})
}
