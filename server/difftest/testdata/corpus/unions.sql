-- UNIONs and the columns they make: MySQL types a UNION's column from all
-- its selects (two DECIMALs: the larger scale, room for the larger
-- integer part), a CTE or derived table over it keeps that type, a
-- recursive CTE's columns have its anchor's types, and CASE, IF and
-- COALESCE over exact values are the DECIMAL that holds them all.

-- feature: clause: UNION
SELECT customer_id, birth_date FROM customers WHERE customer_id = 900002 UNION ALL SELECT 1, NULL;
SELECT CAST(birth_date AS CHAR) FROM customers WHERE customer_id = 900002 UNION SELECT 'x';
SELECT CAST(birth_date AS CHAR), CONCAT(birth_date, '|') FROM customers WHERE customer_id IN (900002, 900003) UNION SELECT CAST(DATE '2025-06-30' AS CHAR), CONCAT(DATE '2025-06-30', '|');
SELECT * FROM (SELECT customer_id FROM customers WHERE customer_id = 900002 UNION ALL SELECT 5) d;
SELECT IF(order_id > 5, amount, 0.5) c, COALESCE(NULL, amount, 0.125) d, CASE WHEN order_id > 900002 THEN amount END g FROM orders WHERE order_id = 900003 UNION ALL SELECT 1, 2, 3;
SELECT CASE WHEN status = 'valid' THEN amount ELSE unit_price END AS v FROM orders WHERE order_id >= 900001 UNION SELECT 0.5;

-- feature: clause: WITH (CTE)
WITH c AS (SELECT 1.5 a UNION ALL SELECT 2.125) SELECT SUM(a), AVG(a), MAX(a) FROM c;
SELECT SUM(a) FROM (SELECT amount a FROM orders WHERE order_id = 900002 UNION ALL SELECT 0.125) d;

-- feature: clause: WITH RECURSIVE
WITH RECURSIVE m (k, d) AS (SELECT 0, DATE '2025-01-31' UNION ALL SELECT k + 1, d + INTERVAL 25 HOUR FROM m WHERE k < 3) SELECT k, d, CAST(d AS CHAR) FROM m;
WITH RECURSIVE m (k, d) AS (SELECT 0, DATE '2025-01-31' UNION ALL SELECT k + 1, d + INTERVAL 1 MONTH FROM m WHERE k < 5) SELECT m.d, COUNT(o.order_id) FROM m LEFT JOIN orders o ON o.ordered_at >= m.d AND o.ordered_at < m.d + INTERVAL 1 MONTH GROUP BY m.d;
WITH RECURSIVE m (k, t) AS (SELECT 0, TIMESTAMP '2025-01-01 10:00:00' UNION ALL SELECT k + 1, t + INTERVAL 90 MINUTE FROM m WHERE k < 3) SELECT k, t FROM m;

-- feature: clause: CASE
SELECT CASE WHEN order_id > 900002 THEN amount ELSE 0.5 END AS c FROM orders WHERE order_id >= 900001;
SELECT COALESCE(amount, 0.125), IFNULL(amount, 1), IF(quantity > 1, unit_price, 0.001) FROM orders WHERE order_id >= 900001;

-- feature: function: SIGN
SELECT SIGN(0.03), SIGN(-0.4e0), SIGN(0.0), SIGN(NULL), SIGN('0.5'), SIGN(-7);
SELECT order_id, SIGN(amount), SIGN(-amount), SIGN(unit_price), SIGN(quantity) FROM orders WHERE order_id >= 900001;
