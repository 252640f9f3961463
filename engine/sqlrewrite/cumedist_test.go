package sqlrewrite

import (
	"strings"
	"testing"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// TestCumeDist: CUME_DIST() OVER (w) becomes two COUNT(*) windows, in
// the select list (keeping the item's name) and in ORDER BY, nested in
// other expressions too; a named window is left alone.
func TestCumeDist(t *testing.T) {
	for _, c := range []struct {
		q, want string
	}{
		{"SELECT CUME_DIST() OVER (PARTITION BY a ORDER BY b) FROM t",
			"select (count(*) over (partition by a order by b asc) * 1e0 / count(*) over (partition by a)) from t"},
		{"SELECT ROUND(CUME_DIST() OVER (ORDER BY b DESC), 2) AS r FROM t ORDER BY CUME_DIST() OVER (ORDER BY b)",
			"select round((count(*) over ( order by b desc) * 1e0 / count(*) over ()), 2) r from t order by (count(*) over ( order by b asc) * 1e0 / count(*) over ()) asc"},
		{"SELECT CUME_DIST() OVER () FROM t", "select (count(*) over () * 1e0 / count(*) over ()) from t"},
		{"SELECT CUME_DIST() OVER w FROM t WINDOW w AS (ORDER BY b)", "cume_dist() over w"},
		{"SELECT x FROM (SELECT CUME_DIST() OVER (ORDER BY b) AS x FROM t) d", "select x from (select (count(*) over ( order by b asc) * 1e0 / count(*) over ()) x from t) as d"},
	} {
		st, err := sqlparser.Parse(c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		rewriteCumeDist(st)
		got := strings.ToLower(sqlparser.String(st))
		if !strings.Contains(got, c.want) {
			t.Errorf("%s:\n got %s\nwant %s", c.q, got, c.want)
		}
	}
}

// TestCumeDistKeepsName: the select-list item is still named by its text.
func TestCumeDistKeepsName(t *testing.T) {
	st, err := sqlparser.Parse("SELECT CUME_DIST() OVER (ORDER BY b) FROM t")
	if err != nil {
		t.Fatal(err)
	}
	rewriteCumeDist(st)
	ae := st.(*sqlparser.Select).SelectExprs[0].(*sqlparser.AliasedExpr)
	if ae.InputExpression != "CUME_DIST() OVER (ORDER BY b)" {
		t.Errorf("name %q", ae.InputExpression)
	}
}
