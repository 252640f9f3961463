package engine

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// TestExactSumAvg: SUM and AVG of DECIMAL and integer columns are exact
// DECIMALs of MySQL's precision and scale on every path: GMS's executor
// (cohortdb_vectorize = 0) and cohortdb's, with column keys, expression
// keys, HAVING, ORDER BY, derived tables, UNION (WITH ROLLUP's rewrite)
// and windows (with MySQL's default frames). Expected values are computed by hand from the rows.
func TestExactSumAvg(t *testing.T) {
	setup := []string{
		"CREATE TABLE o (id BIGINT PRIMARY KEY, at DATETIME, ch VARCHAR(8), qty INT, amount DECIMAL(12,2), score DOUBLE)",
		"INSERT INTO o VALUES " +
			"(1, '2025-01-05 10:00:00', 'web', 2, 20.20, 0.5)," +
			"(2, '2025-04-05 10:00:00', 'web', 1, 3333.33, 0.25)," +
			"(3, '2025-04-07 10:00:00', NULL, 3, 0.03, NULL)," +
			"(4, '2025-07-01 10:00:00', 'app', 1, 1.00, 1)," +
			"(5, '2025-07-02 10:00:00', 'app', NULL, NULL, NULL)",
	}
	cases := []struct {
		q     string
		want  []sql.Row
		types []string // result column types, when checked
	}{
		{q: "SELECT SUM(amount), AVG(amount), SUM(qty), AVG(qty), SUM(id), SUM(score) FROM o",
			want:  rows(r("3354.56", "838.640000", "7", "1.7500", "15", 1.75)),
			types: []string{"decimal(34,2)", "decimal(16,6)", "decimal(32,0)", "decimal(14,4)", "decimal(41,0)", "double"}},
		{q: "SELECT QUARTER(at) q, SUM(amount), AVG(amount) FROM o GROUP BY q ORDER BY q",
			want: rows(r(1, "20.20", "20.200000"), r(2, "3333.36", "1666.680000"), r(3, "1.00", "1.000000"))},
		{q: "SELECT ch, SUM(amount) s, AVG(qty) FROM o GROUP BY ch ORDER BY s",
			want: rows(r(nil, "0.03", "3.0000"), r("app", "1.00", "1.0000"), r("web", "3353.53", "1.5000"))},
		{q: "SELECT ch, SUM(amount) AS s FROM o GROUP BY ch HAVING s > 1 ORDER BY s",
			want: rows(r("web", "3353.53"))},
		{q: "SELECT t.s + 1 FROM (SELECT SUM(amount) s FROM o) t",
			want: rows(r("3355.56"))},
		{q: "SELECT SUM(CASE WHEN ch = 'web' THEN amount ELSE 0 END), SUM(CASE WHEN qty > 1 THEN 1 ELSE 0 END) FROM o",
			want:  rows(r("3353.53", "2")),
			types: []string{"decimal(34,2)", "decimal(23,0)"}},
		{q: "SELECT SUM(amount) FROM o WHERE id > 100",
			want: rows(r(nil))},
		{q: "SELECT ch, SUM(amount) s FROM o GROUP BY ch UNION ALL SELECT NULL, SUM(amount) FROM o ORDER BY 2",
			want: rows(r(nil, "0.03"), r("app", "1.00"), r("web", "3353.53"), r(nil, "3354.56"))},
		{q: "SELECT * FROM (SELECT ch, SUM(amount) s FROM o GROUP BY ch UNION ALL SELECT 'all', SUM(amount) FROM o) t ORDER BY s",
			want: rows(r(nil, "0.03"), r("app", "1.00"), r("web", "3353.53"), r("all", "3354.56"))},
		{q: "SELECT SUM(amount) FROM o UNION ALL SELECT SUM(id) FROM o",
			want:  rows(r("3354.56"), r("15.00")),
			types: []string{"decimal(43,2)"}},
		{q: "SELECT id, SUM(amount) OVER (ORDER BY ch, id) r, AVG(amount) OVER (PARTITION BY ch) pa FROM o ORDER BY id",
			want: rows(r(1, "21.23", "1676.765000"), r(2, "3354.56", "1676.765000"), r(3, "0.03", "0.030000"), r(4, "1.03", "1.000000"), r(5, "1.03", "1.000000"))},
		{q: "SELECT id, SUM(qty) OVER (ORDER BY ch) r FROM o ORDER BY id",
			want: rows(r(1, "7"), r(2, "7"), r(3, "3"), r(4, "4"), r(5, "4"))},
		// MySQL's default frames for the other aggregates too: peers
		// by every ORDER BY key, the whole partition without ORDER BY.
		{q: "SELECT id, COUNT(amount) OVER (ORDER BY ch, id), MIN(qty) OVER (ORDER BY ch), SUM(score) OVER (PARTITION BY ch) FROM o ORDER BY id",
			want: rows(r(1, 3, 1, 0.75), r(2, 4, 1, 0.75), r(3, 1, 3, nil), r(4, 2, 1, 1.0), r(5, 2, 1, 1.0))},
		// Equal DECIMALs are peers (GMS compared them with ==).
		{q: "SELECT ch, SUM(qty) s, RANK() OVER (ORDER BY SUM(qty) DESC) rk, DENSE_RANK() OVER (ORDER BY SUM(qty) DESC) dr FROM o GROUP BY ch ORDER BY rk, ch",
			want: rows(r(nil, "3", 1, 1), r("web", "3", 1, 1), r("app", "1", 3, 2))},
	}
	for _, vec := range []string{"0", "1"} {
		t.Run("vectorize="+vec, func(t *testing.T) {
			d := newTestDB(t)
			for _, q := range setup {
				d.exec(q)
			}
			d.exec("SET cohortdb_vectorize = " + vec)
			for _, c := range cases {
				d.check(step{q: c.q, want: c.want})
				if c.types == nil {
					continue
				}
				sch := d.schema(c.q)
				for i, want := range c.types {
					if got := sch[i].Type.String(); got != want {
						t.Errorf("%s: column %d is %s, want %s", c.q, i+1, got, want)
					}
				}
			}
		})
	}
}

// schema is the result schema of q.
func (d *testDB) schema(q string) sql.Schema {
	d.t.Helper()
	sch, it, _, err := d.e.SQL().Query(d.ctx(), q)
	if err != nil {
		d.t.Fatalf("%s: %v", q, err)
	}
	if _, err := sql.RowIterToRows(d.ctx(), it); err != nil {
		d.t.Fatalf("%s: %v", q, err)
	}
	return sch
}
