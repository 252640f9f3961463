package engine

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// TestMySQLResultTypes: results typed and written as MySQL 8 types and
// writes them (expected values worked by hand from MySQL's rules, and
// checked against MariaDB by server/difftest): typed temporal literals,
// TIMESTAMP(), IF over DATEs, DOUBLEs and DATEs in CAST/CONCAT, UNION of
// DECIMALs of different scales, CREATE TABLE … AS SELECT of exact SUMs.
func TestMySQLResultTypes(t *testing.T) {
	setup := []string{
		"CREATE TABLE o (id BIGINT PRIMARY KEY, day DATE, amount DECIMAL(12,2), qty INT)",
		"INSERT INTO o VALUES (1, '2025-01-05', 20.20, 2), (2, '2025-04-05', 3333.33, 1), (3, NULL, 0.03, 3)",
		"CREATE TABLE s AS SELECT SUM(amount) AS total, AVG(amount) AS mean, SUM(qty) AS n FROM o",
	}
	cases := []struct {
		q     string
		want  []sql.Row
		types []string
	}{
		{q: "SELECT DATE '2025-01-01', TIMESTAMP '2025-01-01 10:00:00.25', TIME '12:30:00'",
			types: []string{"date", "datetime(2)", "time(6)"}},
		{q: "SELECT TIMESTAMP(day), IF(id > 1, day, DATE '2025-06-30') FROM o WHERE id = 1",
			types: []string{"datetime", "date"}},
		{q: "SELECT CAST(1e21 AS CHAR), CAST(0.1e0 + 0.2e0 AS CHAR), CONCAT(day, '|', 1e-16), CAST(day AS CHAR) FROM o WHERE id = 1",
			want: rows(r("1e21", "0.30000000000000004", "2025-01-05|1e-16", "2025-01-05"))},
		{q: "SELECT amount + amount AS u FROM o WHERE id = 3 UNION ALL SELECT id / 3 FROM o WHERE id = 1",
			want: rows(r("0.0600"), r("0.3333"))},
		{q: "SELECT total, mean, n FROM s",
			want:  rows(r("3353.56", "1117.853333", "6")),
			types: []string{"decimal(34,2)", "decimal(16,6)", "decimal(32,0)"}},
	}
	for _, vec := range []string{"0", "1"} {
		t.Run("vectorize="+vec, func(t *testing.T) {
			d := newTestDB(t)
			for _, q := range setup {
				d.exec(q)
			}
			d.exec("SET cohortdb_vectorize = " + vec)
			for _, c := range cases {
				if c.want != nil {
					d.check(step{q: c.q, want: c.want})
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
