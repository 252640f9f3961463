package server

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func TestParseOptimize(t *testing.T) {
	for _, tc := range []struct {
		q       string
		ok, bad bool
		want    string
	}{
		{q: "SELECT 1"},
		{q: "optimizer_switch"},
		{q: "OPTIMIZE TABLE orders", ok: true, want: "[{ orders}]"},
		{q: "optimize local table shop.orders, `my db`.`t``x` ;", ok: true, want: "[{shop orders} {my db t`x}]"},
		{q: "OPTIMIZE NO_WRITE_TO_BINLOG TABLES a,b", ok: true, want: "[{ a} { b}]"},
		{q: "OPTIMIZE orders", ok: true, bad: true},
		{q: "OPTIMIZE TABLE", ok: true, bad: true},
		{q: "OPTIMIZE TABLE a.b.c", ok: true, bad: true},
		{q: "OPTIMIZE TABLE a,", ok: true, bad: true},
		{q: "analyze local table shop . orders,x", ok: true, want: "analyze [{shop orders} { x}]"},
		{q: "CHECK TABLE a, b.c QUICK EXTENDED", ok: true, want: "check [{ a} {b c}]"},
		{q: "check table a for upgrade", ok: true, want: "check [{ a}]"},
		{q: "CHECK TABLE quick", ok: true, want: "check [{ quick}]"},
		{q: "CHECK LOCAL TABLE a", ok: true, bad: true},
		{q: "REPAIR NO_WRITE_TO_BINLOG TABLE a USE_FRM", ok: true, want: "repair [{ a}]"},
		{q: "REPAIR TABLE a FAST", ok: true, bad: true},
	} {
		op, refs, ok, err := parseOptimize(tc.q)
		got := fmt.Sprint(refs)
		if op != "optimize" && op != "" {
			got = op + " " + got
		}
		if ok != tc.ok || (err != nil) != tc.bad || !tc.bad && tc.ok && got != tc.want {
			t.Errorf("%q: %v %v %v, want ok=%v bad=%v %s", tc.q, refs, ok, err, tc.ok, tc.bad, tc.want)
		}
	}
	// The ANALYZE TABLE the server answers; the rest is go-mysql-server's.
	for q, want := range map[string]bool{
		"ANALYZE TABLE shop.t":                                  true,
		"analyze no_write_to_binlog tables `a b`.`c`, d":        true,
		"ANALYZE TABLE t UPDATE HISTOGRAM ON c USING DATA '{}'": false,
		"ANALYZE TABLE t DROP HISTOGRAM ON c":                   false,
		"ANALYZE TABLE":                                         false,
		"ANALYZE t":                                             false,
	} {
		if got := analyzeTable.MatchString(q); got != want {
			t.Errorf("analyzeTable matches %q: %v, want %v", q, got, want)
		}
	}
}

// maintenanceRows is q's rows as text lines (columns joined by |), or its
// error.
func maintenanceRows(db *sql.DB, q string) ([]string, error) {
	rs, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var rows []string
	for rs.Next() {
		var table, op, typ, text string
		if err := rs.Scan(&table, &op, &typ, &text); err != nil {
			return nil, err
		}
		rows = append(rows, strings.Join([]string{table, op, typ, text}, "|"))
	}
	return rows, rs.Err()
}

// TestTableMaintenanceOverTheWire: ANALYZE TABLE and OPTIMIZE TABLE
// answer as MySQL 8 does from a client connected without a database:
// one row per table named db.table, a missing table or database as an
// Error row then "status | Operation failed" with the rest of the list
// still done, an unqualified name 1046 and a name given twice 1066 for
// the whole statement, SELECT and INSERT needed (1142); CHECK TABLE
// (SELECT needed) verifies the table's segments and write buffer against
// its primary-key index and says OK, REPAIR TABLE gives InnoDB's note
// that it does not repair; CHECKSUM TABLE
// of a missing table NULL with an Error-level warning. ANALYZE still
// refreshes the planner's statistics, now under the table's own
// database, where information_schema.COLUMN_STATISTICS shows them.
func TestTableMaintenanceOverTheWire(t *testing.T) {
	root, dsn := startEngineServerWith(t, nil)
	mustExec(t, root, "CREATE TABLE t (id INT PRIMARY KEY, v INT)")
	mustExec(t, root, "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)")
	mustExec(t, root, "CREATE TABLE u (id INT PRIMARY KEY)")
	mustExec(t, root, "CREATE USER 'ana'@'%' IDENTIFIED BY 'x'")
	mustExec(t, root, "GRANT SELECT ON shop.* TO 'ana'@'%'")
	open := func(user, pw string) *sql.DB {
		mc, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		mc.User, mc.Passwd, mc.DBName = user, pw, ""
		db, err := sql.Open("mysql", mc.FormatDSN())
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		t.Cleanup(func() { db.Close() })
		return db
	}
	nodb := open("root", "pw")
	statRows := func() string {
		var hist string
		q := "SELECT HISTOGRAM FROM information_schema.COLUMN_STATISTICS WHERE SCHEMA_NAME = 'shop' AND TABLE_NAME = 't'"
		if err := nodb.QueryRow(q).Scan(&hist); err != nil {
			return err.Error()
		}
		var h struct {
			Statistic struct {
				RowCount int `json:"row_count"`
			} `json:"statistic"`
		}
		if err := json.Unmarshal([]byte(hist), &h); err != nil {
			t.Fatalf("%s: %v", hist, err)
		}
		return fmt.Sprint(h.Statistic.RowCount)
	}
	mustExec(t, root, "CREATE VIEW vt AS SELECT id, v FROM t")
	mustExec(t, root, "CREATE TABLE gone (id INT PRIMARY KEY)")
	mustExec(t, root, "CREATE VIEW vgone AS SELECT id FROM gone")
	mustExec(t, root, "DROP TABLE gone")
	mustExec(t, nodb, "CREATE TEMPORARY TABLE shop.tmp (id INT PRIMARY KEY)")
	for _, tc := range []struct {
		q, want string
		err     uint16
	}{
		{q: "ANALYZE TABLE shop.t", want: "shop.t|analyze|status|OK"},
		{q: "ANALYZE TABLE shop.x", want: "shop.x|analyze|Error|Table 'shop.x' doesn't exist shop.x|analyze|status|Operation failed"},
		{q: "ANALYZE LOCAL TABLE nosuch.t, shop.u", want: "nosuch.t|analyze|Error|Unknown database 'nosuch' nosuch.t|analyze|status|Operation failed shop.u|analyze|status|OK"},
		{q: "OPTIMIZE TABLE shop.x, `shop`.`u`", want: "shop.x|optimize|Error|Table 'shop.x' doesn't exist shop.x|optimize|status|Operation failed shop.u|optimize|status|Table is already up to date"},
		{q: "ANALYZE TABLE t", err: 1046},
		{q: "OPTIMIZE TABLE t", err: 1046},
		{q: "CHECK TABLE shop.t, shop.x QUICK", want: "shop.t|check|status|OK shop.x|check|Error|Table 'shop.x' doesn't exist shop.x|check|status|Operation failed"},
		{q: "/* a tool */ check table nosuch.t, `shop`.`u` for upgrade", want: "nosuch.t|check|Error|Unknown database 'nosuch' nosuch.t|check|status|Operation failed shop.u|check|status|OK"},
		{q: "REPAIR NO_WRITE_TO_BINLOG TABLE shop.t, shop.x EXTENDED", want: "shop.t|repair|note|The storage engine for the table doesn't support repair " +
			"shop.x|repair|Error|Table 'shop.x' doesn't exist shop.x|repair|status|Operation failed"},
		{q: "CHECK TABLE t", err: 1046},
		{q: "REPAIR TABLE t", err: 1046},
		// Views and TEMPORARY tables, as MySQL 8 answers them: CHECK
		// TABLE resolves a view (OK while what it reads is there, else
		// ER_VIEW_INVALID and Corrupt) and checks a
		// temporary table; REPAIR TABLE opens base tables only.
		{q: "CHECK TABLE shop.vt, shop.tmp", want: "shop.vt|check|status|OK shop.tmp|check|status|OK"},
		{q: "CHECK TABLE shop.vgone", want: "shop.vgone|check|Error|View 'shop.vgone' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them " +
			"shop.vgone|check|error|Corrupt"},
		{q: "REPAIR TABLE shop.vt, shop.tmp", want: "shop.vt|repair|Error|'shop.vt' is not BASE TABLE shop.vt|repair|status|Operation failed " +
			"shop.tmp|repair|note|The storage engine for the table doesn't support repair"},
		{q: "CHECK TABLE shop.t, shop.t", err: 1066},
		{q: "ANALYZE TABLE shop.t, shop.T", err: 1066},
	} {
		rows, err := maintenanceRows(nodb, tc.q)
		if tc.err != 0 {
			wantErrNum(t, err, tc.err, tc.q)
			continue
		}
		if got := strings.Join(rows, " "); err != nil || got != tc.want {
			t.Errorf("%s: %q %v\nwant %q", tc.q, got, err, tc.want)
		}
	}
	if got := statRows(); got != "3" {
		t.Errorf("statistics of shop.t after ANALYZE: row_count %s, want 3", got)
	}
	mustExec(t, nodb, "INSERT INTO shop.t VALUES (4, 4), (5, 5)")
	if _, err := maintenanceRows(nodb, "ANALYZE TABLE shop.t"); err != nil {
		t.Fatal(err)
	}
	if got := statRows(); got != "5" {
		t.Errorf("statistics of shop.t after a second ANALYZE: row_count %s, want 5", got)
	}
	// CHECK TABLE reads sealed segments and the write buffer alike.
	mustExec(t, nodb, "DELETE FROM shop.t WHERE id = 2")
	for _, q := range []string{"CHECK TABLE shop.t", "OPTIMIZE TABLE shop.t", "CHECK TABLE shop.t"} {
		rows, err := maintenanceRows(nodb, q)
		if err != nil || !strings.HasSuffix(rows[len(rows)-1], "|status|OK") {
			t.Errorf("%s after a DELETE: %q %v", q, rows, err)
		}
	}
	mustExec(t, nodb, "INSERT INTO shop.t VALUES (6, 6)")
	if rows, err := maintenanceRows(nodb, "CHECK TABLE shop.t"); err != nil || strings.Join(rows, " ") != "shop.t|check|status|OK" {
		t.Errorf("CHECK TABLE of segments and a write buffer: %q %v", rows, err)
	}
	// CHECKSUM TABLE of a missing table: NULL, and MySQL's warning.
	if got, _ := queryText(t, nodb, "CHECKSUM TABLE shop.x, nosuch.t, shop.u"); strings.Join(got, " ") != "shop.x|NULL nosuch.t|NULL shop.u|0" {
		t.Errorf("CHECKSUM TABLE shop.x, nosuch.t, shop.u: %q", got)
	}
	if got, _ := queryText(t, nodb, "SHOW WARNINGS"); strings.Join(got, " ") != "Error|1146|Table 'shop.x' doesn't exist Error|1049|Unknown database 'nosuch'" {
		t.Errorf("SHOW WARNINGS after CHECKSUM TABLE of missing tables: %q", got)
	}
	_, err := maintenanceRows(nodb, "CHECKSUM TABLE u")
	wantErrNum(t, err, 1046, "CHECKSUM TABLE u with no current database")
	ana := open("ana", "x")
	// MySQL names the privileges a table lacks: INSERT alone for a caller
	// with SELECT, both (in privilege order) for one with neither.
	for _, q := range []string{"ANALYZE TABLE shop.t", "ANALYZE TABLE shop.x", "OPTIMIZE TABLE shop.t", "REPAIR TABLE shop.t", "REPAIR TABLE shop.x"} {
		_, err := maintenanceRows(ana, q)
		wantErrNum(t, err, 1142, q+" with SELECT only")
		table := q[strings.LastIndex(q, ".")+1:]
		if want := "INSERT command denied to user 'ana'@'%' for table '" + table + "'"; !strings.Contains(err.Error(), want) {
			t.Errorf("%s with SELECT only: %v, want %q", q, err, want)
		}
	}
	// A caller holding nothing in shop: 1142 for its tables, as MySQL
	// checks them one by one, 1044 for the database itself.
	mustExec(t, root, "CREATE USER 'nobody'@'%' IDENTIFIED BY 'x'")
	nobody := open("nobody", "x")
	denied := func(cmd, table string) string {
		return cmd + " command denied to user 'nobody'@'%' for table '" + table + "'"
	}
	const noDB = "Access denied for user 'nobody'@'%' to database 'shop'"
	for _, tc := range []struct {
		q    string
		code uint16
		msg  string
	}{
		{"OPTIMIZE TABLE shop.t", 1142, denied("SELECT, INSERT", "t")},
		{"ANALYZE TABLE shop.x", 1142, denied("SELECT, INSERT", "x")},
		{"CHECK TABLE shop.t", 1142, denied("SELECT", "t")},
		{"REPAIR TABLE shop.t", 1142, denied("SELECT, INSERT", "t")},
		{"CHECKSUM TABLE shop.t", 1142, denied("SELECT", "t")},
		{"SELECT * FROM shop.t", 1142, denied("SELECT", "t")},
		{"SELECT id FROM shop.u WHERE id IN (SELECT id FROM shop.t)", 1142, denied("SELECT", "u")},
		{"INSERT INTO shop.t VALUES (9, 9)", 1142, denied("INSERT", "t")},
		{"UPDATE shop.t SET v = 0", 1142, denied("UPDATE", "t")},
		{"DELETE FROM shop.t", 1142, denied("DELETE", "t")},
		{"USE shop", 1044, noDB},
		{"SHOW TABLES FROM shop", 1044, noDB},
	} {
		_, err := nobody.Exec(tc.q)
		if wantErrNum(t, err, tc.code, tc.q+" by a caller holding nothing in shop"); !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s by a caller holding nothing in shop: %v, want %q", tc.q, err, tc.msg)
		}
	}
	if _, err := nobody.Prepare("SELECT * FROM shop.t WHERE id = ?"); mysqlErrNum(err) != 1142 {
		t.Errorf("PREPARE of a SELECT by a caller holding nothing in shop: %v, want 1142", err)
	}
	// A caller lacking a privilege on a table: MySQL's 1142 names the
	// command and the table (GMS named neither).
	mustExec(t, root, "CREATE USER 'uonly'@'%' IDENTIFIED BY 'x'")
	mustExec(t, root, "GRANT SELECT, INSERT ON shop.u TO 'uonly'@'%'")
	uonly := open("uonly", "x")
	for q, msg := range map[string]string{
		"INSERT INTO shop.t VALUES (9, 9)":                "INSERT command denied to user 'uonly'@'%' for table 't'",
		"INSERT INTO shop.u SELECT id FROM shop.t":        "SELECT command denied to user 'uonly'@'%' for table 't'",
		"SELECT * FROM shop.u JOIN shop.t ON u.id = t.id": "SELECT command denied to user 'uonly'@'%' for table 't'",
		"DELETE FROM shop.u":                              "DELETE command denied to user 'uonly'@'%' for table 'u'",
		"UPDATE shop.u SET id = 0":                        "UPDATE command denied to user 'uonly'@'%' for table 'u'",
	} {
		_, err := uonly.Exec(q)
		if wantErrNum(t, err, 1142, q); !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: %v, want %q", q, err, msg)
		}
	}
	// CHECK TABLE needs SELECT only.
	if rows, err := maintenanceRows(ana, "CHECK TABLE shop.t"); err != nil || strings.Join(rows, " ") != "shop.t|check|status|OK" {
		t.Errorf("CHECK TABLE shop.t with SELECT: %q %v", rows, err)
	}
}
