-- Breadth set (issue 19), part 2: breakdowns, buckets, joins to customers
-- and products, top-N. Format: see breadth.go.

-- query: B13 cancelled and returned share of revenue by channel and month (SUM(CASE ...))
SELECT channel, DATE_FORMAT(ordered_at, '%Y-%m') AS month,
       SUM(CASE WHEN status = 'cancelled' THEN amount ELSE 0 END) / SUM(amount) AS cancelled_share,
       SUM(CASE WHEN status = 'returned' THEN amount ELSE 0 END) / SUM(amount) AS returned_share,
       COUNT(*) AS line_count
FROM orders
GROUP BY channel, DATE_FORMAT(ordered_at, '%Y-%m')
-- duckdb
SELECT channel, strftime(ordered_at, '%Y-%m') AS month,
       SUM(CASE WHEN status = 'cancelled' THEN amount ELSE 0 END) / SUM(amount) AS cancelled_share,
       SUM(CASE WHEN status = 'returned' THEN amount ELSE 0 END) / SUM(amount) AS returned_share,
       COUNT(*) AS line_count
FROM orders
GROUP BY channel, strftime(ordered_at, '%Y-%m')

-- query: B14 revenue by e-mail domain, top 20 (SUBSTRING_INDEX key, customers × orders, status in ON)
-- ordered
SELECT SUBSTRING_INDEX(c.email, '@', -1) AS domain,
       COUNT(DISTINCT c.customer_id) AS buyers,
       SUM(o.amount) AS revenue
FROM customers c
JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'valid'
GROUP BY SUBSTRING_INDEX(c.email, '@', -1)
ORDER BY revenue DESC, domain
LIMIT 20
-- duckdb
SELECT split_part(c.email, '@', -1) AS domain,
       COUNT(DISTINCT c.customer_id) AS buyers,
       SUM(o.amount) AS revenue
FROM customers c
JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'valid'
GROUP BY split_part(c.email, '@', -1)
ORDER BY revenue DESC, domain
LIMIT 20

-- query: B15 top 10 categories by revenue, last 90 days (orders × products, date from a scalar subquery)
-- ordered
SELECT p.category_1, p.category_2, SUM(o.amount) AS revenue, COUNT(DISTINCT o.order_id) AS orders
FROM orders o
JOIN products p ON p.product_id = o.product_id
WHERE o.status = 'valid'
  AND o.ordered_at >= (SELECT MAX(ordered_at) FROM orders) - INTERVAL 90 DAY
GROUP BY p.category_1, p.category_2
ORDER BY revenue DESC, p.category_1, p.category_2
LIMIT 10

-- query: B16 revenue and units by brand and category_1 (orders × products, IN list on status)
SELECT p.brand, p.category_1, SUM(o.quantity) AS units, SUM(o.amount) AS revenue
FROM orders o JOIN products p ON p.product_id = o.product_id
WHERE o.status IN ('valid', 'returned')
GROUP BY p.brand, p.category_1

-- query: B17 lines-per-order histogram (GROUP BY over GROUP BY)
-- ordered
SELECT line_count, COUNT(*) AS orders
FROM (SELECT order_id, COUNT(*) AS line_count FROM orders GROUP BY order_id) t
GROUP BY line_count
ORDER BY line_count

-- query: B18 order value buckets (CASE over per-order sums)
SELECT CASE WHEN total < 20 THEN '0-20'
            WHEN total < 50 THEN '20-50'
            WHEN total < 100 THEN '50-100'
            WHEN total < 250 THEN '100-250'
            ELSE '250+' END AS bucket,
       COUNT(*) AS orders, SUM(total) AS revenue
FROM (SELECT order_id, SUM(amount) AS total FROM orders WHERE status = 'valid' GROUP BY order_id) o
GROUP BY CASE WHEN total < 20 THEN '0-20'
              WHEN total < 50 THEN '20-50'
              WHEN total < 100 THEN '50-100'
              WHEN total < 250 THEN '100-250'
              ELSE '250+' END

-- query: B19 revenue by age band and gender (TIMESTAMPDIFF YEAR in a CASE, NULL birth dates)
SELECT CASE WHEN c.birth_date IS NULL THEN 'unknown'
            WHEN TIMESTAMPDIFF(YEAR, c.birth_date, '2026-07-01') < 25 THEN '<25'
            WHEN TIMESTAMPDIFF(YEAR, c.birth_date, '2026-07-01') < 35 THEN '25-34'
            WHEN TIMESTAMPDIFF(YEAR, c.birth_date, '2026-07-01') < 50 THEN '35-49'
            ELSE '50+' END AS age_band,
       c.gender, COUNT(DISTINCT c.customer_id) AS buyers, SUM(o.amount) AS revenue
FROM orders o JOIN customers c ON c.customer_id = o.customer_id
WHERE o.status = 'valid'
GROUP BY age_band, c.gender
-- duckdb
SELECT CASE WHEN c.birth_date IS NULL THEN 'unknown'
            WHEN date_sub('year', c.birth_date, DATE '2026-07-01') < 25 THEN '<25'
            WHEN date_sub('year', c.birth_date, DATE '2026-07-01') < 35 THEN '25-34'
            WHEN date_sub('year', c.birth_date, DATE '2026-07-01') < 50 THEN '35-49'
            ELSE '50+' END AS age_band,
       c.gender, COUNT(DISTINCT c.customer_id) AS buyers, SUM(o.amount) AS revenue
FROM orders o JOIN customers c ON c.customer_id = o.customer_id
WHERE o.status = 'valid'
GROUP BY age_band, c.gender

-- query: B20 contacts, buyers and revenue by country (customers LEFT JOIN orders, condition in ON)
SELECT c.country,
       COUNT(DISTINCT c.customer_id) AS contacts,
       COUNT(DISTINCT o.customer_id) AS buyers,
       COALESCE(SUM(o.amount), 0) AS revenue
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'valid'
GROUP BY c.country

-- query: B21 share of total revenue by country (scalar subquery in the select list)
SELECT c.country, SUM(o.amount) AS revenue,
       SUM(o.amount) / (SELECT SUM(amount) FROM orders WHERE status = 'valid') AS share
FROM orders o JOIN customers c ON c.customer_id = o.customer_id
WHERE o.status = 'valid'
GROUP BY c.country

-- query: B22 coupon use by channel (IF, IFNULL, COUNT DISTINCT orders)
SELECT IF(coupon_code IS NULL, 'no coupon', 'coupon') AS coupon, IFNULL(channel, 'unknown') AS channel,
       COUNT(DISTINCT order_id) AS orders, SUM(amount) AS revenue, AVG(amount) AS avg_line
FROM orders
WHERE status = 'valid'
GROUP BY IF(coupon_code IS NULL, 'no coupon', 'coupon'), IFNULL(channel, 'unknown')

-- query: B23 e-mail attributed revenue by campaign (LIKE, GROUP BY, HAVING)
SELECT source_campaign, COUNT(DISTINCT order_id) AS orders, SUM(amount) AS revenue
FROM orders
WHERE source_medium LIKE '%email%' AND status = 'valid'
GROUP BY source_campaign
HAVING COUNT(DISTINCT order_id) >= 2

-- query: B24 top 10 customers by revenue with their e-mail (GROUP BY a join, ORDER BY ... LIMIT)
-- ordered
SELECT c.customer_id, c.email, c.country, SUM(o.amount) AS revenue, COUNT(DISTINCT o.order_id) AS orders
FROM orders o JOIN customers c ON c.customer_id = o.customer_id
WHERE o.status = 'valid'
GROUP BY c.customer_id, c.email, c.country
ORDER BY revenue DESC, c.customer_id
LIMIT 10

-- query: B25 top 10 products by buyers, ties included (RANK() over an aggregate, filtered outside)
SELECT product_id, buyers, rnk
FROM (SELECT product_id, COUNT(DISTINCT customer_id) AS buyers,
             RANK() OVER (ORDER BY COUNT(DISTINCT customer_id) DESC) AS rnk
      FROM orders WHERE status = 'valid'
      GROUP BY product_id) t
WHERE rnk <= 10

-- query: B26 customers with at least the 10th-highest order count, ties included (HAVING against a LIMIT subquery)
SELECT customer_id, COUNT(DISTINCT order_id) AS orders
FROM orders
WHERE status = 'valid'
GROUP BY customer_id
HAVING COUNT(DISTINCT order_id) >= (
  SELECT MIN(n) FROM (SELECT COUNT(DISTINCT order_id) AS n FROM orders WHERE status = 'valid'
                      GROUP BY customer_id ORDER BY n DESC LIMIT 10) top10)

-- query: B27 Q5 with the pair condition in ON: top 20 co-purchased product pairs
-- ordered
SELECT a.product_id AS p1, b.product_id AS p2, COUNT(DISTINCT a.order_id) AS orders
FROM orders a
JOIN orders b ON a.order_id = b.order_id AND a.product_id < b.product_id
WHERE a.status = 'valid' AND b.status = 'valid'
GROUP BY a.product_id, b.product_id
ORDER BY orders DESC, p1, p2
LIMIT 20

-- query: B28 customers buying from 3 or more top-level categories (orders × products, HAVING COUNT DISTINCT)
SELECT COUNT(*) AS customers
FROM (SELECT o.customer_id
      FROM orders o JOIN products p ON p.product_id = o.product_id
      WHERE o.status = 'valid'
      GROUP BY o.customer_id
      HAVING COUNT(DISTINCT p.category_1) >= 3) t

-- query: B29 distinct country × channel × currency of returned lines (SELECT DISTINCT over a join)
SELECT DISTINCT c.country, o.channel, o.currency
FROM orders o JOIN customers c ON c.customer_id = o.customer_id
WHERE o.status = 'returned'
