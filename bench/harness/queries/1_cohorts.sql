-- Breadth set (issue 19), part 1: cohorts, repeat purchase, revenue KPIs.
-- Format: see breadth.go. "Today" is 2026-07-01; history ends 2026-06-30.
-- Each query is written the way an analyst would type it; the DuckDB text
-- differs only where the dialect forces it.

-- query: B01 cohort retention matrix: first-order month × months since (CTE joined back to orders)
WITH firsts AS (
  SELECT customer_id, MIN(ordered_at) AS first_at
  FROM orders
  WHERE status = 'valid'
  GROUP BY customer_id
)
SELECT DATE_FORMAT(f.first_at, '%Y-%m') AS cohort,
       (YEAR(o.ordered_at) - YEAR(f.first_at)) * 12 + MONTH(o.ordered_at) - MONTH(f.first_at) AS months_since,
       COUNT(DISTINCT o.customer_id) AS customers
FROM orders o
JOIN firsts f ON f.customer_id = o.customer_id
WHERE o.status = 'valid'
GROUP BY cohort, months_since
-- duckdb
WITH firsts AS (
  SELECT customer_id, MIN(ordered_at) AS first_at
  FROM orders
  WHERE status = 'valid'
  GROUP BY customer_id
)
SELECT strftime(f.first_at, '%Y-%m') AS cohort,
       (YEAR(o.ordered_at) - YEAR(f.first_at)) * 12 + MONTH(o.ordered_at) - MONTH(f.first_at) AS months_since,
       COUNT(DISTINCT o.customer_id) AS customers
FROM orders o
JOIN firsts f ON f.customer_id = o.customer_id
WHERE o.status = 'valid'
GROUP BY cohort, months_since

-- query: B02 cohort retention as a share of cohort size (three CTEs, TIMESTAMPDIFF months, status in ON)
-- ordered
WITH firsts AS (
  SELECT customer_id, DATE_FORMAT(MIN(ordered_at), '%Y-%m-01') AS cohort_month
  FROM orders WHERE status = 'valid' GROUP BY customer_id
),
sizes AS (
  SELECT cohort_month, COUNT(*) AS cohort_size FROM firsts GROUP BY cohort_month
),
activity AS (
  SELECT f.cohort_month,
         TIMESTAMPDIFF(MONTH, f.cohort_month, DATE_FORMAT(o.ordered_at, '%Y-%m-01')) AS month_number,
         COUNT(DISTINCT o.customer_id) AS active
  FROM orders o JOIN firsts f ON o.customer_id = f.customer_id AND o.status = 'valid'
  GROUP BY 1, 2
)
SELECT a.cohort_month, a.month_number, s.cohort_size, a.active, a.active / s.cohort_size AS retention
FROM activity a JOIN sizes s ON s.cohort_month = a.cohort_month
ORDER BY a.cohort_month, a.month_number
-- duckdb
WITH firsts AS (
  SELECT customer_id, strftime(MIN(ordered_at), '%Y-%m-01') AS cohort_month
  FROM orders WHERE status = 'valid' GROUP BY customer_id
),
sizes AS (
  SELECT cohort_month, COUNT(*) AS cohort_size FROM firsts GROUP BY cohort_month
),
activity AS (
  SELECT f.cohort_month,
         date_diff('month', CAST(f.cohort_month AS DATE), CAST(strftime(o.ordered_at, '%Y-%m-01') AS DATE)) AS month_number,
         COUNT(DISTINCT o.customer_id) AS active
  FROM orders o JOIN firsts f ON o.customer_id = f.customer_id AND o.status = 'valid'
  GROUP BY 1, 2
)
SELECT a.cohort_month, a.month_number, s.cohort_size, a.active, a.active / s.cohort_size AS retention
FROM activity a JOIN sizes s ON s.cohort_month = a.cohort_month
ORDER BY a.cohort_month, a.month_number

-- query: B03 monthly revenue, orders, AOV and returning-customer share (CTE + join + COUNT(DISTINCT CASE))
-- ordered
WITH firsts AS (
  SELECT customer_id, MIN(ordered_at) AS first_at
  FROM orders WHERE status = 'valid' GROUP BY customer_id
)
SELECT DATE_FORMAT(o.ordered_at, '%Y-%m') AS month,
       SUM(o.amount) AS revenue,
       COUNT(DISTINCT o.order_id) AS orders,
       SUM(o.amount) / COUNT(DISTINCT o.order_id) AS aov,
       COUNT(DISTINCT CASE WHEN o.ordered_at > f.first_at THEN o.customer_id END) / COUNT(DISTINCT o.customer_id) AS returning_share
FROM orders o
JOIN firsts f ON f.customer_id = o.customer_id
WHERE o.status = 'valid'
GROUP BY DATE_FORMAT(o.ordered_at, '%Y-%m')
ORDER BY month
-- duckdb
WITH firsts AS (
  SELECT customer_id, MIN(ordered_at) AS first_at
  FROM orders WHERE status = 'valid' GROUP BY customer_id
)
SELECT strftime(o.ordered_at, '%Y-%m') AS month,
       SUM(o.amount) AS revenue,
       COUNT(DISTINCT o.order_id) AS orders,
       SUM(o.amount) / COUNT(DISTINCT o.order_id) AS aov,
       COUNT(DISTINCT CASE WHEN o.ordered_at > f.first_at THEN o.customer_id END) / COUNT(DISTINCT o.customer_id) AS returning_share
FROM orders o
JOIN firsts f ON f.customer_id = o.customer_id
WHERE o.status = 'valid'
GROUP BY strftime(o.ordered_at, '%Y-%m')
ORDER BY month

-- query: B04 new vs returning customers and revenue by month (first order month CASE)
WITH firsts AS (
  SELECT customer_id, MIN(ordered_at) AS first_at FROM orders WHERE status = 'valid' GROUP BY customer_id
)
SELECT YEAR(o.ordered_at) AS yr, MONTH(o.ordered_at) AS mo,
       CASE WHEN YEAR(f.first_at) = YEAR(o.ordered_at) AND MONTH(f.first_at) = MONTH(o.ordered_at) THEN 'new' ELSE 'returning' END AS customer_type,
       COUNT(DISTINCT o.customer_id) AS customers,
       SUM(o.amount) AS revenue
FROM orders o JOIN firsts f ON f.customer_id = o.customer_id
WHERE o.status = 'valid'
GROUP BY yr, mo, customer_type

-- query: B05 days between 1st and 2nd order (ROW_NUMBER PARTITION BY customer, self-join of the CTE)
WITH numbered AS (
  SELECT customer_id, order_id, ordered_at,
         ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id) AS n
  FROM (SELECT customer_id, order_id, MIN(ordered_at) AS ordered_at
        FROM orders WHERE status = 'valid' GROUP BY customer_id, order_id) AS o
)
SELECT DATEDIFF(s.ordered_at, f.ordered_at) AS days_to_second, COUNT(*) AS customers
FROM numbered f
JOIN numbered s ON s.customer_id = f.customer_id AND s.n = 2
WHERE f.n = 1
GROUP BY DATEDIFF(s.ordered_at, f.ordered_at)
-- duckdb
WITH numbered AS (
  SELECT customer_id, order_id, ordered_at,
         ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id) AS n
  FROM (SELECT customer_id, order_id, MIN(ordered_at) AS ordered_at
        FROM orders WHERE status = 'valid' GROUP BY customer_id, order_id) AS o
)
SELECT date_diff('day', f.ordered_at, s.ordered_at) AS days_to_second, COUNT(*) AS customers
FROM numbered f
JOIN numbered s ON s.customer_id = f.customer_id AND s.n = 2
WHERE f.n = 1
GROUP BY date_diff('day', f.ordered_at, s.ordered_at)

-- query: B06 average gap before the 2nd..10th order (LAG and ROW_NUMBER over DISTINCT orders)
-- ordered
SELECT order_number, COUNT(*) AS orders, AVG(gap_days) AS avg_gap_days
FROM (
  SELECT customer_id,
         ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id) AS order_number,
         DATEDIFF(ordered_at, LAG(ordered_at) OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id)) AS gap_days
  FROM (SELECT DISTINCT customer_id, order_id, ordered_at FROM orders WHERE status = 'valid') AS o
) AS g
WHERE order_number BETWEEN 2 AND 10
GROUP BY order_number
ORDER BY order_number
-- duckdb
SELECT order_number, COUNT(*) AS orders, AVG(gap_days) AS avg_gap_days
FROM (
  SELECT customer_id,
         ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id) AS order_number,
         date_diff('day', LAG(ordered_at) OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id), ordered_at) AS gap_days
  FROM (SELECT DISTINCT customer_id, order_id, ordered_at FROM orders WHERE status = 'valid') AS o
) AS g
WHERE order_number BETWEEN 2 AND 10
GROUP BY order_number
ORDER BY order_number

-- query: B07 repeat rate by first-order channel (ROW_NUMBER = 1 joined to per-customer order counts)
WITH first_lines AS (
  SELECT customer_id, channel,
         ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id, line_no) AS rn
  FROM orders WHERE status = 'valid'
)
SELECT f.channel, COUNT(*) AS customers,
       SUM(CASE WHEN n.orders > 1 THEN 1 ELSE 0 END) / COUNT(*) AS repeat_rate
FROM first_lines f
JOIN (SELECT customer_id, COUNT(DISTINCT order_id) AS orders FROM orders WHERE status = 'valid' GROUP BY customer_id) n
  ON n.customer_id = f.customer_id
WHERE f.rn = 1
GROUP BY f.channel

-- query: B08 customers who ordered again within 30 days of an order (CTE self-join, range condition in ON)
WITH valid_orders AS (
  SELECT DISTINCT customer_id, order_id, ordered_at FROM orders WHERE status = 'valid'
)
SELECT COUNT(DISTINCT a.customer_id) AS customers
FROM valid_orders a
JOIN valid_orders b ON b.customer_id = a.customer_id
  AND b.ordered_at > a.ordered_at
  AND b.ordered_at <= a.ordered_at + INTERVAL 30 DAY

-- query: B09 lapsed customers by country: last valid order before 2026-01-01 (aggregate × customers)
-- ordered
SELECT c.country, COUNT(*) AS lapsed
FROM customers c
JOIN (SELECT customer_id, MAX(ordered_at) AS last_order
      FROM orders WHERE status = 'valid' GROUP BY customer_id) l ON l.customer_id = c.customer_id
WHERE l.last_order < '2026-01-01'
GROUP BY c.country
ORDER BY lapsed DESC, c.country

-- query: B10 revenue deciles of customers (NTILE(10) over per-customer revenue)
-- ordered
SELECT decile, COUNT(*) AS customers, SUM(revenue) AS revenue, MIN(revenue) AS min_revenue, MAX(revenue) AS max_revenue
FROM (
  SELECT customer_id, revenue, NTILE(10) OVER (ORDER BY revenue DESC, customer_id) AS decile
  FROM (SELECT customer_id, SUM(amount) AS revenue FROM orders WHERE status = 'valid' GROUP BY customer_id) t
) d
GROUP BY decile
ORDER BY decile

-- query: B11 signup-to-first-order conversion by source and signup month (customers LEFT JOIN first orders)
SELECT c.source, DATE_FORMAT(c.signup_at, '%Y-%m') AS signup_month,
       COUNT(*) AS signups, COUNT(f.customer_id) AS converted,
       AVG(DATEDIFF(f.first_at, c.signup_at)) AS avg_days_to_first
FROM customers c
LEFT JOIN (SELECT customer_id, MIN(ordered_at) AS first_at FROM orders GROUP BY customer_id) f
  ON f.customer_id = c.customer_id
GROUP BY c.source, DATE_FORMAT(c.signup_at, '%Y-%m')
-- duckdb
SELECT c.source, strftime(c.signup_at, '%Y-%m') AS signup_month,
       COUNT(*) AS signups, COUNT(f.customer_id) AS converted,
       AVG(date_diff('day', c.signup_at, f.first_at)) AS avg_days_to_first
FROM customers c
LEFT JOIN (SELECT customer_id, MIN(ordered_at) AS first_at FROM orders GROUP BY customer_id) f
  ON f.customer_id = c.customer_id
GROUP BY c.source, strftime(c.signup_at, '%Y-%m')

-- query: B12 month-over-month revenue growth and running total (LAG and SUM() OVER (ORDER BY month))
-- ordered
SELECT month, revenue,
       SUM(revenue) OVER (ORDER BY month) AS running_revenue,
       revenue / LAG(revenue) OVER (ORDER BY month) - 1 AS growth
FROM (SELECT DATE_FORMAT(ordered_at, '%Y-%m') AS month, SUM(amount) AS revenue
      FROM orders WHERE status = 'valid'
      GROUP BY DATE_FORMAT(ordered_at, '%Y-%m')) m
ORDER BY month
-- duckdb
SELECT month, revenue,
       SUM(revenue) OVER (ORDER BY month) AS running_revenue,
       revenue / LAG(revenue) OVER (ORDER BY month) - 1 AS growth
FROM (SELECT strftime(ordered_at, '%Y-%m') AS month, SUM(amount) AS revenue
      FROM orders WHERE status = 'valid'
      GROUP BY strftime(ordered_at, '%Y-%m')) m
ORDER BY month
