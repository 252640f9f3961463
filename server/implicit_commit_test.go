package server

import (
	"strconv"
	"strings"
	"testing"
)

// TestImplicitCommitOverTheWire: the statements on MySQL's implicit-commit
// list, those the server answers itself and those go-mysql-server does,
// commit the open transaction before they run, once parsed (also when
// they then fail), and end it (the next INSERT autocommits); CHECKSUM
// TABLE, a TEMPORARY table, UNLOCK TABLES without locks and a statement
// that does not parse leave it open. Comments before a statement do not
// hide it.
func TestImplicitCommitOverTheWire(t *testing.T) {
	db, _ := startEngineServerWith(t, nil)
	mustExec(t, db, "CREATE TABLE ic (id INT PRIMARY KEY)")
	mustExec(t, db, "CREATE USER 'ic'@'%' IDENTIFIED BY 'x'")
	// One connection (startEngineServerWith): the transaction spans statements.
	exec := func(q string) error {
		_, err := db.Exec(q)
		return err
	}
	prepExec := func(q string) error {
		st, err := db.Prepare(q)
		if err != nil {
			return err
		}
		defer st.Close()
		_, err = st.Exec()
		return err
	}
	for i, tc := range []struct {
		stmt     string
		kept     bool // the rows inserted before it survive the ROLLBACK
		fails    bool
		prepared bool // run with COM_STMT_PREPARE and COM_STMT_EXECUTE
	}{
		{stmt: "OPTIMIZE TABLE ic", kept: true},
		{stmt: "ANALYZE TABLE ic", kept: true},
		{stmt: "ANALYZE TABLE nosuch.ic", kept: true},
		{stmt: "SET PASSWORD FOR 'ic'@'%' = 'y'", kept: true},
		{stmt: "ALTER USER 'ic'@'%' ACCOUNT UNLOCK", kept: true},
		{stmt: "ANALYZE TABLE ic DROP HISTOGRAM ON id", kept: true},
		{stmt: "CHECKSUM TABLE ic"},
		{stmt: "OPTIMIZE TABLE ic,", fails: true},
		{stmt: "ANALYZE TABLE ic, ic", fails: true}, // 1066, as MySQL's parser
		// Statements go-mysql-server answers.
		{stmt: "CREATE TABLE ic2 (id INT PRIMARY KEY, v INT)", kept: true},
		{stmt: "ALTER TABLE ic2 ADD COLUMN w INT", kept: true},
		{stmt: "CREATE INDEX ic2v ON ic2 (v)", kept: true},
		{stmt: "DROP INDEX ic2v ON ic2", kept: true},
		{stmt: "RENAME TABLE ic2 TO ic3", kept: true},
		{stmt: "TRUNCATE TABLE ic3", kept: true},
		{stmt: "CREATE VIEW icv AS SELECT id FROM ic", kept: true},
		{stmt: "DROP VIEW icv", kept: true},
		{stmt: "DROP TABLE ic3", kept: true},
		{stmt: "DROP TABLE ic3", kept: true, fails: true}, // committed before it fails, as in MySQL
		{stmt: "CREATE DATABASE icdb", kept: true},
		{stmt: "DROP DATABASE icdb", kept: true},
		{stmt: "/*!40000 CREATE TABLE ic4 (id INT) */", kept: true},
		{stmt: "CREATE USER 'ic2'@'%'", kept: true},
		{stmt: "GRANT SELECT ON shop.* TO 'ic2'@'%'", kept: true},
		{stmt: "GRANT SELECT ON shop.* TO 'nosuch'@'%'", kept: true, fails: true},
		{stmt: "REVOKE SELECT ON shop.* FROM 'ic2'@'%'", kept: true},
		{stmt: "DROP USER 'ic2'@'%'", kept: true},
		{stmt: "CREATE ROLE icr", kept: true},
		{stmt: "DROP ROLE icr", kept: true},
		{stmt: "FLUSH PRIVILEGES", kept: true},
		{stmt: "UNLOCK TABLES"}, // no tables locked: no commit
		{stmt: "CREATE TEMPORARY TABLE ict (id INT)"},
		{stmt: "DROP TEMPORARY TABLE ict"},
		{stmt: "LOCK TABLES ic WRITE", kept: true},
		{stmt: "UNLOCK TABLES"}, // the BEGIN before it released the lock: no commit
		// Comments before the statement, as tools and ORMs send them.
		{stmt: "/* tool */ CREATE TABLE ic7 (id INT)", kept: true},
		{stmt: "-- why\nDROP TABLE ic7", kept: true},
		{stmt: "# why\n/* and how */ CREATE TABLE ic7 (id INT)", kept: true},
		{stmt: "/* c */ /*!40000 DROP TABLE ic7 */", kept: true},
		{stmt: "/* c */ OPTIMIZE TABLE ic", kept: true},
		{stmt: "/* c */ CHECKSUM TABLE ic"},
		{stmt: "RENAME USER 'ic'@'%' TO 'icx'@'%'", kept: true},
		{stmt: "/* c */ RENAME USER icx TO ic", kept: true},
		{stmt: "RENAME USER 'nosuch'@'%' TO 'x'@'%'", kept: true, fails: true},
		{stmt: "CREATE TABLE ic6 (id INT)", kept: true, prepared: true},
		{stmt: "GRANT SELECT ON shop.ic TO 'ic'@'%'", kept: true, prepared: true},
	} {
		first, second := 10*i+1, 10*i+2
		mustRun := func(q string) {
			t.Helper()
			if err := exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		mustRun("BEGIN")
		mustRun("INSERT INTO ic VALUES (" + strconv.Itoa(first) + ")")
		run := exec
		if tc.prepared {
			run = prepExec
		}
		if err := run(tc.stmt); (err != nil) != tc.fails {
			t.Fatalf("%s: %v", tc.stmt, err)
		}
		mustRun("INSERT INTO ic VALUES (" + strconv.Itoa(second) + ")")
		mustRun("ROLLBACK")
		rows, _ := queryText(t, db, "SELECT id FROM ic WHERE id IN ("+strconv.Itoa(first)+", "+strconv.Itoa(second)+") ORDER BY id")
		want := ""
		if tc.kept {
			want = strconv.Itoa(first) + " " + strconv.Itoa(second)
		}
		if got := strings.Join(rows, " "); got != want {
			t.Errorf("BEGIN; INSERT; %s; INSERT; ROLLBACK: rows %q, want %q", tc.stmt, got, want)
		}
	}
	// With autocommit off the statements after it open a new transaction.
	mustExec(t, db, "SET autocommit = 0")
	for i, stmt := range []string{"ANALYZE TABLE ic", "CREATE TABLE ic5 (id INT)", "GRANT SELECT ON shop.ic TO 'ic'@'%'", "LOCK TABLES ic READ", "UNLOCK TABLES"} {
		first, second := strconv.Itoa(1000+10*i), strconv.Itoa(1001+10*i)
		mustExec(t, db, "INSERT INTO ic VALUES ("+first+")")
		mustExec(t, db, stmt)
		mustExec(t, db, "INSERT INTO ic VALUES ("+second+")")
		mustExec(t, db, "ROLLBACK")
		if rows, _ := queryText(t, db, "SELECT id FROM ic WHERE id IN ("+first+", "+second+")"); strings.Join(rows, " ") != first {
			t.Errorf("autocommit off; INSERT; %s; INSERT; ROLLBACK: rows %q, want the first kept", stmt, rows)
		}
	}
	// SET autocommit = 1 commits the transaction autocommit off opened.
	mustExec(t, db, "INSERT INTO ic VALUES (1100)")
	mustExec(t, db, "SET autocommit = 1")
	mustExec(t, db, "ROLLBACK")
	// BEGIN and START TRANSACTION commit the open transaction (GMS's own).
	mustExec(t, db, "BEGIN")
	mustExec(t, db, "INSERT INTO ic VALUES (1101)")
	mustExec(t, db, "START TRANSACTION")
	mustExec(t, db, "INSERT INTO ic VALUES (1102)")
	mustExec(t, db, "BEGIN")
	mustExec(t, db, "INSERT INTO ic VALUES (1103)")
	mustExec(t, db, "ROLLBACK")
	if rows, _ := queryText(t, db, "SELECT id FROM ic WHERE id >= 1100 ORDER BY id"); strings.Join(rows, " ") != "1100 1101 1102" {
		t.Errorf("SET autocommit = 1, BEGIN and START TRANSACTION: rows %q, want 1100 1101 1102 (committed by the statement after them)", rows)
	}
	// The mysql database's no-op DDL (a dump restoring its grant tables).
	mustExec(t, db, "USE mysql")
	mustExec(t, db, "BEGIN")
	mustExec(t, db, "INSERT INTO shop.ic VALUES (100)")
	mustExec(t, db, "LOCK TABLES user WRITE")
	mustExec(t, db, "ROLLBACK")
	if rows, _ := queryText(t, db, "SELECT id FROM shop.ic WHERE id = 100"); len(rows) != 1 {
		t.Errorf("BEGIN; INSERT; LOCK TABLES (in mysql); ROLLBACK: rows %q, want the row kept", rows)
	}
}
