package engine

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// TestLargeScansCompiled: a DISTINCT, a UNION (DISTINCT) and a sort over
// a scan of sortRowsToCompile rows or more run vectorised under the
// default cohortdb_exec = 1 (every row hashed or sorted: GMS took 1.1 s
// for SELECT DISTINCT channel over 10.6M lines), over a small table and
// a UNION ALL they stay with GMS; the answers are GMS's.
func TestLargeScansCompiled(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE DATABASE shop")
	d.sess.SetCurrentDatabase("shop") // d.load's database
	d.exec("CREATE TABLE big (id BIGINT PRIMARY KEY, ch VARCHAR(8), st VARCHAR(8), n INT)")
	d.exec("CREATE TABLE small (id BIGINT PRIMARY KEY, ch VARCHAR(8))")
	d.exec("INSERT INTO small VALUES (1, 'web'), (2, 'fax'), (3, NULL)")
	var sb strings.Builder
	sb.WriteString("id,ch,st,n\n")
	for i := range sortRowsToCompile + 5000 {
		ch := []string{"web", "app", "store", `\N`}[i%4]
		fmt.Fprintf(&sb, "%d,%s,%s,%d\n", i, ch, []string{"valid", "returned"}[i%3/2], i%97)
	}
	d.load("big", []byte(sb.String()))
	for _, c := range []struct {
		q          string
		vectorised bool
	}{
		{"SELECT DISTINCT ch FROM big", true},
		{"SELECT DISTINCT ch, st FROM big WHERE n > 10", true},
		{"SELECT ch FROM big WHERE st = 'returned' UNION SELECT ch FROM small", true},
		{"SELECT n FROM big ORDER BY n DESC, id LIMIT 3", true},
		{"SELECT DISTINCT ch FROM small", false},
		{"SELECT ch FROM big WHERE n = 3 UNION ALL SELECT ch FROM small", false},
	} {
		plan := normRows(d.exec("EXPLAIN PLAN " + c.q))
		if got := strings.HasPrefix(plan, "(Vectorized)"); got != c.vectorised {
			t.Errorf("%s: vectorised %v, want %v:\n%s", c.q, got, c.vectorised, plan)
		}
		got := sortedRows(d.exec(c.q))
		d.exec("SET cohortdb_vectorize = 0")
		want := sortedRows(d.exec(c.q))
		d.exec("SET cohortdb_vectorize = 1")
		if got != want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.q, got, want)
		}
	}
}

func sortedRows(rows []sql.Row) string {
	lines := strings.Split(normRows(rows), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
