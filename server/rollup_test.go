package server

import (
	"testing"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// TestRollupQuery: a GROUP BY … WITH ROLLUP becomes the UNION ALL of its
// grouping levels, rolled-up items NULL, in MySQL's order.
func TestRollupQuery(t *testing.T) {
	cases := []struct{ in, want string }{
		{"SELECT country, COUNT(*) FROM customers GROUP BY country",
			"SELECT `country`, `COUNT(*)` FROM (" +
				"(SELECT country AS `country`, COUNT(*) AS `COUNT(*)`, 0 AS _rollup_r0, country AS _rollup_k0 FROM customers GROUP BY country)" +
				" UNION ALL (SELECT NULL AS `country`, COUNT(*) AS `COUNT(*)`, 1 AS _rollup_r0, NULL AS _rollup_k0 FROM customers HAVING COUNT(*) > 0)" +
				") AS _rollup ORDER BY _rollup_r0, _rollup_k0"},
		{"SELECT y, n FROM (SELECT 1 AS y, 2 AS n) t GROUP BY 1 ORDER BY n DESC LIMIT 2",
			"SELECT `y`, `n` FROM (" +
				"(SELECT y AS `y`, n AS `n`, 0 AS _rollup_r0, y AS _rollup_k0 FROM (select 1 y, 2 n) as t GROUP BY y)" +
				" UNION ALL (SELECT NULL AS `y`, n AS `n`, 1 AS _rollup_r0, NULL AS _rollup_k0 FROM (select 1 y, 2 n) as t HAVING COUNT(*) > 0)" +
				") AS _rollup ORDER BY `n` desc limit 2"},
	}
	for _, c := range cases {
		stmt, err := sqlparser.Parse(c.in)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := rollupQuery(stmt.(*sqlparser.Select), nil)
		if !ok || got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
	stmt, _ := sqlparser.Parse("SELECT * FROM customers GROUP BY country")
	if _, ok := rollupQuery(stmt.(*sqlparser.Select), nil); ok {
		t.Error("SELECT * is rewritten; it should be left to GMS")
	}
}
