package behaviour_test

import (
	"fmt"
	"testing"
)

// cartsSQL is abandoned_carts(hours, as_of) in plain SQL.
const cartsSQL = `
SELECT e.customer_id, COUNT(*), COUNT(DISTINCT e.product_id), SUM(p.price), MIN(e.occurred_at), MAX(e.occurred_at)
FROM events e LEFT JOIN products p ON p.product_id = e.product_id
WHERE e.type = 'cart_add' AND e.occurred_at <= TIMESTAMP('%[2]s') - INTERVAL %[1]d HOUR
  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = e.customer_id AND o.status = 'valid'
                  AND o.ordered_at >= e.occurred_at AND o.ordered_at <= TIMESTAMP('%[2]s'))
GROUP BY e.customer_id ORDER BY e.customer_id`

// sessionsSQL is session_stats(from, to, dim) in plain SQL: a web event
// more than the timeout after its predecessor starts a session (a running
// sum numbers them), a valid order line belongs to the session whose
// [start, end + timeout] holds it.
const sessionsSQL = `
WITH w AS (
  SELECT customer_id, occurred_at, %[4]s AS dim,
    CASE WHEN LAG(occurred_at) OVER (PARTITION BY customer_id ORDER BY occurred_at) IS NULL
      OR occurred_at > LAG(occurred_at) OVER (PARTITION BY customer_id ORDER BY occurred_at) + INTERVAL %[3]d MINUTE
      THEN 1 ELSE 0 END AS fresh
  FROM events WHERE type IN ('site_visit', 'product_view', 'cart_add')
), n AS (
  SELECT customer_id, occurred_at, dim, fresh,
    SUM(fresh) OVER (PARTITION BY customer_id ORDER BY occurred_at ROWS UNBOUNDED PRECEDING) AS sid
  FROM w
), s AS (
  SELECT customer_id, sid, MIN(occurred_at) AS start_at, MAX(occurred_at) AS end_at, COUNT(*) AS hits,
    MAX(CASE WHEN fresh = 1 THEN dim END) AS dim
  FROM n GROUP BY customer_id, sid
), r AS (
  SELECT s.customer_id, s.sid, SUM(o.amount) AS revenue
  FROM s JOIN orders o ON o.customer_id = s.customer_id AND o.status = 'valid'
    AND o.ordered_at >= s.start_at AND o.ordered_at <= s.end_at + INTERVAL %[3]d MINUTE
  GROUP BY s.customer_id, s.sid
)
SELECT s.dim, COUNT(*), COUNT(DISTINCT s.customer_id),
  ROUND(SUM(s.hits = 1) / COUNT(*), 4),
  ROUND(AVG(TIMESTAMPDIFF(SECOND, s.start_at, s.end_at)), 1),
  COUNT(r.sid), ROUND(COUNT(r.sid) / COUNT(*), 4),
  COALESCE(SUM(r.revenue), 0), ROUND(COALESCE(SUM(r.revenue), 0) / COUNT(*), 2)
FROM s LEFT JOIN r ON r.customer_id = s.customer_id AND r.sid = s.sid
WHERE DATE(s.start_at) BETWEEN '%[1]s' AND '%[2]s'
GROUP BY s.dim ORDER BY s.dim`

// shiftSQL is category_shift(as_of, window) in plain SQL.
const shiftSQL = `
WITH l AS (
  SELECT o.customer_id, p.category_1 AS cat, o.amount,
    DATE(o.ordered_at) > DATE_SUB('%[1]s', INTERVAL %[2]d DAY) AS recent
  FROM orders o JOIN products p ON p.product_id = o.product_id
  WHERE o.status = 'valid' AND DATE(o.ordered_at) <= '%[1]s' AND p.category_1 IS NOT NULL
), cc AS (
  SELECT customer_id, cat, MAX(CASE WHEN recent THEN 0 ELSE 1 END) AS usual,
    SUM(CASE WHEN recent THEN amount ELSE 0 END) AS amt, SUM(CASE WHEN recent THEN 1 ELSE 0 END) AS nlines
  FROM l GROUP BY customer_id, cat
)
SELECT customer_id, SUM(usual), SUM(CASE WHEN usual = 0 AND nlines > 0 THEN 1 ELSE 0 END),
  GROUP_CONCAT(CASE WHEN usual = 0 AND nlines > 0 THEN cat END ORDER BY cat SEPARATOR ', '),
  SUM(amt), SUM(CASE WHEN usual = 0 THEN amt ELSE 0 END),
  ROUND(SUM(CASE WHEN usual = 0 THEN amt ELSE 0 END) / SUM(amt), 4)
FROM cc GROUP BY customer_id
HAVING SUM(usual) > 0 AND SUM(CASE WHEN usual = 0 AND nlines > 0 THEN 1 ELSE 0 END) > 0
ORDER BY customer_id`

// TestPlainSQL compares the functions with their plain-SQL definitions on
// the fixture under several parameters.
func TestPlainSQL(t *testing.T) {
	d := fixtureShop(t)
	check := func(what, q, ref string) {
		t.Helper()
		got, err := d.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		want, err := d.Query(ref)
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		sameRows(t, what, got, want, 1e-9)
	}
	for _, c := range []struct {
		hours int
		asOf  string
	}{{24, "2024-06-30 23:59:59"}, {6, "2024-07-01 00:00:00"}, {1, "2024-06-12 10:00:00"}, {48, "2024-06-14 12:00:00"}, {1, "2024-06-30 10:06:00"}} {
		check(fmt.Sprintf("abandoned_carts(%d, %s)", c.hours, c.asOf),
			fmt.Sprintf("SELECT customer_id, cart_adds, products, value, first_added_at, last_added_at FROM abandoned_carts(%d, '%s')", c.hours, c.asOf),
			fmt.Sprintf(cartsSQL, c.hours, c.asOf))
	}
	for _, timeout := range []int{30, 10, 90, 600} {
		d.Exec(fmt.Sprintf("SET session_timeout_minutes = %d", timeout))
		for _, c := range []struct{ from, to, dim, col string }{
			{"2024-06-10", "2024-06-13", "'device'", "device"},
			{"2024-06-01", "2024-06-30", "'source'", "source"},
			{"2024-06-10", "2024-06-11", "'channel'", "channel"},
			{"2024-06-01", "2024-06-30", "NULL", "'all'"},
		} {
			check(fmt.Sprintf("session_stats(%s, %s, %s) timeout %d", c.from, c.to, c.dim, timeout),
				fmt.Sprintf("SELECT * FROM session_stats('%s', '%s', %s)", c.from, c.to, c.dim),
				fmt.Sprintf(sessionsSQL, c.from, c.to, timeout, c.col))
		}
	}
	for _, c := range []struct {
		asOf   string
		window int
	}{{"2024-06-30", 90}, {"2024-06-30", 30}, {"2024-06-14", 10}, {"2024-12-31", 365}} {
		check(fmt.Sprintf("category_shift(%s, %d)", c.asOf, c.window),
			fmt.Sprintf("SELECT * FROM category_shift('%s', %d)", c.asOf, c.window),
			fmt.Sprintf(shiftSQL, c.asOf, c.window))
	}
}
