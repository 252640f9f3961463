-- Aggregates' results as MySQL 8 gives them: GROUP_CONCAT cut at
-- group_concat_max_len (1024 bytes, MySQL 8's default; the harness sets
-- MariaDB's to it) at a whole character when the cut falls inside a
-- multi-byte one; COUNT(DISTINCT x) grouped where x holds a typed
-- literal, an INTERVAL or TIMESTAMPDIFF (which cohortdb rewrites; GMS's
-- COUNT(DISTINCT) lost its column then: "unable to find field").

-- feature: function: GROUP_CONCAT
SELECT LENGTH(GROUP_CONCAT(name ORDER BY product_id)), CHAR_LENGTH(GROUP_CONCAT(name ORDER BY product_id)) FROM products;
SELECT category_1, LENGTH(GROUP_CONCAT(name ORDER BY product_id SEPARATOR ', ')) FROM products GROUP BY category_1;
SELECT GROUP_CONCAT(CONCAT('x', REPEAT('é', 600))) FROM products WHERE product_id = 1;
SELECT LENGTH(GROUP_CONCAT(CONCAT('x', REPEAT('é', 600)))), CHAR_LENGTH(GROUP_CONCAT(CONCAT('x', REPEAT('é', 600)))) FROM products WHERE product_id = 1;
SELECT LENGTH(GROUP_CONCAT(CONCAT('ab', REPEAT('€', 400)) SEPARATOR '')), CHAR_LENGTH(GROUP_CONCAT(CONCAT('ab', REPEAT('€', 400)) SEPARATOR '')) FROM products WHERE product_id < 3;
SELECT LENGTH(GROUP_CONCAT(DISTINCT p0.name ORDER BY p0.name SEPARATOR '|')), COUNT(*) FROM products p0 JOIN orders o0 ON o0.product_id = p0.product_id;

-- feature: function: COUNT
SELECT o0.store_id, COUNT(DISTINCT DATE '2024-02-29') AS a0 FROM orders o0 GROUP BY o0.store_id;
SELECT o0.store_id, COUNT(DISTINCT DATE_ADD(o0.ordered_at, INTERVAL 1 DAY)) AS a0, COUNT(DISTINCT TIMESTAMPDIFF(MONTH, o0.ordered_at, TIMESTAMP '2026-01-01 00:00:00')) AS a1 FROM orders o0 GROUP BY o0.store_id;
SELECT c.country, COUNT(DISTINCT FROM_DAYS(TO_DAYS(DATE '2024-02-29'))) AS a0, COUNT(DISTINCT DATE(c.signup_at + INTERVAL 1 WEEK)) AS a1 FROM customers c GROUP BY c.country WITH ROLLUP;
-- COUNT(DISTINCT CASE …) over a LEFT JOIN (the right side's columns
-- retyped nullable) comparing a date with a string: GMS's COUNT(DISTINCT)
-- lost its column id when rebuilt (1105 "unable to find field").
SELECT COUNT(DISTINCT CASE WHEN o.store_id IS NOT NULL THEN 2 WHEN c.birth_date BETWEEN DATE '1980-01-01' AND DATE '1995-06-30' THEN c.customer_id END) AS a0, COUNT(*) FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id;
SELECT o.channel, COUNT(DISTINCT CASE WHEN c.signup_at > '2025-06-01' THEN c.customer_id END) AS a0 FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id GROUP BY o.channel;
SELECT COUNT(DISTINCT CASE WHEN o.store_id IS NOT NULL THEN 2 WHEN c.birth_date > '2000-01-01' THEN c.customer_id END) AS a0 FROM products p LEFT JOIN orders o ON p.product_id = o.product_id LEFT JOIN customers c ON o.customer_id = c.customer_id WHERE p.product_id < 0;

-- Variances and standard deviations per group (DECIMAL, integer and
-- DOUBLE arguments; a one-row group has no sample variance), and SUM and
-- AVG of distinct values, over a join too.
-- feature: function: STDDEV
SELECT status, ROUND(STDDEV(amount), 6), ROUND(VAR_SAMP(amount), 4), ROUND(STDDEV_SAMP(quantity), 6), ROUND(VARIANCE(unit_price), 4), ROUND(STD(unit_price * 1e0), 6) FROM orders GROUP BY status;
SELECT order_id, STDDEV_POP(amount), VAR_SAMP(amount) FROM orders WHERE order_id < 40 GROUP BY order_id;
-- feature: function: SUM
SELECT c.country, SUM(DISTINCT o.quantity), AVG(DISTINCT o.amount), SUM(DISTINCT o.amount), COUNT(*) FROM orders o JOIN customers c ON c.customer_id = o.customer_id GROUP BY c.country;
SELECT SUM(DISTINCT quantity), AVG(DISTINCT quantity), MIN(DISTINCT amount), MAX(DISTINCT ordered_at) FROM orders;
