package sqlrewrite

import (
	"testing"

	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// TestOutfileCharset: the CHARACTER SET clauses mysqldump --tab sends
// (in its versioned comment, as it sends them) are dropped; others are
// kept for the planner to refuse.
func TestOutfileCharset(t *testing.T) {
	for _, c := range []struct {
		q, want string
	}{
		{"SELECT /*!40001 SQL_NO_CACHE */ * INTO OUTFILE '/tmp/t.txt' /*!50138 CHARACTER SET binary */ FROM t", ""},
		{"SELECT a INTO OUTFILE 'x' CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' FROM t", ""},
		{"SELECT a INTO OUTFILE 'x' CHARACTER SET latin1 FROM t", "latin1"},
	} {
		st, err := ast.Parse(c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		rewriteOutfileCharset(st)
		if got := st.(*ast.Select).Into.Charset; got != c.want {
			t.Errorf("%s: charset %q, want %q", c.q, got, c.want)
		}
	}
}
