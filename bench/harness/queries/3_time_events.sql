-- Breadth set (issue 19), part 3: time buckets (hand-written and Metabase's
-- own MySQL SQL, backquoted and qualified as Metabase sends it), distinct
-- buyers, events × orders anti-joins, UNION ALL. Format: see breadth.go.

-- query: B30 daily distinct buyers, last 60 days (GROUP BY DATE())
-- ordered
SELECT DATE(ordered_at) AS day, COUNT(DISTINCT customer_id) AS buyers, COUNT(DISTINCT order_id) AS orders
FROM orders
WHERE ordered_at >= '2026-05-02' AND status = 'valid'
GROUP BY DATE(ordered_at)
ORDER BY day

-- query: B31 weekly distinct buyers, Monday weeks (DATE_SUB of WEEKDAY days)
-- ordered
SELECT DATE_SUB(DATE(ordered_at), INTERVAL WEEKDAY(ordered_at) DAY) AS week_start,
       COUNT(DISTINCT customer_id) AS buyers
FROM orders
WHERE status = 'valid'
GROUP BY week_start
ORDER BY week_start
-- duckdb
SELECT CAST(date_trunc('week', ordered_at) AS DATE) AS week_start,
       COUNT(DISTINCT customer_id) AS buyers
FROM orders
WHERE status = 'valid'
GROUP BY week_start
ORDER BY week_start

-- query: B32 Metabase: sum of amount by day (DATE())
-- ordered
SELECT DATE(`shop`.`orders`.`ordered_at`) AS `ordered_at`, SUM(`shop`.`orders`.`amount`) AS `sum`
FROM `shop`.`orders`
WHERE `shop`.`orders`.`status` = 'valid'
GROUP BY DATE(`shop`.`orders`.`ordered_at`)
ORDER BY DATE(`shop`.`orders`.`ordered_at`) ASC
-- duckdb
SELECT DATE(orders.ordered_at) AS ordered_at, SUM(orders.amount) AS "sum"
FROM orders
WHERE orders.status = 'valid'
GROUP BY DATE(orders.ordered_at)
ORDER BY DATE(orders.ordered_at) ASC

-- query: B33 Metabase: count by week (STR_TO_DATE(CONCAT(YEARWEEK(x), ' Sunday'), '%X%V %W'))
-- ordered
SELECT STR_TO_DATE(CONCAT(YEARWEEK(`shop`.`orders`.`ordered_at`), ' Sunday'), '%X%V %W') AS `ordered_at`, COUNT(*) AS `count`
FROM `shop`.`orders`
GROUP BY STR_TO_DATE(CONCAT(YEARWEEK(`shop`.`orders`.`ordered_at`), ' Sunday'), '%X%V %W')
ORDER BY STR_TO_DATE(CONCAT(YEARWEEK(`shop`.`orders`.`ordered_at`), ' Sunday'), '%X%V %W') ASC
-- duckdb
SELECT CAST(orders.ordered_at AS DATE) - CAST(dayofweek(orders.ordered_at) AS INTEGER) AS ordered_at, COUNT(*) AS "count"
FROM orders
GROUP BY CAST(orders.ordered_at AS DATE) - CAST(dayofweek(orders.ordered_at) AS INTEGER)
ORDER BY 1 ASC

-- query: B34 Metabase: distinct customers by month (STR_TO_DATE(DATE_FORMAT(x, '%Y-%m-01'), '%Y-%m-%d'))
-- ordered
SELECT STR_TO_DATE(DATE_FORMAT(`shop`.`orders`.`ordered_at`, '%Y-%m-01'), '%Y-%m-%d') AS `ordered_at`,
       COUNT(DISTINCT `shop`.`orders`.`customer_id`) AS `count`
FROM `shop`.`orders`
WHERE `shop`.`orders`.`status` = 'valid'
GROUP BY STR_TO_DATE(DATE_FORMAT(`shop`.`orders`.`ordered_at`, '%Y-%m-01'), '%Y-%m-%d')
ORDER BY STR_TO_DATE(DATE_FORMAT(`shop`.`orders`.`ordered_at`, '%Y-%m-01'), '%Y-%m-%d') ASC
-- duckdb
SELECT CAST(date_trunc('month', orders.ordered_at) AS DATE) AS ordered_at,
       COUNT(DISTINCT orders.customer_id) AS "count"
FROM orders
WHERE orders.status = 'valid'
GROUP BY CAST(date_trunc('month', orders.ordered_at) AS DATE)
ORDER BY 1 ASC

-- query: B35 Metabase: sum of amount by quarter (MAKEDATE(YEAR(x), 1) + INTERVAL QUARTER(x)-1 QUARTER)
-- ordered
SELECT MAKEDATE(YEAR(`shop`.`orders`.`ordered_at`), 1) + INTERVAL QUARTER(`shop`.`orders`.`ordered_at`)-1 QUARTER AS `ordered_at`,
       SUM(`shop`.`orders`.`amount`) AS `sum`
FROM `shop`.`orders`
GROUP BY MAKEDATE(YEAR(`shop`.`orders`.`ordered_at`), 1) + INTERVAL QUARTER(`shop`.`orders`.`ordered_at`)-1 QUARTER
ORDER BY MAKEDATE(YEAR(`shop`.`orders`.`ordered_at`), 1) + INTERVAL QUARTER(`shop`.`orders`.`ordered_at`)-1 QUARTER ASC
-- duckdb
SELECT CAST(date_trunc('quarter', orders.ordered_at) AS DATE) AS ordered_at, SUM(orders.amount) AS "sum"
FROM orders
GROUP BY CAST(date_trunc('quarter', orders.ordered_at) AS DATE)
ORDER BY 1 ASC

-- query: B36 Metabase: count by year and category, products LEFT JOINed (MAKEDATE(YEAR(x), 1))
-- ordered
SELECT MAKEDATE(YEAR(`shop`.`orders`.`ordered_at`), 1) AS `ordered_at`, `Products`.`category_1` AS `Products__category_1`, COUNT(*) AS `count`
FROM `shop`.`orders`
LEFT JOIN `shop`.`products` `Products` ON `shop`.`orders`.`product_id` = `Products`.`product_id`
GROUP BY MAKEDATE(YEAR(`shop`.`orders`.`ordered_at`), 1), `Products`.`category_1`
ORDER BY MAKEDATE(YEAR(`shop`.`orders`.`ordered_at`), 1) ASC, `Products`.`category_1` ASC
LIMIT 1048575
-- duckdb
SELECT CAST(date_trunc('year', orders.ordered_at) AS DATE) AS ordered_at, Products.category_1 AS Products__category_1, COUNT(*) AS "count"
FROM orders
LEFT JOIN products Products ON orders.product_id = Products.product_id
GROUP BY CAST(date_trunc('year', orders.ordered_at) AS DATE), Products.category_1
ORDER BY 1 ASC, 2 ASC
LIMIT 1048575

-- query: B37 Metabase: orders by day of week, filtered to a date range (DAYOFWEEK, DATE() BETWEEN)
-- ordered
SELECT DAYOFWEEK(`shop`.`orders`.`ordered_at`) AS `ordered_at`, COUNT(DISTINCT `shop`.`orders`.`order_id`) AS `count`
FROM `shop`.`orders`
WHERE DATE(`shop`.`orders`.`ordered_at`) BETWEEN DATE '2026-01-01' AND DATE '2026-06-30'
GROUP BY DAYOFWEEK(`shop`.`orders`.`ordered_at`)
ORDER BY DAYOFWEEK(`shop`.`orders`.`ordered_at`) ASC
-- duckdb
SELECT dayofweek(orders.ordered_at) + 1 AS ordered_at, COUNT(DISTINCT orders.order_id) AS "count"
FROM orders
WHERE DATE(orders.ordered_at) BETWEEN DATE '2026-01-01' AND DATE '2026-06-30'
GROUP BY dayofweek(orders.ordered_at) + 1
ORDER BY 1 ASC

-- query: B38 e-mail openers (last 90 days) without an order since (NOT EXISTS)
SELECT COUNT(DISTINCT e.customer_id) AS openers
FROM events e
WHERE e.type = 'email_open' AND e.occurred_at >= '2026-04-02'
  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = e.customer_id AND o.ordered_at >= '2026-04-02')

-- query: B39 e-mail openers without an order since, by country (LEFT JOIN ... IS NULL, condition in ON)
SELECT c.country, COUNT(DISTINCT e.customer_id) AS openers
FROM events e
JOIN customers c ON c.customer_id = e.customer_id
LEFT JOIN orders o ON o.customer_id = e.customer_id AND o.ordered_at >= '2026-04-02'
WHERE e.type = 'email_open' AND e.occurred_at >= '2026-04-02' AND o.customer_id IS NULL
GROUP BY c.country

-- query: B40 e-mail openers without an order since (NOT IN over a DISTINCT derived table)
SELECT COUNT(*) AS openers
FROM (SELECT DISTINCT customer_id FROM events WHERE type = 'email_open' AND occurred_at >= '2026-04-02') e
WHERE e.customer_id NOT IN (SELECT customer_id FROM orders WHERE ordered_at >= '2026-04-02')

-- query: B41 opted-in clickers who never ordered, by country (EXISTS and NOT EXISTS over customers)
SELECT c.country, COUNT(*) AS contacts
FROM customers c
WHERE c.email_opt_in = 1
  AND EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id AND e.type = 'email_click')
  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)
GROUP BY c.country

-- query: B42 e-mail funnel by campaign (SUM(CASE) pivot of event types, unique opens / sends)
SELECT campaign_id,
       SUM(CASE WHEN type = 'email_sent' THEN 1 ELSE 0 END) AS sent,
       COUNT(DISTINCT CASE WHEN type = 'email_open' THEN customer_id END) AS unique_opens,
       COUNT(DISTINCT CASE WHEN type = 'email_click' THEN customer_id END) AS unique_clicks,
       COUNT(DISTINCT CASE WHEN type = 'email_open' THEN customer_id END) / SUM(CASE WHEN type = 'email_sent' THEN 1 ELSE 0 END) AS open_rate
FROM events
WHERE campaign_id IS NOT NULL
GROUP BY campaign_id

-- query: B43 monthly active buyers next to monthly e-mail openers (UNION ALL of two aggregates)
SELECT 'buyers' AS kind, DATE_FORMAT(ordered_at, '%Y-%m') AS month, COUNT(DISTINCT customer_id) AS customers
FROM orders WHERE status = 'valid'
GROUP BY DATE_FORMAT(ordered_at, '%Y-%m')
UNION ALL
SELECT 'openers', DATE_FORMAT(occurred_at, '%Y-%m'), COUNT(DISTINCT customer_id)
FROM events WHERE type = 'email_open'
GROUP BY DATE_FORMAT(occurred_at, '%Y-%m')
-- duckdb
SELECT 'buyers' AS kind, strftime(ordered_at, '%Y-%m') AS month, COUNT(DISTINCT customer_id) AS customers
FROM orders WHERE status = 'valid'
GROUP BY strftime(ordered_at, '%Y-%m')
UNION ALL
SELECT 'openers', strftime(occurred_at, '%Y-%m'), COUNT(DISTINCT customer_id)
FROM events WHERE type = 'email_open'
GROUP BY strftime(occurred_at, '%Y-%m')

-- query: B44 product viewers who did not buy the product within 7 days (events × orders anti-join, range in ON)
SELECT COUNT(*) AS views_without_purchase
FROM events e
LEFT JOIN orders o ON o.customer_id = e.customer_id AND o.product_id = e.product_id
  AND o.ordered_at >= e.occurred_at AND o.ordered_at < e.occurred_at + INTERVAL 7 DAY
WHERE e.type = 'product_view' AND e.occurred_at >= '2026-06-01' AND o.order_id IS NULL
