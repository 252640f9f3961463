package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// TestRoutineStatementsOverTheWire: statements GUI tools and dump tools
// send routinely work as in MySQL: savepoints, DO, SHOW ERRORS,
// CHECKSUM TABLE, SELECT … FOR UPDATE.
func TestRoutineStatementsOverTheWire(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE sp (id INT PRIMARY KEY)")
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	exec := func(q string) error { _, err := conn.ExecContext(ctx, q); return err }
	for _, q := range []string{"BEGIN", "INSERT INTO sp VALUES (1)", "SAVEPOINT a", "INSERT INTO sp VALUES (2)",
		"SAVEPOINT b", "INSERT INTO sp VALUES (3)", "ROLLBACK TO SAVEPOINT b", "RELEASE SAVEPOINT b"} {
		if err := exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	wantErrNum(t, exec("ROLLBACK TO SAVEPOINT b"), 1305, "rollback to a released savepoint")
	if err := exec("ROLLBACK TO SAVEPOINT a"); err != nil {
		t.Fatal(err)
	}
	if err := exec("COMMIT"); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM sp"); n != 1 {
		t.Errorf("after savepoints, %d rows; want 1 (only the insert before SAVEPOINT a)", n)
	}

	if err := exec("DO 1, SLEEP(0)"); err != nil {
		t.Errorf("DO: %v", err)
	}
	wantErrNum(t, exec("DO no_such_column"), 1054, "DO of an unknown column")
	_ = exec("SELECT * FROM no_such_table")
	rows := connRows(t, conn, "SHOW ERRORS")
	if len(rows) != 1 || rows[0] != "Error|1146|table not found: no_such_table" {
		t.Errorf("SHOW ERRORS after a missing table = %v", rows)
	}
	if rows := connRows(t, conn, "SHOW ERRORS"); len(rows) != 1 {
		t.Errorf("SHOW ERRORS must not clear the error: %v", rows)
	}
	if rows := connRows(t, conn, "SHOW COUNT(*) ERRORS"); len(rows) != 1 || rows[0] != "1" {
		t.Errorf("SHOW COUNT(*) ERRORS = %v, want 1", rows)
	}
	_ = exec("DO 1")
	if rows := connRows(t, conn, "SHOW ERRORS"); len(rows) != 0 {
		t.Errorf("SHOW ERRORS after a good statement = %v, want none", rows)
	}

	mustExec(t, db, "CREATE TABLE sp2 (id INT PRIMARY KEY)")
	mustExec(t, db, "INSERT INTO sp2 VALUES (1)")
	got := rowsText(t, db, "CHECKSUM TABLE sp, sp2, no_such_table")
	if len(got) != 3 || !strings.HasPrefix(got[0], "shop.sp|") || !strings.HasPrefix(got[1], "shop.sp2|") ||
		got[2] != "shop.no_such_table|NULL" {
		t.Fatalf("CHECKSUM TABLE = %v", got)
	}
	if a, b := strings.TrimPrefix(got[0], "shop.sp|"), strings.TrimPrefix(got[1], "shop.sp2|"); a != b || a == "NULL" {
		t.Errorf("equal tables sp and sp2 have checksums %s and %s", a, b)
	}
	if rows := rowsText(t, db, "SELECT id FROM sp WHERE id = 1 FOR UPDATE"); len(rows) != 1 {
		t.Errorf("SELECT … FOR UPDATE = %v", rows)
	}
}

// connRows runs q on one connection and renders each row's columns as
// text joined by '|' (NULL as "NULL").
func connRows(t *testing.T, conn *sql.Conn, q string) []string {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			parts[i] = "NULL"
			if v.Valid {
				parts[i] = v.String
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}
