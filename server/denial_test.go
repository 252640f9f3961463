package server

import (
	"testing"

	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// TestDeniedTable: the table of database d (named in any case) a refused
// statement is answered about, and the command MySQL names.
func TestDeniedTable(t *testing.T) {
	for _, tc := range []struct{ q, cur, want string }{
		{"SELECT * FROM D.t", "", "SELECT t"},
		{"SELECT * FROM x JOIN d.t2 ON 1 WHERE 1", "", "SELECT t2"},
		{"SELECT 1 FROM x WHERE id IN (SELECT id FROM d.s)", "", "SELECT s"},
		{"SELECT * FROM x", "other", ""},
		{"SELECT * FROM c", "d", "SELECT c"},
		{"(SELECT 1 FROM o.a) UNION (SELECT 1 FROM d.u)", "", "SELECT u"},
		{"INSERT INTO d.t VALUES (1)", "", "INSERT t"},
		{"REPLACE INTO d.t VALUES (1)", "", "INSERT t"},
		{"INSERT INTO o.t SELECT * FROM d.src", "", "SELECT src"},
		{"UPDATE d.t SET c = 1", "", "UPDATE t"},
		{"DELETE FROM d.t WHERE 1", "", "DELETE t"},
		{"SHOW TABLES FROM d", "", ""},
		{"CREATE DATABASE d", "", ""},
	} {
		stmt, err := ast.Parse(tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.q, err)
		}
		got := ""
		if cmd, table, ok := deniedTable(stmt, "d", func() string { return tc.cur }); ok {
			got = cmd + " " + table
		}
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.q, got, tc.want)
		}
	}
}
