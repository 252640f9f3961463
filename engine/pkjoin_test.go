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
