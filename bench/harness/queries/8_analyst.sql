-- Breadth set (issue 19), part 8: kinds not in parts 1-7, written the
-- way an analyst would: lines of each customer's first order (IN over a
-- subquery that aggregates), each customer's latest lines (a row IN:
-- (customer_id, ordered_at) IN (SELECT ..., MAX(...))), hourly buckets
-- as BI tools write them from Unix time, revenue cast to whole euros
-- (CAST AS DECIMAL without a scale), active contacts from the later of
-- two LEFT JOINed aggregates (GREATEST of COALESCEs), distinct orders by
-- EXTRACT(YEAR_MONTH) with a two-column COUNT(DISTINCT).
-- When first run: B99 and B100 were filters evaluated row by row (GMS
-- does not unnest an IN whose subquery's column is an aggregate; over
-- 10M lines 45 s and more), B101's FROM_UNIXTIME of a DECIMAL ran row
-- by row loading the session's time zone per value (5.6 s), B102's
-- CAST(... AS DECIMAL) printed 30 decimals (GMS typed it DECIMAL(65,30)).
-- Format: see breadth.go.

-- query: B99 first-order lines and revenue by channel (IN over a subquery grouping MIN(order_id) per customer)
SELECT channel, COUNT(*) AS first_order_lines, SUM(amount) AS revenue
FROM orders
WHERE order_id IN (SELECT MIN(order_id) FROM orders WHERE status = 'valid' GROUP BY customer_id)
GROUP BY channel

-- query: B100 each customer's latest lines by channel and status (row IN: (customer_id, ordered_at) IN (SELECT customer_id, MAX(ordered_at) ...))
SELECT channel, status, COUNT(*) AS line_count
FROM orders
WHERE (customer_id, ordered_at) IN (SELECT customer_id, MAX(ordered_at) FROM orders GROUP BY customer_id)
GROUP BY channel, status
-- duckdb
SELECT o.channel, o.status, COUNT(*) AS line_count
FROM orders o
JOIN (SELECT customer_id, MAX(ordered_at) AS last_at FROM orders GROUP BY customer_id) l
  ON l.customer_id = o.customer_id AND l.last_at = o.ordered_at
GROUP BY o.channel, o.status

-- query: B101 order lines per hour in the last week of June 2026 (FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(x) / 3600) * 3600))
-- ordered
SELECT FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ordered_at) / 3600) * 3600) AS hour_start, COUNT(*) AS line_count
FROM orders
WHERE ordered_at >= '2026-06-24' AND ordered_at < '2026-07-01'
GROUP BY hour_start
ORDER BY hour_start
-- duckdb
SELECT date_trunc('hour', ordered_at) AS hour_start, COUNT(*) AS line_count
FROM orders
WHERE ordered_at >= TIMESTAMP '2026-06-24' AND ordered_at < TIMESTAMP '2026-07-01'
GROUP BY hour_start
ORDER BY hour_start

-- query: B102 revenue in whole euros by currency and year (CAST(SUM(...) AS DECIMAL))
SELECT currency, YEAR(ordered_at) AS yr, CAST(SUM(amount) AS DECIMAL) AS revenue_eur
FROM orders
WHERE status = 'valid'
GROUP BY currency, YEAR(ordered_at)
-- duckdb
SELECT currency, YEAR(ordered_at) AS yr, CAST(ROUND(SUM(amount)) AS BIGINT) AS revenue_eur
FROM orders
WHERE status = 'valid'
GROUP BY currency, YEAR(ordered_at)

-- query: B103 contacts active since March 2026 by ordering or any event, top 10 countries (GREATEST of COALESCEs over two LEFT JOINed aggregates)
-- ordered
SELECT c.country, COUNT(*) AS contacts,
       SUM(GREATEST(COALESCE(lo.last_order, '1970-01-01'), COALESCE(le.last_event, '1970-01-01')) >= '2026-03-01') AS active
FROM customers c
LEFT JOIN (SELECT customer_id, MAX(ordered_at) AS last_order FROM orders GROUP BY customer_id) lo ON lo.customer_id = c.customer_id
LEFT JOIN (SELECT customer_id, MAX(occurred_at) AS last_event FROM events WHERE customer_id IS NOT NULL GROUP BY customer_id) le ON le.customer_id = c.customer_id
GROUP BY c.country
ORDER BY contacts DESC, c.country
LIMIT 10
-- duckdb
SELECT c.country, COUNT(*) AS contacts,
       SUM(CASE WHEN GREATEST(COALESCE(lo.last_order, TIMESTAMP '1970-01-01'), COALESCE(le.last_event, TIMESTAMP '1970-01-01')) >= TIMESTAMP '2026-03-01' THEN 1 ELSE 0 END) AS active
FROM customers c
LEFT JOIN (SELECT customer_id, MAX(ordered_at) AS last_order FROM orders GROUP BY customer_id) lo ON lo.customer_id = c.customer_id
LEFT JOIN (SELECT customer_id, MAX(occurred_at) AS last_event FROM events WHERE customer_id IS NOT NULL GROUP BY customer_id) le ON le.customer_id = c.customer_id
GROUP BY c.country
ORDER BY contacts DESC, c.country
LIMIT 10

-- query: B104 distinct orders and revenue by month (EXTRACT(YEAR_MONTH FROM x), COUNT(DISTINCT customer_id, order_id))
-- ordered
SELECT EXTRACT(YEAR_MONTH FROM ordered_at) AS ym, COUNT(DISTINCT customer_id, order_id) AS order_count, SUM(amount) AS revenue
FROM orders
WHERE status = 'valid'
GROUP BY ym
ORDER BY ym
-- duckdb
SELECT YEAR(ordered_at) * 100 + MONTH(ordered_at) AS ym, COUNT(DISTINCT CAST(customer_id AS VARCHAR) || '-' || CAST(order_id AS VARCHAR)) AS order_count, SUM(amount) AS revenue
FROM orders
WHERE status = 'valid'
GROUP BY ym
ORDER BY ym
