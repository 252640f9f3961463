-- Breadth set (issue 19), part 7: kinds not in parts 1-6, written the
-- way an analyst would: a retention matrix keyed by sign-up month
-- (customers LEFT JOIN orders, TIMESTAMPDIFF from the sign-up), revenue
-- in the reporting currency through an exchange-rate table whose
-- validity ends at the next row (LEAD in a CTE, range join), top 3
-- products per country (ROW_NUMBER over an aggregate, PARTITION BY),
-- streaks of consecutive active months (gaps and islands), each
-- channel's share of its country (SUM(SUM()) OVER (PARTITION BY)), a
-- view -> cart -> purchase funnel per category, postcode areas (LEFT()
-- with HAVING COUNT(DISTINCT) and LIMIT), anonymous visitors later
-- identified (LEFT JOIN to a DISTINCT of the same table on a string
-- key), days to the second order by source (MIN over a join to the
-- first), year-over-year by month (LAG(x, 12) PARTITION BY channel).
-- When first run: B89's DuckDB text counted months as date_sub does (a
-- month's last day completes it), not as TIMESTAMPDIFF does; B90's
-- SUM(amount * rate), a DECIMAL(28,10), was left to GMS row by row and
-- its join probed all 24 rates of a currency per line. Over 1.5x DuckDB
-- at S2 after that: B91 (~2.2x): GROUP BY c.country, p.product_id over
-- the join hashes the customers' country as a string (a string key from
-- a join's build side with an integer key: 2.6 s; channel from orders
-- itself with product_id: 0.65 s).
-- Format: see breadth.go.

-- query: B89 retention by sign-up month: customers LEFT JOIN orders, full months since sign-up (TIMESTAMPDIFF of two datetimes, conditions in ON)
SELECT DATE_FORMAT(c.signup_at, '%Y-%m') AS signup_month,
       TIMESTAMPDIFF(MONTH, c.signup_at, o.ordered_at) AS months_since,
       COUNT(DISTINCT c.customer_id) AS customers
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'valid' AND o.ordered_at >= c.signup_at
WHERE c.signup_at >= '2025-07-01'
GROUP BY signup_month, months_since
-- duckdb
SELECT strftime(c.signup_at, '%Y-%m') AS signup_month,
       -- MySQL's TIMESTAMPDIFF(MONTH): a month is complete when the day
       -- and time of day reach the start's (DuckDB's date_sub counts
       -- 2025-07-31 -> 2025-09-30 as two, a month's last day completing it)
       (YEAR(o.ordered_at) * 12 + MONTH(o.ordered_at)) - (YEAR(c.signup_at) * 12 + MONTH(c.signup_at))
         - CASE WHEN strftime(o.ordered_at, '%d%H%M%S') < strftime(c.signup_at, '%d%H%M%S') THEN 1 ELSE 0 END AS months_since,
       COUNT(DISTINCT c.customer_id) AS customers
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'valid' AND o.ordered_at >= c.signup_at
WHERE c.signup_at >= '2025-07-01'
GROUP BY signup_month, months_since

-- query: B90 monthly revenue in the reporting currency: each rate holds until the currency's next one (LEAD in a CTE, range join with IS NULL OR)
-- ordered
WITH fx AS (
  SELECT currency, valid_from, rate,
         LEAD(valid_from) OVER (PARTITION BY currency ORDER BY valid_from) AS valid_to
  FROM fx_rates
)
SELECT DATE_FORMAT(o.ordered_at, '%Y-%m') AS month,
       COUNT(*) AS order_lines,
       ROUND(SUM(o.amount * fx.rate), 2) AS revenue_eur
FROM orders o
JOIN fx ON fx.currency = o.currency
       AND o.ordered_at >= fx.valid_from
       AND (fx.valid_to IS NULL OR o.ordered_at < fx.valid_to)
WHERE o.status = 'valid'
GROUP BY month
ORDER BY month
-- duckdb
WITH fx AS (
  SELECT currency, valid_from, rate,
         LEAD(valid_from) OVER (PARTITION BY currency ORDER BY valid_from) AS valid_to
  FROM fx_rates
)
SELECT strftime(o.ordered_at, '%Y-%m') AS month,
       COUNT(*) AS order_lines,
       ROUND(SUM(o.amount * fx.rate), 2) AS revenue_eur
FROM orders o
JOIN fx ON fx.currency = o.currency
       AND o.ordered_at >= fx.valid_from
       AND (fx.valid_to IS NULL OR o.ordered_at < fx.valid_to)
WHERE o.status = 'valid'
GROUP BY month
ORDER BY month

-- query: B91 top 3 products per country by revenue (ROW_NUMBER() OVER (PARTITION BY country ORDER BY SUM(amount) DESC) in a derived table, <= 3 outside)
-- ordered
SELECT country, rn, product_id, name, revenue
FROM (SELECT c.country, p.product_id, p.name, SUM(o.amount) AS revenue,
             ROW_NUMBER() OVER (PARTITION BY c.country ORDER BY SUM(o.amount) DESC, p.product_id) AS rn
      FROM orders o
      JOIN customers c ON c.customer_id = o.customer_id
      JOIN products p ON p.product_id = o.product_id
      WHERE o.status = 'valid'
      GROUP BY c.country, p.product_id, p.name) t
WHERE rn <= 3
ORDER BY country, rn

-- query: B92 longest streak of consecutive active months per customer, as a histogram (gaps and islands: month index minus ROW_NUMBER)
-- ordered
WITH months AS (
  SELECT DISTINCT customer_id, YEAR(ordered_at) * 12 + MONTH(ordered_at) AS m
  FROM orders WHERE status = 'valid'
),
islands AS (
  SELECT customer_id, m - ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY m) AS grp
  FROM months
),
streaks AS (
  SELECT customer_id, grp, COUNT(*) AS len FROM islands GROUP BY customer_id, grp
)
SELECT longest, COUNT(*) AS customers
FROM (SELECT customer_id, MAX(len) AS longest FROM streaks GROUP BY customer_id) b
GROUP BY longest
ORDER BY longest

-- query: B93 each channel's share of its country's revenue (SUM(SUM(amount)) OVER (PARTITION BY country) beside the GROUP BY)
-- ordered
SELECT c.country, o.channel, SUM(o.amount) AS revenue,
       ROUND(100 * SUM(o.amount) / SUM(SUM(o.amount)) OVER (PARTITION BY c.country), 2) AS pct_of_country
FROM orders o JOIN customers c ON c.customer_id = o.customer_id
WHERE o.status = 'valid'
GROUP BY c.country, o.channel
ORDER BY c.country, revenue DESC

-- query: B94 view -> cart -> purchase funnel by top-level category (two aggregates over events × products and orders × products, LEFT JOIN, NULLIF division)
-- ordered
WITH ev AS (
  SELECT p.category_1,
         COUNT(DISTINCT CASE WHEN e.type = 'product_view' THEN e.customer_id END) AS viewers,
         COUNT(DISTINCT CASE WHEN e.type = 'cart_add' THEN e.customer_id END) AS carters
  FROM events e JOIN products p ON p.product_id = e.product_id
  WHERE e.type IN ('product_view', 'cart_add') AND e.customer_id IS NOT NULL
  GROUP BY p.category_1
),
buy AS (
  SELECT p.category_1, COUNT(DISTINCT o.customer_id) AS buyers
  FROM orders o JOIN products p ON p.product_id = o.product_id
  WHERE o.status = 'valid'
  GROUP BY p.category_1
)
SELECT ev.category_1, ev.viewers, ev.carters, buy.buyers,
       ROUND(ev.carters / NULLIF(ev.viewers, 0), 4) AS cart_rate,
       ROUND(buy.buyers / NULLIF(ev.carters, 0), 4) AS buy_per_cart
FROM ev LEFT JOIN buy ON buy.category_1 = ev.category_1
ORDER BY ev.category_1

-- query: B95 top 20 postcode areas by revenue with at least 200 buyers (LEFT(postal_code, 2) key, HAVING COUNT(DISTINCT), ORDER BY ... LIMIT)
-- ordered
SELECT c.country, LEFT(c.postal_code, 2) AS area,
       COUNT(DISTINCT o.customer_id) AS buyers, SUM(o.amount) AS revenue
FROM customers c JOIN orders o ON o.customer_id = c.customer_id
WHERE o.status = 'valid' AND c.postal_code IS NOT NULL
GROUP BY c.country, area
HAVING COUNT(DISTINCT o.customer_id) >= 200
ORDER BY revenue DESC
LIMIT 20

-- query: B96 anonymous visitors later identified, by device (LEFT JOIN to a SELECT DISTINCT of the same table on a string key, two COUNT(DISTINCT))
SELECT a.device, COUNT(DISTINCT a.visitor_id) AS anonymous_visitors,
       COUNT(DISTINCT k.visitor_id) AS identified
FROM events a
LEFT JOIN (SELECT DISTINCT visitor_id FROM events
           WHERE customer_id IS NOT NULL AND visitor_id IS NOT NULL) k
       ON k.visitor_id = a.visitor_id
WHERE a.customer_id IS NULL AND a.visitor_id IS NOT NULL
GROUP BY a.device

-- query: B97 repeat rate and average days to the second order by acquisition source (MIN over orders joined after the first, LEFT JOIN, AVG(DATEDIFF))
WITH firsts AS (
  SELECT customer_id, MIN(ordered_at) AS first_at
  FROM orders WHERE status = 'valid' GROUP BY customer_id
),
seconds AS (
  SELECT o.customer_id, MIN(o.ordered_at) AS second_at
  FROM orders o JOIN firsts f ON f.customer_id = o.customer_id AND o.ordered_at > f.first_at
  WHERE o.status = 'valid'
  GROUP BY o.customer_id
)
SELECT c.source, COUNT(*) AS buyers, COUNT(s.customer_id) AS repeaters,
       ROUND(COUNT(s.customer_id) / COUNT(*), 4) AS repeat_rate,
       ROUND(AVG(DATEDIFF(s.second_at, f.first_at)), 2) AS avg_days_to_second
FROM firsts f
JOIN customers c ON c.customer_id = f.customer_id
LEFT JOIN seconds s ON s.customer_id = f.customer_id
GROUP BY c.source
-- duckdb
WITH firsts AS (
  SELECT customer_id, MIN(ordered_at) AS first_at
  FROM orders WHERE status = 'valid' GROUP BY customer_id
),
seconds AS (
  SELECT o.customer_id, MIN(o.ordered_at) AS second_at
  FROM orders o JOIN firsts f ON f.customer_id = o.customer_id AND o.ordered_at > f.first_at
  WHERE o.status = 'valid'
  GROUP BY o.customer_id
)
SELECT c.source, COUNT(*) AS buyers, COUNT(s.customer_id) AS repeaters,
       ROUND(COUNT(s.customer_id) / COUNT(*), 4) AS repeat_rate,
       ROUND(AVG(date_diff('day', CAST(f.first_at AS DATE), CAST(s.second_at AS DATE))), 2) AS avg_days_to_second
FROM firsts f
JOIN customers c ON c.customer_id = f.customer_id
LEFT JOIN seconds s ON s.customer_id = f.customer_id
GROUP BY c.source

-- query: B98 year-over-year revenue by channel and month (LAG(revenue, 12) OVER (PARTITION BY channel ORDER BY month) over a GROUP BY)
-- ordered
SELECT channel, month, revenue,
       LAG(revenue, 12) OVER (PARTITION BY channel ORDER BY month) AS revenue_year_before,
       ROUND(100 * (revenue / LAG(revenue, 12) OVER (PARTITION BY channel ORDER BY month) - 1), 1) AS yoy_pct
FROM (SELECT channel, DATE_FORMAT(ordered_at, '%Y-%m') AS month, SUM(amount) AS revenue
      FROM orders WHERE status = 'valid'
      GROUP BY channel, DATE_FORMAT(ordered_at, '%Y-%m')) m
ORDER BY channel, month
-- duckdb
SELECT channel, month, revenue,
       LAG(revenue, 12) OVER (PARTITION BY channel ORDER BY month) AS revenue_year_before,
       ROUND(100 * (revenue / LAG(revenue, 12) OVER (PARTITION BY channel ORDER BY month) - 1), 1) AS yoy_pct
FROM (SELECT channel, strftime(ordered_at, '%Y-%m') AS month, SUM(amount) AS revenue
      FROM orders WHERE status = 'valid'
      GROUP BY channel, strftime(ordered_at, '%Y-%m')) m
ORDER BY channel, month
