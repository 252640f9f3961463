package engine

import (
	"strings"
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

// TestGroupedSubqueryAlias: a query grouped by the alias or the position
// of a select expression holding a correlated subquery answers one row
// per value of the subquery, with and without the executor
// (hand-worked: customers 1 and 2 have orders, 3 and 4 none).
func TestGroupedSubqueryAlias(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE o (id BIGINT PRIMARY KEY, c INT, p INT)")
	d.exec("CREATE TABLE cu (c INT PRIMARY KEY, k INT)")
	d.exec("INSERT INTO o VALUES (1, 1, 10), (2, 1, 11), (3, 2, 10)")
	d.exec("INSERT INTO cu VALUES (1, 5), (2, 6), (3, 7), (4, 8)")
	for _, c := range []struct{ q, want string }{
		{"SELECT EXISTS(SELECT 1 FROM o WHERE o.c = cu.c) AS b, COUNT(*) FROM cu GROUP BY b ORDER BY b", "(0, 2)\n(1, 2)\n"},
		{"SELECT EXISTS(SELECT 1 FROM o WHERE o.c = cu.c) AS b, SUM(k) FROM cu GROUP BY 1 ORDER BY 1", "(0, 15)\n(1, 11)\n"},
		{"SELECT (SELECT MAX(o.p) FROM o WHERE o.c = cu.c) AS m, COUNT(*) FROM cu GROUP BY m HAVING COUNT(*) > 0 ORDER BY m", "(NULL, 2)\n(10, 1)\n(11, 1)\n"},
	} {
		for _, v := range []string{"1", "0"} {
			d.exec("SET cohortdb_vectorize = " + v)
			rows, err := d.query(c.q)
			if err != nil {
				t.Fatalf("vectorize=%s %s: %v", v, c.q, err)
			}
			if got := strings.NewReplacer("true", "1", "false", "0").Replace(normRows(rows)); got != c.want {
				t.Errorf("vectorize=%s %s:\n%s want\n%s", v, c.q, got, c.want)
			}
		}
	}
	_, err := d.query("SELECT k, EXISTS(SELECT 1 FROM o WHERE o.c = cu.c) AS b FROM cu GROUP BY k")
	if !analyzererrors.ErrValidationGroupBy.Is(err) {
		t.Errorf("subquery over a column outside GROUP BY: %v, want 1055", err)
	}
}
