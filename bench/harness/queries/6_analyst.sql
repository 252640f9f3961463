-- Breadth set (issue 19), part 6: more of what analysts and BI tools
-- write, tried on S2 after parts 1-5: RFM quintiles, a window over an
-- aggregate, week-over-week LAG, per-customer gap statistics, first vs
-- latest category, click-to-order windows, LEFT JOIN chains with
-- COUNT(DISTINCT), WITH ROLLUP, pivots, percentiles by ROW_NUMBER,
-- correlated subqueries, an aggregate over UNION ALL, string functions
-- on e-mail addresses, moving averages, a RANGE ... INTERVAL frame, NOT
-- IN over NULLs, NULLs first in ORDER BY, FIRST_VALUE/LAST_VALUE,
-- LAST_DAY. Over 1.5x DuckDB when first run: B64 and B72 (a CASE whose
-- value is a SUM's DECIMAL(34,2) is left to GMS, row by row), B71
-- (seven CASEs over DAYOFWEEK) and B81 (the RANGE frame is left to GMS).
-- Format: see breadth.go.

-- query: B63 RFM quintiles: recency × frequency cells with monetary score and opt-ins (three NTILE(5) in a CTE, joined back to customers)
WITH stats AS (
  SELECT customer_id, MAX(ordered_at) AS last_at, COUNT(DISTINCT order_id) AS orders, SUM(amount) AS revenue
  FROM orders WHERE status = 'valid'
  GROUP BY customer_id
),
rfm AS (
  SELECT customer_id,
         NTILE(5) OVER (ORDER BY last_at, customer_id) AS r,
         NTILE(5) OVER (ORDER BY orders, customer_id) AS f,
         NTILE(5) OVER (ORDER BY revenue, customer_id) AS m
  FROM stats
)
SELECT rfm.r, rfm.f, COUNT(*) AS customers, SUM(rfm.m) AS m_total, SUM(c.email_opt_in) AS opted_in
FROM rfm JOIN customers c ON c.customer_id = rfm.customer_id
GROUP BY rfm.r, rfm.f

-- query: B64 share of revenue from the top 10% of customers (CUME_DIST() over SUM(amount), SUM(CASE) outside)
SELECT SUM(CASE WHEN top_share <= 0.1 THEN revenue ELSE 0 END) / SUM(revenue) AS top10_share,
       SUM(CASE WHEN top_share <= 0.1 THEN 1 ELSE 0 END) AS top_customers
FROM (SELECT customer_id, SUM(amount) AS revenue,
             CUME_DIST() OVER (ORDER BY SUM(amount) DESC) AS top_share
      FROM orders WHERE status = 'valid'
      GROUP BY customer_id) t

-- query: B65 week-over-week order growth (LAG over a GROUP BY YEARWEEK(x, 3))
-- ordered
SELECT yw, orders, orders - LAG(orders) OVER (ORDER BY yw) AS change_orders,
       orders / LAG(orders) OVER (ORDER BY yw) AS ratio_to_prev
FROM (SELECT YEARWEEK(ordered_at, 3) AS yw, COUNT(DISTINCT order_id) AS orders
      FROM orders WHERE status = 'valid'
      GROUP BY YEARWEEK(ordered_at, 3)) w
ORDER BY yw
-- duckdb
SELECT yw, orders, orders - LAG(orders) OVER (ORDER BY yw) AS change_orders,
       orders / LAG(orders) OVER (ORDER BY yw) AS ratio_to_prev
FROM (SELECT yearweek(ordered_at) AS yw, COUNT(DISTINCT order_id) AS orders
      FROM orders WHERE status = 'valid'
      GROUP BY yearweek(ordered_at)) w
ORDER BY yw

-- query: B66 overdue customers by country: days since the last order above twice their average gap (HAVING, DATEDIFF of aggregates, joined to customers)
SELECT c.country, COUNT(*) AS overdue
FROM (SELECT customer_id, MAX(ordered_at) AS last_at,
             DATEDIFF(MAX(ordered_at), MIN(ordered_at)) / (COUNT(DISTINCT order_id) - 1) AS avg_gap
      FROM orders WHERE status = 'valid'
      GROUP BY customer_id
      HAVING COUNT(DISTINCT order_id) >= 2) g
JOIN customers c ON c.customer_id = g.customer_id
WHERE DATEDIFF('2026-07-01', g.last_at) > 2 * g.avg_gap
GROUP BY c.country
-- duckdb
SELECT c.country, COUNT(*) AS overdue
FROM (SELECT customer_id, MAX(ordered_at) AS last_at,
             date_diff('day', MIN(ordered_at)::DATE, MAX(ordered_at)::DATE) / (COUNT(DISTINCT order_id) - 1) AS avg_gap
      FROM orders WHERE status = 'valid'
      GROUP BY customer_id
      HAVING COUNT(DISTINCT order_id) >= 2) g
JOIN customers c ON c.customer_id = g.customer_id
WHERE date_diff('day', g.last_at::DATE, DATE '2026-07-01') > 2 * g.avg_gap
GROUP BY c.country

-- query: B67 category migration: first order's category × latest order's category (ROW_NUMBER ascending and descending, CTE self-join)
WITH ranked AS (
  SELECT o.customer_id, p.category_1,
         ROW_NUMBER() OVER (PARTITION BY o.customer_id ORDER BY o.ordered_at, o.order_id, o.line_no) AS rn_first,
         ROW_NUMBER() OVER (PARTITION BY o.customer_id ORDER BY o.ordered_at DESC, o.order_id DESC, o.line_no DESC) AS rn_last
  FROM orders o JOIN products p ON p.product_id = o.product_id
  WHERE o.status = 'valid'
)
SELECT f.category_1 AS first_category, l.category_1 AS latest_category, COUNT(*) AS customers
FROM ranked f
JOIN ranked l ON l.customer_id = f.customer_id AND l.rn_last = 1
WHERE f.rn_first = 1
GROUP BY f.category_1, l.category_1

-- query: B68 e-mail click to order within 3 days, by campaign (events LEFT JOIN orders, time window in ON, two COUNT(DISTINCT))
SELECT e.campaign_id, COUNT(DISTINCT e.customer_id) AS clickers, COUNT(DISTINCT o.customer_id) AS buyers_within_3_days
FROM events e
LEFT JOIN orders o ON o.customer_id = e.customer_id AND o.status = 'valid'
  AND o.ordered_at >= e.occurred_at AND o.ordered_at < e.occurred_at + INTERVAL 3 DAY
WHERE e.type = 'email_click'
GROUP BY e.campaign_id

-- query: B69 contacts, orders and clicked campaigns by source (customers LEFT JOIN orders LEFT JOIN events, filters in ON, three COUNT(DISTINCT))
SELECT c.source, COUNT(DISTINCT c.customer_id) AS contacts, COUNT(DISTINCT o.order_id) AS orders,
       COUNT(DISTINCT e.campaign_id) AS campaigns_clicked
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'valid'
LEFT JOIN events e ON e.customer_id = c.customer_id AND e.type = 'email_click'
GROUP BY c.source

-- query: B70 lines and revenue by year and channel with subtotals (GROUP BY ... WITH ROLLUP)
SELECT YEAR(ordered_at) AS yr, channel, COUNT(*) AS line_count, SUM(amount) AS revenue
FROM orders
WHERE status = 'valid'
GROUP BY YEAR(ordered_at), channel WITH ROLLUP
-- duckdb
SELECT YEAR(ordered_at) AS yr, channel, COUNT(*) AS line_count, SUM(amount) AS revenue
FROM orders
WHERE status = 'valid'
GROUP BY ROLLUP (YEAR(ordered_at), channel)

-- query: B71 order lines by hour × weekday (SUM(CASE WHEN DAYOFWEEK(...)) pivot, GROUP BY HOUR())
-- ordered
SELECT HOUR(ordered_at) AS hr,
       SUM(CASE WHEN DAYOFWEEK(ordered_at) = 2 THEN 1 ELSE 0 END) AS mon,
       SUM(CASE WHEN DAYOFWEEK(ordered_at) = 3 THEN 1 ELSE 0 END) AS tue,
       SUM(CASE WHEN DAYOFWEEK(ordered_at) = 4 THEN 1 ELSE 0 END) AS wed,
       SUM(CASE WHEN DAYOFWEEK(ordered_at) = 5 THEN 1 ELSE 0 END) AS thu,
       SUM(CASE WHEN DAYOFWEEK(ordered_at) = 6 THEN 1 ELSE 0 END) AS fri,
       SUM(CASE WHEN DAYOFWEEK(ordered_at) = 7 THEN 1 ELSE 0 END) AS sat,
       SUM(CASE WHEN DAYOFWEEK(ordered_at) = 1 THEN 1 ELSE 0 END) AS sun
FROM orders
WHERE status = 'valid'
GROUP BY HOUR(ordered_at)
ORDER BY hr
-- duckdb
SELECT HOUR(ordered_at) AS hr,
       SUM(CASE WHEN dayofweek(ordered_at) = 1 THEN 1 ELSE 0 END) AS mon,
       SUM(CASE WHEN dayofweek(ordered_at) = 2 THEN 1 ELSE 0 END) AS tue,
       SUM(CASE WHEN dayofweek(ordered_at) = 3 THEN 1 ELSE 0 END) AS wed,
       SUM(CASE WHEN dayofweek(ordered_at) = 4 THEN 1 ELSE 0 END) AS thu,
       SUM(CASE WHEN dayofweek(ordered_at) = 5 THEN 1 ELSE 0 END) AS fri,
       SUM(CASE WHEN dayofweek(ordered_at) = 6 THEN 1 ELSE 0 END) AS sat,
       SUM(CASE WHEN dayofweek(ordered_at) = 0 THEN 1 ELSE 0 END) AS sun
FROM orders
WHERE status = 'valid'
GROUP BY HOUR(ordered_at)
ORDER BY hr

-- query: B72 median and 90th-percentile order value by channel (ROW_NUMBER and COUNT(*) OVER, MIN(CASE WHEN rn >= 0.5 * n))
WITH per_order AS (
  SELECT order_id, MIN(channel) AS channel, SUM(amount) AS total
  FROM orders WHERE status = 'valid'
  GROUP BY order_id
),
ranked AS (
  SELECT channel, total,
         ROW_NUMBER() OVER (PARTITION BY channel ORDER BY total, order_id) AS rn,
         COUNT(*) OVER (PARTITION BY channel) AS n
  FROM per_order
)
SELECT channel, MIN(CASE WHEN rn >= 0.5 * n THEN total END) AS median_order,
       MIN(CASE WHEN rn >= 0.9 * n THEN total END) AS p90_order, MAX(n) AS orders
FROM ranked
GROUP BY channel

-- query: B73 products never sold below list price, by category (correlated NOT EXISTS comparing with the outer row)
SELECT p.category_1, COUNT(*) AS never_discounted
FROM products p
WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.product_id = p.product_id AND o.unit_price < p.price)
GROUP BY p.category_1

-- query: B74 June's Dutch sign-ups with their last order and e-mail opens (two correlated scalar subqueries in the select list)
-- ordered
SELECT c.customer_id, c.email,
       (SELECT MAX(o.ordered_at) FROM orders o WHERE o.customer_id = c.customer_id) AS last_order_at,
       (SELECT COUNT(*) FROM events e WHERE e.customer_id = c.customer_id AND e.type = 'email_open') AS opens
FROM customers c
WHERE c.country = 'NL' AND c.signup_at >= '2026-06-01'
ORDER BY c.customer_id
LIMIT 100

-- query: B75 monthly active customers: ordered, opened or clicked (COUNT(DISTINCT) over a UNION ALL derived table)
SELECT DATE_FORMAT(active_at, '%Y-%m') AS month, COUNT(DISTINCT customer_id) AS active_customers
FROM (SELECT customer_id, ordered_at AS active_at FROM orders
      UNION ALL
      SELECT customer_id, occurred_at FROM events WHERE type IN ('email_open', 'email_click')) a
GROUP BY DATE_FORMAT(active_at, '%Y-%m')
-- duckdb
SELECT strftime(active_at, '%Y-%m') AS month, COUNT(DISTINCT customer_id) AS active_customers
FROM (SELECT customer_id, ordered_at AS active_at FROM orders
      UNION ALL
      SELECT customer_id, occurred_at FROM events WHERE type IN ('email_open', 'email_click')) a
GROUP BY strftime(active_at, '%Y-%m')

-- query: B76 e-mail hygiene by top-level domain (nested SUBSTRING_INDEX, LOCATE, CHAR_LENGTH, COUNT(DISTINCT LOWER(TRIM())))
SELECT SUBSTRING_INDEX(SUBSTRING_INDEX(email, '@', -1), '.', -1) AS tld,
       COUNT(*) AS contacts,
       SUM(CASE WHEN LOCATE('.', SUBSTRING_INDEX(email, '@', 1)) > 0 THEN 1 ELSE 0 END) AS dotted_local_part,
       AVG(CHAR_LENGTH(email)) AS avg_length,
       COUNT(DISTINCT LOWER(TRIM(email))) AS distinct_normalised
FROM customers
WHERE email IS NOT NULL
GROUP BY tld
-- duckdb
SELECT split_part(split_part(email, '@', -1), '.', -1) AS tld,
       COUNT(*) AS contacts,
       SUM(CASE WHEN strpos(split_part(email, '@', 1), '.') > 0 THEN 1 ELSE 0 END) AS dotted_local_part,
       AVG(length(email)) AS avg_length,
       COUNT(DISTINCT LOWER(TRIM(email))) AS distinct_normalised
FROM customers
WHERE email IS NOT NULL
GROUP BY tld

-- query: B77 top 20 product sequences: B bought by the same customer within 30 days after A (self-join on customer, date window and <> in ON)
-- ordered
SELECT a.product_id AS first_product, b.product_id AS next_product, COUNT(DISTINCT a.customer_id) AS customers
FROM orders a
JOIN orders b ON b.customer_id = a.customer_id AND b.product_id <> a.product_id
  AND b.ordered_at > a.ordered_at AND b.ordered_at <= a.ordered_at + INTERVAL 30 DAY
WHERE a.status = 'valid' AND b.status = 'valid'
GROUP BY a.product_id, b.product_id
ORDER BY customers DESC, first_product, next_product
LIMIT 20

-- query: B78 daily revenue in 2026 with a 7-day moving average and month-to-date (ROWS BETWEEN 6 PRECEDING, SUM() OVER (PARTITION BY month ORDER BY day))
-- ordered
SELECT day, revenue,
       AVG(revenue) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg_7d,
       SUM(revenue) OVER (PARTITION BY DATE_FORMAT(day, '%Y-%m') ORDER BY day) AS month_to_date
FROM (SELECT DATE(ordered_at) AS day, SUM(amount) AS revenue
      FROM orders WHERE status = 'valid' AND ordered_at >= '2026-01-01'
      GROUP BY DATE(ordered_at)) d
ORDER BY day
-- duckdb
SELECT day, revenue,
       AVG(revenue) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg_7d,
       SUM(revenue) OVER (PARTITION BY strftime(day, '%Y-%m') ORDER BY day) AS month_to_date
FROM (SELECT DATE(ordered_at) AS day, SUM(amount) AS revenue
      FROM orders WHERE status = 'valid' AND ordered_at >= '2026-01-01'
      GROUP BY DATE(ordered_at)) d
ORDER BY day

-- query: B79 buyers and revenue in the big cities (IN over a GROUP BY ... HAVING subquery, orders × customers)
SELECT c.city, COUNT(DISTINCT o.customer_id) AS buyers, SUM(o.amount) AS revenue
FROM orders o JOIN customers c ON c.customer_id = o.customer_id
WHERE o.status = 'valid'
  AND c.city IN (SELECT city FROM customers GROUP BY city HAVING COUNT(*) >= 20000)
GROUP BY c.city

-- query: B80 products priced above their category's average (correlated scalar subquery in WHERE)
SELECT p.category_1, COUNT(*) AS products_above_category_avg
FROM products p
WHERE p.price > (SELECT AVG(p2.price) FROM products p2 WHERE p2.category_1 = p.category_1)
GROUP BY p.category_1

-- query: B81 orders by how many orders the customer placed in the trailing 30 days (COUNT(*) OVER ... RANGE BETWEEN INTERVAL 30 DAY PRECEDING)
SELECT orders_in_30d, COUNT(*) AS order_count
FROM (SELECT customer_id, ordered_at,
             COUNT(*) OVER (PARTITION BY customer_id ORDER BY ordered_at RANGE BETWEEN INTERVAL 30 DAY PRECEDING AND CURRENT ROW) AS orders_in_30d
      FROM (SELECT DISTINCT customer_id, order_id, ordered_at FROM orders WHERE status = 'valid') o) t
GROUP BY orders_in_30d

-- query: B82 contacts who never visited the site (NOT IN over a column with NULLs: anonymous visits make it empty)
SELECT COUNT(*) AS never_visited
FROM customers c
WHERE c.customer_id NOT IN (SELECT customer_id FROM events WHERE type = 'site_visit')

-- query: B83 the ten oldest Irish contacts, unknown birth dates first as MySQL sorts them (ORDER BY a nullable column ... LIMIT)
-- ordered
SELECT customer_id, birth_date, country
FROM customers
WHERE country = 'IE'
ORDER BY birth_date, customer_id
LIMIT 10
-- duckdb
SELECT customer_id, birth_date, country
FROM customers
WHERE country = 'IE'
ORDER BY birth_date NULLS FIRST, customer_id
LIMIT 10

-- query: B84 first vs latest channel per customer (FIRST_VALUE and LAST_VALUE over a full frame, SELECT DISTINCT)
SELECT first_channel, last_channel, COUNT(*) AS customers
FROM (SELECT DISTINCT customer_id,
             FIRST_VALUE(channel) OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id, line_no) AS first_channel,
             LAST_VALUE(channel) OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id, line_no
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_channel
      FROM orders WHERE status = 'valid') t
GROUP BY first_channel, last_channel

-- query: B85 buyers by month and revenue on the month's last day (GROUP BY LAST_DAY(), DATE() = LAST_DAY() in a SUM(CASE))
SELECT LAST_DAY(ordered_at) AS month_end, COUNT(DISTINCT customer_id) AS buyers,
       SUM(CASE WHEN DATE(ordered_at) = LAST_DAY(ordered_at) THEN amount ELSE 0 END) AS last_day_revenue
FROM orders
WHERE status = 'valid'
GROUP BY LAST_DAY(ordered_at)

-- query: B86 monthly revenue in the report time zone, as Metabase writes it (CONVERT_TZ inside DATE_FORMAT and STR_TO_DATE)
-- ordered
SELECT str_to_date(concat(date_format(convert_tz(`orders`.`ordered_at`, 'UTC', 'Europe/Berlin'), '%Y-%m'), '-01'), '%Y-%m-%d') AS `ordered_at`,
       sum(`orders`.`amount`) AS `sum`
FROM `orders`
WHERE `orders`.`status` = 'valid'
GROUP BY str_to_date(concat(date_format(convert_tz(`orders`.`ordered_at`, 'UTC', 'Europe/Berlin'), '%Y-%m'), '-01'), '%Y-%m-%d')
ORDER BY str_to_date(concat(date_format(convert_tz(`orders`.`ordered_at`, 'UTC', 'Europe/Berlin'), '%Y-%m'), '-01'), '%Y-%m-%d') ASC
-- duckdb
SELECT CAST(date_trunc('month', timezone('Europe/Berlin', timezone('UTC', ordered_at))) AS DATE) AS ordered_at, SUM(amount) AS sum
FROM orders
WHERE status = 'valid'
GROUP BY 1
ORDER BY 1

-- query: B87 contacts opted in or clicking this year, by country (EXISTS inside OR)
SELECT c.country, COUNT(*) AS contacts
FROM customers c
WHERE c.email_opt_in = 1
   OR EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id AND e.type = 'email_click' AND e.occurred_at >= '2026-01-01')
GROUP BY c.country

-- query: B88 afternoon share of orders by channel (TIME(ordered_at) compared with a string)
SELECT channel, COUNT(*) AS order_lines, SUM(CASE WHEN TIME(ordered_at) >= '12:00:00' THEN 1 ELSE 0 END) AS afternoon_lines
FROM orders
GROUP BY channel
-- duckdb
SELECT channel, COUNT(*) AS order_lines, SUM(CASE WHEN CAST(ordered_at AS TIME) >= TIME '12:00:00' THEN 1 ELSE 0 END) AS afternoon_lines
FROM orders
GROUP BY channel
