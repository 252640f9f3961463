-- Breadth set (issue 19), part 5: queries tried on S2 after parts 1-4
-- were fast, each slow when first run (seconds, or on GMS's row path):
-- months by PERIOD_DIFF, a correlated NOT EXISTS with an inequality,
-- UNION across two tables, a ratio with NULLIF ordered and cut, a
-- self-join on a date window, a sum of DECIMAL quotients.
-- Format: see breadth.go.

-- query: B57 customers active N months after their first order (PERIOD_DIFF of DATE_FORMAT months, CTE joined back)
-- ordered
WITH f AS (SELECT customer_id, MIN(ordered_at) AS first_at FROM orders GROUP BY customer_id)
SELECT PERIOD_DIFF(DATE_FORMAT(o.ordered_at, '%Y%m'), DATE_FORMAT(f.first_at, '%Y%m')) AS months_since,
       COUNT(DISTINCT o.customer_id) AS customers
FROM orders o JOIN f ON f.customer_id = o.customer_id
GROUP BY months_since
ORDER BY months_since
-- duckdb
WITH f AS (SELECT customer_id, MIN(ordered_at) AS first_at FROM orders GROUP BY customer_id)
SELECT date_diff('month', f.first_at, o.ordered_at) AS months_since,
       COUNT(DISTINCT o.customer_id) AS customers
FROM orders o JOIN f ON f.customer_id = o.customer_id
GROUP BY months_since
ORDER BY months_since

-- query: B58 first-order lines: no earlier order by the same customer (correlated NOT EXISTS with an inequality)
SELECT COUNT(*) AS first_order_lines, COUNT(DISTINCT o.customer_id) AS customers
FROM orders o
WHERE NOT EXISTS (SELECT 1 FROM orders o2 WHERE o2.customer_id = o.customer_id AND o2.ordered_at < o.ordered_at)

-- query: B59 channels with returns or e-mail opens (UNION: distinct rows across two tables)
SELECT channel FROM orders WHERE status = 'returned'
UNION
SELECT channel FROM events WHERE type = 'email_open'

-- query: B60 customers with the longest average gap between orders (DATEDIFF / NULLIF(COUNT(DISTINCT) - 1, 0), ORDER BY ... LIMIT)
-- ordered
SELECT customer_id, DATEDIFF(MAX(ordered_at), MIN(ordered_at)) / NULLIF(COUNT(DISTINCT order_id) - 1, 0) AS avg_gap_days
FROM orders
GROUP BY customer_id
ORDER BY avg_gap_days DESC, customer_id
LIMIT 10
-- duckdb
SELECT customer_id, date_diff('day', MIN(ordered_at)::DATE, MAX(ordered_at)::DATE) / NULLIF(COUNT(DISTINCT order_id) - 1, 0) AS avg_gap_days
FROM orders
GROUP BY customer_id
ORDER BY avg_gap_days DESC NULLS LAST, customer_id
LIMIT 10

-- query: B61 customers who ordered again within a day (self-join, ABS(DATEDIFF(...)) <= 1 in ON)
SELECT COUNT(DISTINCT a.customer_id) AS customers
FROM orders a
JOIN orders b ON b.customer_id = a.customer_id AND b.order_id <> a.order_id
  AND ABS(DATEDIFF(b.ordered_at, a.ordered_at)) <= 1
WHERE a.customer_id < 100000
-- duckdb
SELECT COUNT(DISTINCT a.customer_id) AS customers
FROM orders a
JOIN orders b ON b.customer_id = a.customer_id AND b.order_id <> a.order_id
  AND ABS(date_diff('day', a.ordered_at::DATE, b.ordered_at::DATE)) <= 1
WHERE a.customer_id < 100000

-- query: B62 revenue net of 19% VAT by channel (SUM of a DECIMAL quotient)
SELECT channel, SUM(amount / 1.19) AS net_revenue
FROM orders
GROUP BY channel
