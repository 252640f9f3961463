package engine

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql/analyzer/analyzererrors"
)

// TestGroupedSubqueryOuterColumn: a subquery in a grouped SELECT list
// reading an outer column outside GROUP BY is refused as MySQL refuses
// it (ONLY_FULL_GROUP_BY; the server sends 1055), where GMS failed while
// running it; one reading a grouped column answers (hand-worked).
func TestGroupedSubqueryOuterColumn(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE o (id BIGINT PRIMARY KEY, c INT, p INT)")
	d.exec("CREATE TABLE p (pid INT PRIMARY KEY)")
	d.exec("INSERT INTO o VALUES (1, 1, 10), (2, 1, 11), (3, 2, 10)")
	d.exec("INSERT INTO p VALUES (10), (11), (12)")
	_, err := d.query("SELECT o.c, (SELECT COUNT(*) FROM p WHERE p.pid = o.p) FROM o GROUP BY o.c")
	if !analyzererrors.ErrValidationGroupBy.Is(err) {
		t.Errorf("outer column outside GROUP BY: %v, want %q", err, analyzererrors.ErrValidationGroupBy.Message)
	}
	rows, err := d.query("SELECT o.c, (SELECT COUNT(*) FROM o x WHERE x.c = o.c) FROM o GROUP BY o.c ORDER BY o.c")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := normRows(rows), "(1, 2)\n(2, 1)\n"; got != want {
		t.Errorf("grouped column: %q, want %q", got, want)
	}
}
