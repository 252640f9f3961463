package main

import (
	"strings"
	"testing"
)

// TestAggregateNullabilityWire checks which result columns a client is
// told may be NULL (the NOT_NULL column flag, as go-sql-driver reports it)
// and which columns CREATE TABLE … AS SELECT makes NOT NULL, against
// MySQL's rules (MariaDB 10.11 sends the same flags): aggregates that are
// NULL over no rows or only NULLs (MIN, MAX, SUM, AVG, STD, VARIANCE,
// GROUP_CONCAT, JSON_ARRAYAGG) and window functions that can be NULL (SUM
// OVER, LAG, FIRST_VALUE) are nullable, as are the columns of the inner
// side of an outer join; COUNT, COUNT(DISTINCT), BIT_AND/OR/XOR,
// ROW_NUMBER, RANK, literals and NOT NULL columns are NOT NULL. GMS called
// them all NOT NULL, so a CREATE TABLE … AS SELECT MIN(…) over a group
// whose minimum was NULL failed with 1048.
func TestAggregateNullabilityWire(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE na (id INT PRIMARY KEY, x INT NOT NULL, y INT)")
	mustExec(t, db, "CREATE TABLE nb (id INT PRIMARY KEY, z INT NOT NULL)")
	mustExec(t, db, "INSERT INTO na VALUES (1, 1, NULL), (2, 2, 5)")
	mustExec(t, db, "INSERT INTO nb VALUES (1, 10)")

	for _, c := range []struct {
		query string
		want  string // per column: N nullable, - NOT NULL
	}{
		{"SELECT MIN(x), MAX(x), SUM(x), AVG(x), STD(x), VARIANCE(x), GROUP_CONCAT(x), JSON_ARRAYAGG(x), " +
			"COUNT(*), COUNT(x), COUNT(DISTINCT x), BIT_AND(x), BIT_OR(x) FROM na", "NNNNNNNN-----"},
		{"SELECT x, MIN(y) AS m, COUNT(*) AS n, GROUP_CONCAT(y) AS g FROM na GROUP BY x", "-N-N"},
		{"SELECT id, SUM(x) OVER (ORDER BY id), LAG(x) OVER (ORDER BY id), FIRST_VALUE(x) OVER (ORDER BY id), " +
			"ROW_NUMBER() OVER (ORDER BY id), RANK() OVER (ORDER BY id) FROM na", "-NNN--"},
		{"SELECT na.x, nb.z FROM na LEFT JOIN nb ON na.id = nb.id", "-N"},
		{"SELECT na.x, nb.z FROM nb RIGHT JOIN na ON na.id = nb.id", "-N"},
		{"SELECT na.x, nb.z FROM na JOIN nb ON na.id = nb.id", "--"},
		{"SELECT 1, x, x + 1, y FROM na", "---N"},
		{"SELECT m FROM (SELECT MAX(x) AS m FROM na) s", "N"},
		{"SELECT g, z FROM (SELECT x, GROUP_CONCAT(y) AS g FROM na GROUP BY x) s LEFT JOIN nb ON nb.id = s.x", "NN"},
		{"SELECT x FROM na UNION ALL SELECT nb.z FROM na LEFT JOIN nb ON na.id = nb.id", "N"},
	} {
		rows, err := db.Query(c.query)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		cts, err := rows.ColumnTypes()
		if err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		for _, ct := range cts {
			nullable, ok := ct.Nullable()
			switch {
			case !ok:
				got.WriteByte('?')
			case nullable:
				got.WriteByte('N')
			default:
				got.WriteByte('-')
			}
		}
		rows.Close()
		if got.String() != c.want {
			t.Errorf("%s: nullable flags %s, want %s", c.query, got.String(), c.want)
		}
	}

	// MAX over no rows is one row with NULL (GMS's MAX-of-a-key shortcut
	// returned no row at all).
	mustExec(t, db, "CREATE TABLE nempty (id INT PRIMARY KEY)")
	if got := rowsText(t, db, "SELECT MAX(id), MIN(id), COUNT(*) FROM nempty"); !slicesEqual(got, []string{"NULL|NULL|0"}) {
		t.Errorf("MAX/MIN/COUNT of an empty table: %v, want [NULL|NULL|0]", got)
	}
	// STD and VARIANCE are DOUBLE, not rounded to the argument's INT.
	if got := rowsText(t, db, "SELECT STD(x), VARIANCE(x), VAR_SAMP(x) FROM na"); !slicesEqual(got, []string{"0.5|0.25|0.5"}) {
		t.Errorf("STD, VARIANCE, VAR_SAMP of (1, 2): %v, want [0.5|0.25|0.5]", got)
	}

	// CREATE TABLE … AS SELECT: the groups of x = 1 have only NULLs in y.
	mustExec(t, db, `CREATE TABLE nctas AS
SELECT x, MIN(y) AS mn, MAX(y) AS mx, SUM(y) AS sm, AVG(y) AS av, GROUP_CONCAT(y) AS gc, STD(y) AS sd,
    COUNT(*) AS n, COUNT(DISTINCT y) AS nd, BIT_OR(x) AS bo, 1 AS one
FROM na GROUP BY x`)
	mustExec(t, db, `CREATE TABLE nctas2 AS
SELECT na.id, nb.z, SUM(na.x) OVER (ORDER BY na.id) AS run, ROW_NUMBER() OVER (ORDER BY na.id) AS rn,
    LAG(na.x) OVER (ORDER BY na.id) AS prev
FROM na LEFT JOIN nb ON na.id = nb.id`)
	// the NULLs come from the second branch of a UNION, or from inside a
	// derived table
	mustExec(t, db, `CREATE TABLE nctas3 AS
SELECT na.x AS v FROM na UNION ALL SELECT nb.z FROM na LEFT JOIN nb ON na.id = nb.id`)
	mustExec(t, db, `CREATE TABLE nctas4 AS
SELECT s.x, s.g FROM (SELECT x, GROUP_CONCAT(y) AS g FROM na GROUP BY x) s`)
	got := rowsText(t, db, `SELECT table_name, column_name, is_nullable FROM information_schema.columns
WHERE table_schema = 'shop' AND table_name IN ('nctas', 'nctas2', 'nctas3', 'nctas4') ORDER BY table_name, ordinal_position`)
	want := []string{
		"nctas|x|NO", "nctas|mn|YES", "nctas|mx|YES", "nctas|sm|YES", "nctas|av|YES", "nctas|gc|YES", "nctas|sd|YES",
		"nctas|n|NO", "nctas|nd|NO", "nctas|bo|NO", "nctas|one|NO",
		"nctas2|id|NO", "nctas2|z|YES", "nctas2|run|YES", "nctas2|rn|NO", "nctas2|prev|YES",
		"nctas3|v|YES", "nctas4|x|NO", "nctas4|g|YES",
	}
	if !slicesEqual(got, want) {
		t.Errorf("CREATE TABLE … AS SELECT columns:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := rowsText(t, db, "SELECT x, mn, gc, n FROM nctas ORDER BY x"); !slicesEqual(got, []string{"1|NULL|NULL|1", "2|5|5|1"}) {
		t.Errorf("nctas rows: %v", got)
	}
	if got := rowsText(t, db, "SELECT id, z, run, rn, prev FROM nctas2 ORDER BY id"); !slicesEqual(got, []string{"1|10|1|1|NULL", "2|NULL|3|2|1"}) {
		t.Errorf("nctas2 rows: %v", got)
	}
}

// TestFailedCreateSelectLeavesNoTable checks that a CREATE TABLE … AS
// SELECT that fails leaves no table behind, whether it fails on its first
// row or after some rows went in, that the server's data after a restart
// agree, and that IF NOT EXISTS on an existing table inserts nothing
// (MySQL's note 1050), as in MySQL.
func TestFailedCreateSelectLeavesNoTable(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE fa (id INT PRIMARY KEY, x INT NOT NULL)")
	mustExec(t, db, "INSERT INTO fa VALUES (1, 1), (2, 2), (3, 3)")

	tables := func() []string {
		return rowsText(t, db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop' AND table_name IN ('fa', 'fb', 'fc') ORDER BY table_name")
	}
	for _, c := range []struct {
		query string
		num   uint16
	}{
		// a scalar subquery with two rows: fails on the first row
		{"CREATE TABLE fb AS SELECT (SELECT x FROM fa) AS v", 1242},
		// fails on the second row, after the first went in
		{"CREATE TABLE fc AS SELECT f.id, (SELECT x FROM fa WHERE fa.x <= f.id) AS v FROM fa f ORDER BY f.id", 1242},
		// the name is taken: nothing is created, nothing dropped
		{"CREATE TABLE fa AS SELECT 1 AS id", 1050},
	} {
		_, err := db.Exec(c.query)
		wantErrNum(t, err, c.num, c.query)
		if got := tables(); !slicesEqual(got, []string{"fa"}) {
			t.Fatalf("after the failed %s: tables %v, want only fa", c.query, got)
		}
	}
	if got := rowsText(t, db, "SELECT COUNT(*) FROM fa"); !slicesEqual(got, []string{"3"}) {
		t.Fatalf("fa after the failed statements: %v rows", got)
	}

	// IF NOT EXISTS on an existing table: a note, and no rows inserted.
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(t.Context(), "CREATE TABLE IF NOT EXISTS fa AS SELECT 9 AS id, 9 AS x"); err != nil {
		t.Fatal(err)
	}
	var level, msg string
	var code int
	if err := conn.QueryRowContext(t.Context(), "SHOW WARNINGS").Scan(&level, &code, &msg); err != nil || code != 1050 {
		t.Errorf("CREATE TABLE IF NOT EXISTS … SELECT on an existing table: warning %d %q (%v), want 1050", code, msg, err)
	}
	conn.Close()
	if got := rowsText(t, db, "SELECT COUNT(*) FROM fa WHERE id = 9"); !slicesEqual(got, []string{"0"}) {
		t.Errorf("CREATE TABLE IF NOT EXISTS … SELECT inserted into the existing table: %v", got)
	}

	// The same name works afterwards, and a good CTAS survives a restart.
	mustExec(t, db, "CREATE TABLE fc AS SELECT id, x * 10 AS v FROM fa")
	s.stop(t)
	s.restart(t)
	db = s.root(t, "shop")
	if got := tables(); !slicesEqual(got, []string{"fa", "fc"}) {
		t.Fatalf("after restart: tables %v, want fa, fc", got)
	}
	if got := rowsText(t, db, "SELECT id, v FROM fc ORDER BY id"); !slicesEqual(got, []string{"1|10", "2|20", "3|30"}) {
		t.Fatalf("fc after restart: %v", got)
	}
}
