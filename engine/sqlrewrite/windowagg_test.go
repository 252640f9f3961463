package sqlrewrite

import (
	"testing"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// TestRewriteWindowAggregates pins the SQL each shape becomes: the
// grouping in a derived table, the windows over it.
func TestRewriteWindowAggregates(t *testing.T) {
	cases := []struct{ in, want string }{
		{
			"SELECT product_id, COUNT(DISTINCT customer_id) AS buyers, RANK() OVER (ORDER BY COUNT(DISTINCT customer_id) DESC) AS rnk FROM orders WHERE status = 'valid' GROUP BY product_id",
			"select _ws0 as product_id, buyers as buyers, RANK() over ( order by _wagg.buyers desc) rnk from (select product_id as _ws0, COUNT(distinct customer_id) buyers from orders where `status` = 'valid' group by product_id) as _wagg",
		},
		{
			"SELECT country, SUM(amount) AS revenue, SUM(amount) / SUM(SUM(amount)) OVER () AS share FROM t GROUP BY 1 ORDER BY share DESC LIMIT 3",
			"select _ws0 as country, revenue as revenue, _wagg.revenue / SUM(_wagg.revenue) over () `share` from (select country as _ws0, SUM(amount) revenue from t group by country) as _wagg order by `share` desc limit 3",
		},
		{
			"SELECT YEAR(at) AS y, COUNT(*), LAG(COUNT(*)) OVER (ORDER BY YEAR(at)) AS prev FROM t GROUP BY YEAR(at) HAVING COUNT(*) > 1",
			"select y as y, _ws1 as `COUNT(*)`, LAG(_wagg._ws1) over ( order by _wagg.y asc) prev from (select YEAR(`at`) y, COUNT(*) _ws1 from t group by YEAR(`at`) having COUNT(*) > 1) as _wagg",
		},
		// No grouping, or no window: unchanged.
		{"SELECT a, ROW_NUMBER() OVER (ORDER BY a) FROM t", "select a, ROW_NUMBER() over ( order by a asc) from t"},
		{"SELECT a, COUNT(*) FROM t GROUP BY a", "select a, COUNT(*) from t group by a"},
		// SELECT * is left to GMS.
		{"SELECT *, RANK() OVER (ORDER BY COUNT(*)) FROM t GROUP BY a", "select *, RANK() over ( order by COUNT(*) asc) from t group by a"},
	}
	for _, c := range cases {
		st, err := sqlparser.Parse(c.in)
		if err != nil {
			t.Fatal(err)
		}
		rewriteWindowAggregates(st)
		if got := sqlparser.String(st); got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.in, got, c.want)
		}
	}
}
