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
		"INSERT INTO o VALUES (4, NULL, 9999999999.99, 0)",
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
		// GMS types amount - -1 DECIMAL(12,2), too narrow for its value: the
		// UNION's column gets DECIMAL's whole precision (was 0.00)
		{q: "SELECT amount - -1 FROM o WHERE id = 4 UNION ALL SELECT 0.5",
			want: rows(r("10000000000.99"), r("0.50"))},
		// a UNION column NULL on one side has the other side's type (MariaDB:
		// DATE; GMS converted both to CHAR), a DATE in CHAR is written as one
		{q: "SELECT NULL, day FROM o WHERE id = 1 UNION ALL SELECT amount, NULL FROM o WHERE id = 2",
			types: []string{"decimal(12,2)", "date"}},
		{q: "SELECT CAST(day AS CHAR) FROM o WHERE id = 1 UNION SELECT 'x'",
			want: rows(r("2025-01-05"), r("x"))},
		// the CTE's column is the UNION's DECIMAL(4,3), so SUM is DECIMAL(26,3)
		// (MariaDB: 3.625; was 3.6, SUM typed from the first select's 1.5)
		{q: "WITH c AS (SELECT 1.5 a UNION ALL SELECT 2.125) SELECT SUM(a) FROM c",
			want: rows(r("3.625")), types: []string{"decimal(26,3)"}},
		{q: "SELECT SUM(a) FROM (SELECT amount a FROM o WHERE id = 1 UNION ALL SELECT 0.125) d",
			want: rows(r("20.325")), types: []string{"decimal(35,3)"}}, // DECIMAL(13,3): 10 integer digits, scale 3,
		// CASE, IF, COALESCE over exact values: the DECIMAL holding them all,
		// values at its scale, through a UNION too (MariaDB; GMS typed
		// CASE and IF DECIMAL(65,10): 0.0300000000 in the UNION)
		{q: "SELECT IF(id > 2, amount, 0.5) c, COALESCE(NULL, amount, 0.125) d, CASE WHEN id > 2 THEN amount END g FROM o WHERE id = 3 UNION ALL SELECT 1, 2, 3",
			want:  rows(r("0.03", "0.030", "0.03"), r("1.00", "2.000", "3.00")),
			types: []string{"decimal(12,2)", "decimal(13,3)", "decimal(12,2)"}},
		// integer literals are not DECIMALs: a choice of BIGINT and INT is
		// BIGINT (was DECIMAL(19,0), an integer literal taken for a DECIMAL)
		{q: "SELECT CASE WHEN qty THEN id ELSE 0 END, IF(id > 1, id, 7), IFNULL(id, 0) FROM o WHERE id = 2",
			want: rows(r(int64(2), int64(2), int64(2))), types: []string{"bigint", "bigint", "bigint"}},
		// NTILE is BIGINT UNSIGNED in MySQL (GMS declares DOUBLE)
		{q: "SELECT NTILE(2) OVER (ORDER BY id) FROM o ORDER BY id",
			want: rows(r(uint64(1)), r(uint64(1)), r(uint64(2)), r(uint64(2))), types: []string{"bigint unsigned"}},
		// GMS's COALESCE converted 3333.33 to its first argument's type (1105
		// Out of range value)
		{q: "SELECT COALESCE(amount, 0.125), IFNULL(qty, 0.5) FROM o WHERE id = 2",
			want: rows(r("3333.330", "1.0")), types: []string{"decimal(13,3)", "decimal(11,1)"}},
		{q: "SELECT CASE WHEN id > 2 THEN amount ELSE 0.5 END c FROM o WHERE id <= 2",
			want: rows(r("0.50"), r("0.50")), types: []string{"decimal(12,2)"}},
		// GMS's SIGN rounded a DECIMAL or DOUBLE to an integer first (0)
		{q: "SELECT SIGN(amount), SIGN(-amount), SIGN(-0.4e0), SIGN(0.0) FROM o WHERE id = 3",
			want: rows(r("1", "-1", "-1", "0"))},
		// a recursive CTE's columns have its anchor's types (MariaDB: DATEs,
		// the time of day of d + INTERVAL 25 HOUR dropped; was DATETIME(6))
		{q: "WITH RECURSIVE m (k, d) AS (SELECT 0, DATE '2025-01-31' UNION ALL SELECT k + 1, d + INTERVAL 25 HOUR FROM m WHERE k < 2) SELECT CAST(d AS CHAR) FROM m",
			want: rows(r("2025-01-31"), r("2025-02-01"), r("2025-02-02"))},
		{q: "WITH RECURSIVE m (k, d) AS (SELECT 0, DATE '2025-01-31' UNION ALL SELECT k + 1, d + INTERVAL 25 HOUR FROM m WHERE k < 2) SELECT d FROM m",
			types: []string{"date"}},
		{q: "WITH RECURSIVE m (k, d) AS (SELECT 0, DATE '2025-01-31' UNION ALL SELECT k + 1, d + INTERVAL 1 MONTH FROM m WHERE k < 1) SELECT CAST(m.d AS CHAR), COUNT(o.id) FROM m LEFT JOIN o ON o.day >= m.d AND o.day < m.d + INTERVAL 3 MONTH GROUP BY m.d",
			want: rows(r("2025-01-31", "1"), r("2025-02-28", "1"))},
		// DAYNAME, MONTHNAME and DATE_FORMAT are VARCHARs (GMS: TEXT, sent as
		// BLOB) in the connection's collation, case-insensitive after SET
		// NAMES utf8mb4 (MariaDB: 1, Sunday, 2025-01)
		{q: "SET NAMES utf8mb4"},
		{q: "SELECT MONTHNAME(day) LIKE 'j%', DAYNAME(day), DATE_FORMAT(day, '%Y-%m') FROM o WHERE id = 1",
			want:  rows(r(true, "Sunday", "2025-01")),
			types: []string{"tinyint(1)", "varchar(9)", "varchar(255)"}},
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
