package sqlrewrite

import (
	"testing"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// TestRewriteOrderByAliases (OrderByAliases): an alias inside an ORDER BY expression is
// its select-list expression; a bare alias item, a qualified name and a
// subquery's names are left alone. (What the statements return is checked
// against MariaDB by server/difftest's orderby corpus.)
func TestRewriteOrderByAliases(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT DAYNAME(at) AS d, COUNT(*) FROM o GROUP BY d ORDER BY FIELD(d, 'Monday', 'Sunday')",
			"select DAYNAME(`at`) d, COUNT(*) from o group by d order by FIELD((DAYNAME(`at`)), 'Monday', 'Sunday') asc"},
		{"SELECT c AS x, COUNT(*) n FROM t GROUP BY c ORDER BY n * 2 DESC, x",
			"select c as x, COUNT(*) n from t group by c order by (COUNT(*)) * 2 desc, x asc"},
		{"SELECT a AS n FROM t ORDER BY t.n + 1, (SELECT MAX(n) FROM u)",
			"select a as n from t order by t.n + 1 asc, (select MAX(n) from u) asc"},
	} {
		st, err := sqlparser.Parse(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		OrderByAliases(st)
		if got := sqlparser.String(st); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}
