package sqlrewrite

import (
	"testing"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// TestRewriteWindowAggregates pins the SQL each shape becomes: the
// grouping in a derived table, the windows over it. (What the rewritten
// statements return is checked against hand-written derived tables in
// engine's TestWindowsOverAggregates.)
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
		// A frame, and PARTITION BY and ORDER BY of GROUP BY columns.
		{
			"SELECT status, qty, SUM(qty) AS s, SUM(SUM(qty)) OVER (PARTITION BY status ORDER BY qty ROWS UNBOUNDED PRECEDING) AS run FROM o GROUP BY status, qty ORDER BY status, qty LIMIT 7",
			"select _ws0 as `status`, _ws1 as qty, s as s, SUM(_wagg.s) over (partition by _wagg._ws0 order by _wagg._ws1 asc ROWS UNBOUNDED PRECEDING) run from (select `status` as _ws0, qty as _ws1, SUM(qty) s from o group by `status`, qty) as _wagg order by _wagg._ws0 asc, _wagg._ws1 asc limit 7",
		},
		// A named window over GROUP BY expressions, read by their aliases.
		{
			"SELECT YEAR(at) AS y, MONTH(at) AS mo, COUNT(*) AS n, LAG(COUNT(*)) OVER w AS prev FROM o GROUP BY YEAR(at), MONTH(at) WINDOW w AS (PARTITION BY YEAR(at) ORDER BY MONTH(at)) ORDER BY y, mo",
			"select y as y, mo as mo, n as n, LAG(_wagg.n) over w prev from (select YEAR(`at`) y, MONTH(`at`) mo, COUNT(*) n from o group by YEAR(`at`), MONTH(`at`)) as _wagg window w as (partition by _wagg.y order by _wagg.mo asc) order by y asc, mo asc",
		},
		// DISTINCT stays outside; two aggregates only a window uses become
		// inner columns; an item without a window moves inside whole,
		// subquery and all.
		{
			"SELECT DISTINCT k, CASE WHEN SUM(a) > (SELECT MAX(b) FROM u) THEN 1 ELSE 0 END AS big, ROW_NUMBER() OVER (ORDER BY MAX(a) + MIN(a), k) AS rn FROM t GROUP BY k",
			"select distinct _ws0 as k, big as big, ROW_NUMBER() over ( order by _wagg._wa0 + _wagg._wa1 asc, _wagg._ws0 asc) rn from (select k as _ws0, case when SUM(a) > (select MAX(b) from u) then 1 else 0 end big, MAX(a) _wa0, MIN(a) _wa1 from t group by k) as _wagg",
		},
		// A subquery inside a window's ORDER BY keeps its own columns.
		{
			"SELECT k, RANK() OVER (ORDER BY SUM(a) - (SELECT MAX(b) FROM u) DESC) AS r FROM t GROUP BY k",
			"select _ws0 as k, RANK() over ( order by _wagg._wa0 - (select MAX(b) from u) desc) r from (select k as _ws0, SUM(a) _wa0 from t group by k) as _wagg",
		},
		// GROUP_CONCAT is an aggregate; BETWEEN reads the GROUP BY column.
		{
			"SELECT k, GROUP_CONCAT(v ORDER BY v) AS g, NTILE(2) OVER (ORDER BY GROUP_CONCAT(v ORDER BY v), k BETWEEN 1 AND 3) AS n FROM t GROUP BY k",
			"select _ws0 as k, g as g, NTILE(2) over ( order by _wagg.g asc, _wagg._ws0 between 1 and 3 asc) n from (select k as _ws0, group_concat(v order by v asc) g from t group by k) as _wagg",
		},
		// Every SELECT that needs it, the derived table's and the IN
		// subquery's, is rewritten on its own.
		{
			"SELECT * FROM (SELECT cid, COUNT(*) AS n, DENSE_RANK() OVER (ORDER BY COUNT(*) DESC) AS dr FROM o GROUP BY cid) t WHERE dr <= 3 AND cid IN (SELECT c, SUM(x) OVER () FROM z GROUP BY c)",
			"select * from (select _ws0 as cid, n as n, DENSE_RANK() over ( order by _wagg.n desc) dr from (select cid as _ws0, COUNT(*) n from o group by cid) as _wagg) as t where dr <= 3 and cid in (select _ws0 as c, SUM(_wagg._wa0) over () `SUM(x) OVER ()` from (select c as _ws0, x as _wa0 from z group by c) as _wagg)",
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
