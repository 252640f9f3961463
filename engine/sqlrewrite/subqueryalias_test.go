package sqlrewrite

import (
	"testing"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// TestRewriteSubqueryAliases pins the aliases subquery tables get and the
// column references that follow them. (What the rewritten statements
// return is checked against MariaDB by server/difftest's corpus and in
// cmd/cohortdb's TestSubquerySameTable.)
func TestRewriteSubqueryAliases(t *testing.T) {
	cases := []struct{ in, want string }{
		// Metabase's shape: the same unaliased table inside and out.
		{
			"SELECT channel, SUM(amount) / (SELECT SUM(amount) FROM orders WHERE ordered_at >= '2025-01-01') FROM orders GROUP BY channel",
			"select `channel`, SUM(amount) / (select SUM(amount) from orders as orders_1 where ordered_at >= '2025-01-01') from orders group by `channel`",
		},
		// Qualified references, database included, follow the alias.
		{
			"SELECT `shop`.`orders`.`channel`, SUM(`shop`.`orders`.`amount`), (SELECT SUM(`shop`.`orders`.`amount`) FROM `shop`.`orders` WHERE `shop`.`orders`.`qty` > 1) FROM `shop`.`orders` GROUP BY `shop`.`orders`.`channel`",
			"select shop.orders.`channel`, SUM(shop.orders.amount), (select SUM(orders_1.amount) from shop.orders as orders_1 where orders_1.qty > 1) from shop.orders group by shop.orders.`channel`",
		},
		// B26: a derived table inside a scalar subquery in HAVING.
		{
			"SELECT customer_id, COUNT(DISTINCT order_id) FROM orders GROUP BY customer_id HAVING COUNT(DISTINCT order_id) >= (SELECT MIN(n) FROM (SELECT COUNT(DISTINCT order_id) AS n FROM orders GROUP BY customer_id ORDER BY n DESC LIMIT 10) top10)",
			"select customer_id, COUNT(distinct order_id) from orders group by customer_id having COUNT(distinct order_id) >= (select MIN(n) from (select COUNT(distinct order_id) n from orders as orders_1 group by customer_id order by n desc limit 10) as top10)",
		},
		// A correlated reference to the outer table stays on it; the
		// inner one, by its name, goes to the inner alias.
		{
			"SELECT o.id FROM orders o WHERE o.amount > (SELECT AVG(o.amount) FROM orders o WHERE o.cid = 1) AND EXISTS (SELECT 1 FROM customers c WHERE c.id = o.cid)",
			"select o.id from orders as o where o.amount > (select AVG(o_1.amount) from orders as o_1 where o_1.cid = 1) and exists (select 1 from customers as c where c.id = o.cid)",
		},
		{
			"SELECT * FROM orders WHERE amount > (SELECT MAX(c.x) FROM customers c JOIN orders ON orders.cid = c.id WHERE c.id = (SELECT MIN(orders.cid) FROM t))",
			"select * from orders where amount > (select MAX(c.x) from customers as c join orders as orders_1 on orders_1.cid = c.id where c.id = (select MIN(orders_1.cid) from t))",
		},
		// Nested twice: each level gets its own alias; names already in
		// the statement are skipped; stars follow.
		{
			"SELECT (SELECT COUNT(*) FROM t WHERE t.a > (SELECT MAX(t.a) FROM t)) FROM t, t_1",
			"select (select COUNT(*) from t as t_2 where t_2.a > (select MAX(t_3.a) from t as t_3)) from t, t_1",
		},
		{
			"SELECT a FROM t WHERE EXISTS (SELECT t.* FROM t WHERE t.b = 1)",
			"select a from t where exists (select t_1.* from t as t_1 where t_1.b = 1)",
		},
		// UNION sides and CTE bodies are queries like any other.
		{
			"WITH c AS (SELECT SUM(a) s FROM t) SELECT SUM(a), (SELECT s FROM c), (SELECT SUM(a) FROM t UNION ALL SELECT SUM(a) FROM t LIMIT 1) FROM t",
			"with c as (select SUM(a) s from t) select SUM(a), (select s from c), (select SUM(a) from t as t_1 union all select SUM(a) from t as t_2 limit 1) from t",
		},
		// No clash: unchanged.
		{
			"SELECT SUM(amount) / (SELECT SUM(amount) FROM orders o2) FROM orders",
			"select SUM(amount) / (select SUM(amount) from orders as o2) from orders",
		},
		{
			"SELECT c.id, (SELECT COUNT(*) FROM orders WHERE orders.cid = c.id) FROM customers c",
			"select c.id, (select COUNT(*) from orders where orders.cid = c.id) from customers as c",
		},
	}
	for _, c := range cases {
		st, err := sqlparser.Parse(c.in)
		if err != nil {
			t.Fatal(err)
		}
		rewriteSubqueryAliases(st)
		if got := sqlparser.String(st); got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.in, got, c.want)
		}
	}
}
