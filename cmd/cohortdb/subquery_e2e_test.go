package main

import (
	"strings"
	"testing"
)

// TestSubquerySameTable: a subquery over the table its enclosing query
// reads, unaliased on both sides as Metabase writes it, computes its own
// aggregate. go-mysql-server v0.20.0 reused the outer query's aggregate
// of the same text (dolt#11638): 1242, or the outer group's value. The
// expected rows are worked by hand from the six orders below.
func TestSubquerySameTable(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	mustExec(t, s.root(t, ""), "CREATE DATABASE app")
	db := s.root(t, "app")
	mustExec(t, db, "CREATE TABLE orders (id BIGINT PRIMARY KEY, cust BIGINT, channel VARCHAR(10), amount DECIMAL(10,2), at DATE)")
	mustExec(t, db, `INSERT INTO orders VALUES
		(1, 7, 'web', 10.00, '2024-06-01'), (2, 7, 'web', 20.00, '2025-02-01'),
		(3, 8, 'app', 30.00, '2025-03-01'), (4, 8, 'app', 40.00, '2024-01-01'),
		(5, 7, 'app',  5.00, '2025-04-01'), (6, 9, 'web',  1.00, '2023-01-01')`)
	cases := []struct{ q, want string }{
		// Since 2025: 20 + 30 + 5 = 55; app 75 / 55, web 31 / 55.
		{"SELECT channel, SUM(amount), (SELECT SUM(amount) FROM orders WHERE at >= '2025-01-01') FROM orders GROUP BY channel ORDER BY channel",
			"app 75.00 55.00|web 31.00 55.00"},
		{"SELECT `orders`.`channel`, ROUND(SUM(`orders`.`amount`) / (SELECT SUM(`shop2`.`amount`) FROM `app`.`orders` `shop2` WHERE `shop2`.`at` >= '2025-01-01'), 4), " +
			"ROUND(SUM(`app`.`orders`.`amount`) / (SELECT SUM(`app`.`orders`.`amount`) FROM `app`.`orders` WHERE `app`.`orders`.`at` >= '2025-01-01'), 4) FROM `app`.`orders` GROUP BY `orders`.`channel` ORDER BY 1",
			"app 1.3636 1.3636|web 0.5636 0.5636"},
		// Order counts: cust 7 has 3, 8 has 2, 9 has 1; at least the
		// second-highest count (2): customers 7 and 8.
		{"SELECT cust, COUNT(DISTINCT id) FROM orders GROUP BY cust HAVING COUNT(DISTINCT id) >= " +
			"(SELECT MIN(n) FROM (SELECT COUNT(DISTINCT id) AS n FROM orders GROUP BY cust ORDER BY n DESC LIMIT 2) top) ORDER BY cust",
			"7 3|8 2"},
		// The newest web order is 2025-02-01 (the driver parses DATEs);
		// per channel the newest differs.
		{"SELECT channel, MAX(at), (SELECT MAX(at) FROM orders WHERE channel = 'web') FROM orders GROUP BY channel ORDER BY channel",
			"app 2025-04-01T00:00:00Z 2025-02-01T00:00:00Z|web 2025-02-01T00:00:00Z 2025-02-01T00:00:00Z"},
		// Correlated: the inner `orders` is the subquery's own table, the
		// outer one is reached through its alias.
		{"SELECT o.id, (SELECT COUNT(*) FROM orders WHERE orders.cust = o.cust AND orders.amount > o.amount) FROM orders o ORDER BY o.id",
			"1 1|2 0|3 1|4 0|5 2|6 0"},
	}
	for _, c := range cases {
		if got := rowsLine(queryText(t, db, c.q)); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.q, got, c.want)
		}
	}
}

// rowsLine prints rows as "a b|c d" (NULL as NULL).
func rowsLine(rows [][]*string) string {
	var out []string
	for _, r := range rows {
		var f []string
		for _, v := range r {
			if v == nil {
				f = append(f, "NULL")
			} else {
				f = append(f, *v)
			}
		}
		out = append(out, strings.Join(f, " "))
	}
	return strings.Join(out, "|")
}
