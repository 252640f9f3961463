package server

import (
	"strconv"
	"strings"
	"testing"
)

// TestImplicitCommitOverTheWire: the statements the server answers itself
// that are on MySQL's implicit-commit list commit the open transaction
// before they run, once parsed, and end it (the next INSERT autocommits);
// CHECKSUM TABLE and a statement that does not parse leave it open.
func TestImplicitCommitOverTheWire(t *testing.T) {
	db, _ := startEngineServerWith(t, nil)
	mustExec(t, db, "CREATE TABLE ic (id INT PRIMARY KEY)")
	mustExec(t, db, "CREATE USER 'ic'@'%' IDENTIFIED BY 'x'")
	// One connection (startEngineServerWith): the transaction spans statements.
	exec := func(q string) error {
		_, err := db.Exec(q)
		return err
	}
	for i, tc := range []struct {
		stmt  string
		kept  bool // the rows inserted before it survive the ROLLBACK
		fails bool
	}{
		{stmt: "OPTIMIZE TABLE ic", kept: true},
		{stmt: "ANALYZE TABLE ic", kept: true},
		{stmt: "ANALYZE TABLE nosuch.ic", kept: true},
		{stmt: "SET PASSWORD FOR 'ic'@'%' = 'y'", kept: true},
		{stmt: "ALTER USER 'ic'@'%' ACCOUNT UNLOCK", kept: true},
		{stmt: "CHECKSUM TABLE ic"},
		{stmt: "OPTIMIZE TABLE ic,", fails: true},
		{stmt: "ANALYZE TABLE ic, ic", fails: true}, // 1066, as MySQL's parser
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
		if err := exec(tc.stmt); (err != nil) != tc.fails {
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
	mustExec(t, db, "INSERT INTO ic VALUES (200)")
	mustExec(t, db, "ANALYZE TABLE ic")
	mustExec(t, db, "INSERT INTO ic VALUES (201)")
	mustExec(t, db, "ROLLBACK")
	mustExec(t, db, "SET autocommit = 1")
	if rows, _ := queryText(t, db, "SELECT id FROM ic WHERE id >= 200"); strings.Join(rows, " ") != "200" {
		t.Errorf("autocommit off; INSERT; ANALYZE TABLE; INSERT; ROLLBACK: rows %q, want the first kept", rows)
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
