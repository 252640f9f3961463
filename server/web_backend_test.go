package server

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"testing"

	"github.com/dolthub/vitess/go/mysql"
)

// webBackendOf is the insight pages' backend of a memory server, with
// mydb as the session database.
func webBackendOf(s *memServer) *webBackend {
	return &webBackend{sql: s.be.sql, newSession: s.be.newSession, db: s.be.sql.Analyzer.Catalog.MySQLDb,
		guard: s.guard, addr: s.Addr().String(), database: "mydb"}
}

var loopback = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000}

func TestWebLoginChecksTheAccountStore(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	root := s.open(t, "root", "pw", "")
	mustExec(t, root, "CREATE USER 'ana'@'%' IDENTIFIED BY 'x'")
	mustExec(t, root, "CREATE USER 'sha'@'%' IDENTIFIED WITH caching_sha2_password BY 'y'")
	mustExec(t, root, "CREATE USER 'far'@'10.1.2.3' IDENTIFIED BY 'z'")
	mustExec(t, root, "CREATE USER 'locked'@'%' IDENTIFIED BY 'l' ACCOUNT LOCK")
	mustExec(t, root, "CREATE USER 'nopw'@'%'")
	root.Close()
	b := webBackendOf(s)
	for _, c := range []struct {
		user, pw string
		from     net.Addr
		want     uint16 // 0: logged in
		host     string
	}{
		{"root", "pw", loopback, 0, "localhost"},
		{"root", "wrong", loopback, 1045, ""},
		{"ana", "x", loopback, 0, "%"},
		{"ana", "X", loopback, 1045, ""},
		{"sha", "y", loopback, 0, "%"},
		{"sha", "x", loopback, 1045, ""},
		{"far", "z", loopback, 1045, ""}, // its host pattern does not match the browser's address
		{"far", "z", &net.TCPAddr{IP: net.IPv4(10, 1, 2, 3), Port: 1}, 0, "10.1.2.3"},
		{"locked", "l", loopback, 3118, ""},
		{"nopw", "", loopback, 0, "%"},
		{"nopw", "something", loopback, 1045, ""},
		{"nobody", "", loopback, 1045, ""},
	} {
		acct, err := b.Login(context.Background(), c.user, c.pw, c.from, false)
		if c.want == 0 {
			if err != nil || acct.User != c.user || acct.Host != c.host {
				t.Errorf("%s/%s from %v: got %+v, %v; want %s@%s", c.user, c.pw, c.from, acct, err, c.user, c.host)
			}
			continue
		}
		wantSQLErr(t, err, c.want, c.user+"/"+c.pw)
	}
}

func TestWebQueryRunsWithTheAccountsPrivileges(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	root := s.open(t, "root", "pw", "")
	mustExec(t, root, "CREATE TABLE mydb.secret (v INT)")
	mustExec(t, root, "CREATE TABLE mydb.vals (i BIGINT, d DECIMAL(10,2), f DOUBLE, s VARCHAR(10), dt DATE)")
	mustExec(t, root, "INSERT INTO mydb.vals VALUES (1, 2.50, 0.1, 'a', '2024-06-30'), (NULL, NULL, NULL, NULL, NULL)")
	mustExec(t, root, "CREATE USER 'ana'@'%' IDENTIFIED BY 'x'")
	mustExec(t, root, "GRANT SELECT ON mydb.vals TO 'ana'@'%'")
	root.Close()
	b := webBackendOf(s)
	ana, err := b.Login(context.Background(), "ana", "x", loopback, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Query(context.Background(), ana, "SELECT * FROM secret")
	wantSQLErr(t, err, 1142, "ana reads a table she has no SELECT on")

	const q = "SELECT i, d, f, s, dt FROM vals ORDER BY i DESC"
	res, err := b.Query(context.Background(), ana, q)
	if err != nil {
		t.Fatal(err)
	}
	// What a MySQL client of the wire port reads for the same statement.
	db := s.open(t, "ana", "x", "mydb")
	defer db.Close()
	want := wireRows(t, db, q)
	if len(res.Rows) != len(want) {
		t.Fatalf("web rows %d, wire rows %d", len(res.Rows), len(want))
	}
	for i, row := range res.Rows {
		for j, v := range row {
			if (v == nil) != (want[i][j] == nil) || (v != nil && *v != *want[i][j]) {
				t.Errorf("row %d col %s: web %v, wire %v", i, res.Columns[j].Name, deref(v), deref(want[i][j]))
			}
		}
	}
	numeric := []bool{true, true, true, false, false}
	for j, c := range res.Columns {
		if c.Numeric != numeric[j] {
			t.Errorf("column %s numeric = %v, want %v", c.Name, c.Numeric, numeric[j])
		}
	}
}

func TestWebQueryLeavesNoProcess(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	b := webBackendOf(s)
	root, err := b.Login(context.Background(), "root", "pw", loopback, false)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := b.Query(context.Background(), root, "SELECT x FROM t"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Query(context.Background(), root, "SELECT nope FROM t"); err == nil {
		t.Fatal("a bad column gave no error")
	}
	for _, p := range s.be.sql.ProcessList.Processes() {
		if p.Connection >= webConnIDBase {
			t.Errorf("process list still holds web connection %d (%s)", p.Connection, p.Query)
		}
	}
}

// wantSQLErr checks that err is a MySQL error num (as the server hands
// it to the wire).
func wantSQLErr(t *testing.T, err error, num uint16, what string) {
	t.Helper()
	var se *mysql.SQLError
	if !errors.As(err, &se) || se.Number() != int(num) {
		t.Errorf("%s: want MySQL error %d, got %v", what, num, err)
	}
}

// wireRows reads q over the wire as text (nil for NULL).
func wireRows(t *testing.T, db *sql.DB, q string) [][]*string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]*string
	for rows.Next() {
		raw := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]*string, len(cols))
		for i, r := range raw {
			if r != nil {
				s := string(r)
				row[i] = &s
			}
		}
		out = append(out, row)
	}
	return out
}

func deref(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}
