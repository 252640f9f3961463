package engine

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// execFixture adds a customers table beside vecFixture's order lines,
// with NULL keys, keys without orders and orders without customers.
func execFixture(t *testing.T) *testDB {
	d := vecFixture(t)
	d.exec(`CREATE TABLE c (cid BIGINT PRIMARY KEY, segment VARCHAR(16), email VARCHAR(100), since DATE)`)
	var sb strings.Builder
	sb.WriteString("INSERT INTO c VALUES ")
	for i := 0; i < 350; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		seg := []string{"'gold'", "'silver'", "NULL"}[i%3]
		email := fmt.Sprintf("'u%d@%s'", i, []string{"a.com", "b.org", "c.net", "a.com"}[i%4])
		if i%17 == 0 {
			email = "NULL"
		}
		fmt.Fprintf(&sb, "(%d,%s,%s,'2023-%02d-01')", i+20, seg, email, 1+i%12)
	}
	d.exec(sb.String())
	return d
}

// execQueries reads testdata/exec/queries.sql: blank-line separated
// queries, "-- compiled" before those the executor must take.
func execQueries(t *testing.T) (qs []string, compiled []bool) {
	b, err := os.ReadFile("testdata/exec/queries.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range strings.Split(string(b), "\n\n") {
		var q []string
		must := false
		for _, l := range strings.Split(strings.TrimSpace(block), "\n") {
			switch {
			case l == "-- compiled":
				must = true
			case strings.HasPrefix(l, "#") || l == "":
			default:
				q = append(q, l)
			}
		}
		if len(q) > 0 {
			qs, compiled = append(qs, strings.Join(q, " ")), append(compiled, must)
		}
	}
	return qs, compiled
}

func TestExecMatchesGMS(t *testing.T) {
	d := execFixture(t)
	qs, compiled := execQueries(t)
	for i, q := range qs {
		d.exec("SET cohortdb_vectorize = 0")
		want, err := d.query(q)
		if err != nil {
			t.Fatalf("%s: GMS: %v", q, err)
		}
		d.exec("SET cohortdb_vectorize = 1")
		d.exec("SET cohortdb_exec = 2")
		c0, f0 := execCompiled.Load(), execFallbacks.Load()
		got, err := d.query(q)
		d.exec("SET cohortdb_exec = 1")
		if err != nil {
			t.Fatalf("%s: exec: %v", q, err)
		}
		if compiled[i] && (execCompiled.Load() == c0 || execFallbacks.Load() != f0) {
			t.Errorf("%s: not compiled whole (compiled +%d, fallbacks +%d)", q, execCompiled.Load()-c0, execFallbacks.Load()-f0)
		}
		if g, w := sortedRows(got), sortedRows(want); g != w {
			t.Errorf("%s:\n got %s\nwant %s", q, g, w)
		}
	}
}

// sortedRows is normRows in sorted order: without ORDER BY, any order is right.
func sortedRows(rs []sql.Row) string {
	lines := strings.Split(normRows(rs), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
