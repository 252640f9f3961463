-- GROUP BY … WITH ROLLUP (server/rollup.go, rollup_once.go): a rollup
-- whose aggregates merge (COUNT, SUM, AVG, MIN, MAX) reads its input
-- once and derives each level from the finest groups, so each level's
-- values and column types must be what MySQL computes from the rows:
-- COUNT a BIGINT, SUM and AVG of exact values DECIMALs of MySQL's
-- precision and scale (AVG rounded at four more decimals), of DOUBLEs
-- DOUBLEs, MIN and MAX their argument's type, NULLs skipped, a group of
-- only NULLs NULL, no grand total over no rows; HAVING filters every
-- level (a rolled-up key is NULL there); several levels; others
-- (COUNT(DISTINCT), GROUP_CONCAT) keep the rewrite that groups each
-- level from the table.

-- feature: clause: WITH ROLLUP
-- ordered
SELECT o.channel, o.store_id, COUNT(*), COUNT(o.store_id), SUM(o.store_id), AVG(o.store_id), MIN(o.store_id), MAX(o.store_id), SUM(o.amount), AVG(o.amount), MIN(o.amount), MAX(o.coupon_code) FROM orders o GROUP BY o.channel, o.store_id WITH ROLLUP;
-- ordered
SELECT YEAR(o.ordered_at) AS y, QUARTER(o.ordered_at) AS q, o.channel, COUNT(*) AS n, SUM(o.amount) AS revenue, AVG(o.quantity) AS avg_qty, AVG(o.unit_price) AS avg_price FROM orders o GROUP BY y, q, o.channel WITH ROLLUP;
-- ordered
SELECT o.channel, SUM(o.amount), AVG(o.amount), MIN(o.amount), MAX(o.ordered_at), COUNT(*), COUNT(o.store_id) FROM orders o WHERE o.order_id < 0 GROUP BY o.channel WITH ROLLUP;
-- ordered
SELECT o.channel, o.status, COUNT(*) AS n, SUM(o.amount) AS s FROM orders o GROUP BY o.channel, o.status WITH ROLLUP HAVING SUM(o.amount) > 1000;
-- ordered
SELECT o.channel, o.status, COUNT(*) AS n, AVG(o.amount) AS a FROM orders o GROUP BY o.channel, o.status WITH ROLLUP HAVING AVG(o.amount) > 120 OR COUNT(*) < 3;
-- ordered
SELECT o.channel, o.status, COUNT(*) AS n FROM orders o GROUP BY o.channel, o.status WITH ROLLUP HAVING n > 40;
-- ordered
SELECT o.channel, SUM(o.amount * 1e0) AS sd, AVG(o.quantity * 1e0) AS ad, MIN(o.amount * 1e0) AS mind, MAX(o.unit_price * 1e0) AS maxd, SUM(o.store_id * 0.5e0) AS nulls_d FROM orders o GROUP BY o.channel WITH ROLLUP;
-- ordered
SELECT o.channel, SUM(o.amount) / COUNT(*) AS per_line, ROUND(AVG(o.amount), 1) AS r, COUNT(*) + 1 AS n1, SUM(o.amount) * 2 AS twice, AVG(o.amount) AS a FROM orders o GROUP BY o.channel WITH ROLLUP;
-- ordered
SELECT c.country, p.category_1, COUNT(*), SUM(o.quantity), AVG(o.unit_price), MAX(o.ordered_at), MIN(c.birth_date), SUM(o.customer_id) FROM orders o JOIN customers c ON c.customer_id = o.customer_id JOIN products p ON p.product_id = o.product_id GROUP BY c.country, p.category_1 WITH ROLLUP;
-- ordered
SELECT o.status AS st, COUNT(o.coupon_code) AS coupons, MIN(o.coupon_code) AS first_coupon, MAX(o.source_medium) AS last_medium FROM orders o GROUP BY 1 WITH ROLLUP;
-- ordered
SELECT o.channel, o.store_id, SUM(o.amount) AS s FROM orders o WHERE o.store_id IS NULL OR o.channel IS NULL GROUP BY o.channel, o.store_id WITH ROLLUP;
-- ordered
SELECT o.channel, COUNT(*) AS n, SUM(o.amount) AS s FROM orders o GROUP BY o.channel WITH ROLLUP LIMIT 3;
-- ordered
SELECT o.channel, COUNT(DISTINCT o.customer_id) AS buyers, SUM(o.amount) AS s FROM orders o GROUP BY o.channel WITH ROLLUP;
