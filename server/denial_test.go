package server

import (
	"fmt"
	"testing"

	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// TestTableUses: the tables a statement uses in the order MySQL checks
// them, with the command MySQL names refusing each.
func TestTableUses(t *testing.T) {
	for _, tc := range []struct{ q, want string }{
		{"SELECT * FROM D.t", "[{SELECT D t}]"},
		{"SELECT * FROM x JOIN d.t2 ON 1 WHERE 1", "[{SELECT cur x} {SELECT d t2}]"},
		{"SELECT 1 FROM x WHERE id IN (SELECT id FROM d.s)", "[{SELECT cur x} {SELECT d s}]"},
		{"(SELECT 1 FROM o.a) UNION (SELECT 1 FROM d.u)", "[{SELECT o a} {SELECT d u}]"},
		{"INSERT INTO d.t VALUES (1)", "[{INSERT d t}]"},
		{"REPLACE INTO d.t VALUES (1)", "[{INSERT d t}]"},
		{"INSERT INTO o.t SELECT * FROM d.src JOIN o.t", "[{INSERT o t} {SELECT d src}]"},
		{"UPDATE d.t SET c = 1 WHERE id IN (SELECT id FROM x)", "[{UPDATE d t} {SELECT cur x}]"},
		{"DELETE FROM t WHERE 1", "[{DELETE cur t}]"},
		{"SHOW TABLES FROM d", "[]"},
		{"CREATE DATABASE d", "[]"},
	} {
		stmt, err := ast.Parse(tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.q, err)
		}
		if got := fmt.Sprint(tableUses(stmt, func() string { return "cur" })); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.q, got, tc.want)
		}
	}
}
