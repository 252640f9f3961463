package server

import (
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
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

// fixedTyper types a probe's columns by the aggregate each one calls.
func fixedTyper(t *testing.T) rollupTyper {
	return func(q string) ([]sql.Type, bool) {
		stmt, err := sqlparser.Parse(q)
		if err != nil {
			t.Fatalf("probe %s: %v", q, err)
		}
		var ts []sql.Type
		for _, se := range stmt.(*sqlparser.Select).SelectExprs {
			switch text := strings.ToLower(sqlparser.String(se)); {
			case strings.HasPrefix(text, "count("):
				ts = append(ts, types.Int64)
			case strings.HasPrefix(text, "sum(amount"):
				ts = append(ts, types.MustCreateDecimalType(34, 2))
			case strings.HasPrefix(text, "avg(amount"):
				ts = append(ts, types.MustCreateDecimalType(16, 6))
			case strings.HasPrefix(text, "sum(score"), strings.HasPrefix(text, "avg(score"):
				ts = append(ts, types.Float64)
			case strings.HasPrefix(text, "sum(day"):
				ts = append(ts, types.Date) // no SUM type to cast back to
			default:
				ts = append(ts, types.Text)
			}
		}
		return ts, true
	}
}

// TestRollupOnceQuery: a rollup whose aggregates merge groups its input
// once, in a CTE each level re-aggregates, each merged aggregate cast
// back to the type the probe gave it; others keep the per-level rewrite.
func TestRollupOnceQuery(t *testing.T) {
	in := "SELECT YEAR(at) AS y, ch, COUNT(*) AS n, SUM(amount) s, AVG(amount) + 1, MAX(note), AVG(score) FROM o WHERE st = 'ok' GROUP BY 1, ch HAVING SUM(amount) > 5 OR n < 2"
	want := "WITH _rollup_b AS (SELECT YEAR(`at`) AS _rollup_g0, ch AS _rollup_g1, COUNT(*) AS _rollup_a0, SUM(amount) AS _rollup_a1," +
		" COUNT(amount) AS _rollup_a2, MAX(note) AS _rollup_a3, SUM(score) AS _rollup_a4, COUNT(score) AS _rollup_a5" +
		" FROM o where st = 'ok' GROUP BY YEAR(`at`), ch)" +
		" SELECT `y`, `ch`, `n`, `s`, `AVG(amount) + 1`, `MAX(note)`, `AVG(score)` FROM (" +
		// The finest level: the finest groups' states, HAVING a WHERE.
		"(SELECT _rollup_g0 AS `y`, _rollup_g1 AS `ch`, (_rollup_a0) AS `n`, (CAST(_rollup_a1 AS DECIMAL(34,2))) AS `s`," +
		" (CAST(_rollup_a1 / _rollup_a2 AS DECIMAL(16,6))) + 1 AS `AVG(amount) + 1`, (_rollup_a3) AS `MAX(note)`," +
		" (_rollup_a4 / _rollup_a5) AS `AVG(score)`, 0 AS _rollup_r0, _rollup_g0 AS _rollup_k0, 0 AS _rollup_r1, _rollup_g1 AS _rollup_k1" +
		" FROM _rollup_b WHERE (CAST(_rollup_a1 AS DECIMAL(34,2))) > 5 or ((_rollup_a0)) < 2)" +
		" UNION ALL (SELECT _rollup_g0 AS `y`, NULL AS `ch`, (CAST(SUM(_rollup_a0) AS SIGNED)) AS `n`, (CAST(SUM(_rollup_a1) AS DECIMAL(34,2))) AS `s`," +
		" (CAST(SUM(_rollup_a1) / CAST(SUM(_rollup_a2) AS SIGNED) AS DECIMAL(16,6))) + 1 AS `AVG(amount) + 1`, (MAX(_rollup_a3)) AS `MAX(note)`," +
		" (SUM(_rollup_a4) / CAST(SUM(_rollup_a5) AS SIGNED)) AS `AVG(score)`, 0 AS _rollup_r0, _rollup_g0 AS _rollup_k0, 1 AS _rollup_r1, NULL AS _rollup_k1" +
		" FROM _rollup_b GROUP BY _rollup_g0 HAVING (CAST(SUM(_rollup_a1) AS DECIMAL(34,2))) > 5 or n < 2)" +
		" UNION ALL (SELECT NULL AS `y`, NULL AS `ch`, (CAST(SUM(_rollup_a0) AS SIGNED)) AS `n`, (CAST(SUM(_rollup_a1) AS DECIMAL(34,2))) AS `s`," +
		" (CAST(SUM(_rollup_a1) / CAST(SUM(_rollup_a2) AS SIGNED) AS DECIMAL(16,6))) + 1 AS `AVG(amount) + 1`, (MAX(_rollup_a3)) AS `MAX(note)`," +
		" (SUM(_rollup_a4) / CAST(SUM(_rollup_a5) AS SIGNED)) AS `AVG(score)`, 1 AS _rollup_r0, NULL AS _rollup_k0, 1 AS _rollup_r1, NULL AS _rollup_k1" +
		" FROM _rollup_b HAVING ((CAST(SUM(_rollup_a1) AS DECIMAL(34,2))) > 5 or n < 2) AND COUNT(*) > 0)" +
		") AS _rollup ORDER BY _rollup_r0, _rollup_k0, _rollup_r1, _rollup_k1"
	stmt, err := sqlparser.Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := rollupQuery(stmt.(*sqlparser.Select), fixedTyper(t)); !ok || got != want {
		t.Errorf("%s:\n got %s\nwant %s", in, got, want)
	}
	// Shapes that keep the per-level rewrite (no CTE).
	for _, q := range []string{
		"SELECT ch, COUNT(DISTINCT id) FROM o GROUP BY ch",
		"SELECT ch, GROUP_CONCAT(note) FROM o GROUP BY ch",
		"SELECT ch, STDDEV(amount) FROM o GROUP BY ch",
		"SELECT ch, COUNT(*) + LENGTH(ch) FROM o GROUP BY ch",
		"SELECT ch, SUM(amount) FROM o GROUP BY ch HAVING MAX(id) > (SELECT 1)",
		"SELECT ch, SUM(amount) FROM o GROUP BY ch HAVING st = 'x'",
		"SELECT ch, SUM(amount), ROW_NUMBER() OVER () FROM o GROUP BY ch",
		"SELECT DISTINCT ch, COUNT(*) FROM o GROUP BY ch",
		"SELECT ch, SUM(day) FROM o GROUP BY ch",
		"WITH w AS (SELECT * FROM o) SELECT ch, COUNT(*) FROM w GROUP BY ch",
	} {
		stmt, err := sqlparser.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := rollupQuery(stmt.(*sqlparser.Select), fixedTyper(t))
		if !ok || strings.Contains(got, "_rollup_b") {
			t.Errorf("%s: want the per-level rewrite, got %v %s", q, ok, got)
		}
	}
}
