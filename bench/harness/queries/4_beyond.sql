-- Breadth set (issue 19), part 4: kinds of SQL found by trying queries
-- beyond parts 1-3 (each was on GMS's row path or a nested loop before):
-- a range join to a literal table, variances, GROUP_CONCAT, ORDER BY ...
-- LIMIT straight over a table, a scalar subquery in WHERE, AVG(DISTINCT).
-- Format: see breadth.go.

-- query: B51 order lines by value tier (join to a literal tier table on a range, no equality)
SELECT t.tier, COUNT(*) AS line_count, SUM(o.amount) AS revenue
FROM orders o
JOIN (SELECT 'small' AS tier, 0 AS lo, 50 AS hi
      UNION ALL SELECT 'medium', 50, 200
      UNION ALL SELECT 'large', 200, 1000000) t
  ON o.amount >= t.lo AND o.amount < t.hi
WHERE o.status = 'valid'
GROUP BY t.tier

-- query: B52 spread of line values and quantities by channel (STDDEV_SAMP, VAR_POP, ROUND(AVG))
SELECT channel, COUNT(*) AS line_count, ROUND(AVG(amount), 2) AS mean_amount,
       ROUND(STDDEV_SAMP(amount), 2) AS sd_amount, ROUND(VAR_POP(quantity), 4) AS var_quantity
FROM orders
WHERE status = 'valid'
GROUP BY channel

-- query: B53 channels each country's buyers used (GROUP_CONCAT(DISTINCT ... ORDER BY ...), customers × orders)
SELECT c.country, GROUP_CONCAT(DISTINCT o.channel ORDER BY o.channel SEPARATOR ',') AS channels,
       COUNT(DISTINCT o.customer_id) AS buyers
FROM orders o JOIN customers c ON c.customer_id = o.customer_id
WHERE o.channel IS NOT NULL
GROUP BY c.country
-- duckdb
SELECT c.country, string_agg(DISTINCT o.channel, ',' ORDER BY o.channel) AS channels,
       COUNT(DISTINCT o.customer_id) AS buyers
FROM orders o JOIN customers c ON c.customer_id = o.customer_id
WHERE o.channel IS NOT NULL
GROUP BY c.country

-- query: B54 the 20 latest order lines (ORDER BY ... LIMIT straight over the table)
-- ordered
SELECT order_id, line_no, customer_id, ordered_at, amount
FROM orders
ORDER BY ordered_at DESC, order_id DESC, line_no
LIMIT 20

-- query: B55 the 20 largest lines worth more than ten times the average line (scalar subquery in WHERE)
-- ordered
SELECT order_id, line_no, amount
FROM orders
WHERE amount > (SELECT AVG(amount) * 10 FROM orders)
ORDER BY amount DESC, order_id, line_no
LIMIT 20

-- query: B56 price points per category (COUNT(DISTINCT), AVG(DISTINCT), orders × products)
SELECT p.category_1, COUNT(DISTINCT o.unit_price) AS price_points, AVG(DISTINCT o.unit_price) AS mean_price_point
FROM orders o JOIN products p ON p.product_id = o.product_id
GROUP BY p.category_1
