-- Numeric functions' values and result types as MySQL 8 computes them:
-- ROUND and TRUNCATE of DECIMALs, DOUBLEs and integers (negative places,
-- the result's scale), SUM and AVG of DECIMAL quotients, GREATEST and
-- LEAST of DECIMALs, CAST to a DECIMAL too narrow for the value; both
-- executors (GROUP BY puts an expression on engine/exec's path).

-- feature: function: TRUNCATE, function: ROUND
DROP TABLE IF EXISTS compat_numbers;
CREATE TABLE compat_numbers (id INT PRIMARY KEY, d DECIMAL(10,3), f DOUBLE, i INT, u INT UNSIGNED);
INSERT INTO compat_numbers VALUES (1, 1234.567, 1234.567, 1234, 1250), (2, -1234.567, -1234.567, -1250, 1249), (3, 2.500, 2.5, 25, 0), (4, -2.500, -2.5, -25, 7), (5, 0.005, 0.005, 5, 95), (6, NULL, NULL, NULL, NULL), (7, 999999.999, 1e15, 2147483647, 4294967295), (8, -0.001, -0.001, -1, 1);
SELECT TRUNCATE(2.789, 1), TRUNCATE(2.789, 0), TRUNCATE(-2.789, 2), TRUNCATE(1234.5678, -2), TRUNCATE(-1299, -2), TRUNCATE(122, -2), TRUNCATE(10.28 * 100, 0), TRUNCATE(1.5, 3);
SELECT TRUNCATE(2.5e0, 0), TRUNCATE(-2.789e0, 1), TRUNCATE(1234.5678e0, -2), TRUNCATE(NULL, 1), TRUNCATE('2.789', 2), TRUNCATE(7, 2);
SELECT ROUND(2.5e0), ROUND(3.5e0), ROUND(-2.5e0), ROUND(1234.5678e0, -2), ROUND(1250, -2), ROUND(-1250, -2), ROUND(1.5, 3), ROUND(42.00, 0), ROUND(99.95, 1), ROUND(5, 2);
-- ordered
SELECT id, TRUNCATE(d, 1), TRUNCATE(d, -2), TRUNCATE(d, 0), ROUND(d, 2), ROUND(d, -1), ROUND(d), ROUND(d, 5) FROM compat_numbers ORDER BY id;
-- ordered
SELECT id, TRUNCATE(f, 1), TRUNCATE(f, -2), ROUND(f, 2), ROUND(f, -1), ROUND(f) FROM compat_numbers ORDER BY id;
-- ordered
SELECT id, TRUNCATE(i, -1), TRUNCATE(i, 2), ROUND(i, -2), ROUND(i, 1), TRUNCATE(u, -1), ROUND(u, -1), ROUND(u, -2) FROM compat_numbers ORDER BY id;
-- ordered
SELECT id, TRUNCATE(d, i MOD 3), ROUND(d, i MOD 3) FROM compat_numbers ORDER BY id;
SELECT TRUNCATE(d, 1) a, ROUND(f, -1) b, TRUNCATE(i, -1) c, COUNT(*) FROM compat_numbers WHERE f > 1 OR f < -10 GROUP BY a, b, c;
SELECT SUM(TRUNCATE(d, 1)), AVG(ROUND(d, 1)), SUM(TRUNCATE(f, 0)), SUM(ROUND(i, -1)), MAX(TRUNCATE(u, -2)) FROM compat_numbers;
SELECT SUM(TRUNCATE(amount, 0)), AVG(ROUND(amount, 1)), MAX(TRUNCATE(unit_price, -1)), MIN(ROUND(unit_price * quantity, -2)) FROM orders;
SELECT status, TRUNCATE(SUM(amount) / COUNT(*), 2), ROUND(AVG(quantity), 1) FROM orders GROUP BY status;

-- FLOOR and CEIL: an integer keeps its type; an exact argument of n
-- integer digits is INT (n <= 9), BIGINT (n <= 16) or DECIMAL (GMS typed
-- every result INT and clamped it: FLOOR(3000000000.5) was 2147483647);
-- a DOUBLE stays DOUBLE; a DECIMAL quotient is floored as MySQL hands it
-- over, truncated at its internal 9 digits (-1.0000000001 floors to -1).
-- feature: function: FLOOR, function: CEIL
SELECT FLOOR(3000000000.5), CEIL(-3000000000.5), FLOOR(-2.5), CEILING(-0.5), FLOOR(2.5e0), CEIL(-2.5e0), FLOOR(7), FLOOR(7 / 2), CEIL(-7 / 2), FLOOR(NULL), FLOOR(1 / 0);
SELECT FLOOR(-10000000001 / 10000000000), CEIL(10000000001 / 10000000000), FLOOR(-12.34 / 10), CEIL(12345678901234.5), FLOOR(123456789012345678.5);
-- ordered
SELECT id, FLOOR(d), CEIL(d), FLOOR(d / 10), CEIL(d / -7), FLOOR(f), CEIL(f / 2), FLOOR(i), CEIL(i / 4), FLOOR(u / 3) FROM compat_numbers ORDER BY id;
SELECT FLOOR(d / 100) * 100 AS bucket, COUNT(*), MIN(id) FROM compat_numbers GROUP BY 1 ORDER BY 1;
SELECT FLOOR(amount / 10) * 10 AS bucket, CEIL(quantity / 2) AS q, COUNT(*) FROM orders GROUP BY 1, 2 ORDER BY 1, 2;

-- PERIOD_DIFF and PERIOD_ADD (periods YYYYMM or YYMM, years below 70 in
-- the 2000s; arguments read as integers; INT results): cohort months.
-- feature: function: PERIOD_DIFF, function: PERIOD_ADD
SELECT PERIOD_DIFF(202603, 202511), PERIOD_ADD(202611, 3), PERIOD_DIFF(2603, 9912), PERIOD_ADD(9912, 1), PERIOD_ADD(0, 5), PERIOD_DIFF(NULL, 1), PERIOD_DIFF('202603', 202601.7), PERIOD_ADD(202601, -13);
SELECT PERIOD_DIFF(DATE_FORMAT(o.ordered_at, '%Y%m'), DATE_FORMAT(f.first_at, '%Y%m')) AS months, COUNT(DISTINCT o.customer_id) FROM orders o JOIN (SELECT customer_id, MIN(ordered_at) AS first_at FROM orders GROUP BY customer_id) f ON f.customer_id = o.customer_id GROUP BY months ORDER BY months;

-- feature: function: SUM, function: AVG
SELECT SUM(100.00 / 7), AVG(100.00 / 7), SUM(quantity / 3), AVG(quantity / 7) FROM orders;
SELECT SUM(amount / 3), AVG(amount / 7), SUM(amount / quantity), SUM(d / 3), AVG(i / 7) FROM orders, compat_numbers WHERE order_id < 100 AND id < 4;
SELECT status, SUM(amount / 3) FROM orders WHERE status = 'cancelled' GROUP BY status;
-- A DECIMAL division over DECIMAL arithmetic: the dividend is exact, the quotient rounded once.
SELECT status, SUM((amount * quantity) / 3), AVG((amount - 1.5) / quantity), MAX((amount * 1.19) / 2), MIN(-(amount + amount) / 7) FROM orders GROUP BY status ORDER BY status;
-- ordered
SELECT id, (d * i) / 3, (d - 1.5) / 7, (d * 1.19) / 2, (i * d) / (i + 1) FROM compat_numbers GROUP BY id, d, i ORDER BY id;
-- DECIMALs past 18 digits (the executor's kernels): answered with MySQL's 65, row by row.
-- ordered
SELECT id, d * i * 10, d * u * 1000 FROM compat_numbers GROUP BY id, d, i, u ORDER BY id;
SELECT SUM(d * i * 100), MAX(d * i * 1000), MIN(-d * u * 1000) FROM compat_numbers;

-- feature: function: GREATEST, function: LEAST
SELECT GREATEST(1.5, 2, 0.25), LEAST(2.50, 3), LEAST(-1.25, -1), GREATEST(9007199254740993, 1), LEAST(-9007199254740993, 1), LEAST(DATE '2024-01-01', DATE '2023-01-01');
-- ordered
SELECT id, GREATEST(d, i), LEAST(d, 0), GREATEST(d, 2.5, u) FROM compat_numbers ORDER BY id;
SELECT GREATEST(amount, unit_price * 2) a, LEAST(amount, 5) b, COUNT(*) FROM orders GROUP BY a, b;
SELECT customer_id, GREATEST(customer_id, 2.25), LEAST(MOD(customer_id, 3), 7) FROM customers WHERE customer_id < 6;

-- feature: function: CAST
SELECT CAST(10000000000 AS DECIMAL(10,2)), CAST(-10000000000 AS DECIMAL(10,2)), CAST(123.456 AS DECIMAL(5,2)), CAST('1e20' AS DECIMAL(6,1)), CAST(999.995 AS DECIMAL(5,2));
-- ordered
SELECT id, CAST(d AS DECIMAL(4,1)), CAST(i AS DECIMAL(5,2)), CAST(f AS DECIMAL(6,2)) FROM compat_numbers ORDER BY id;
SELECT CAST(CAST(price AS SIGNED) AS DECIMAL(10,2)) c, COUNT(*) FROM products GROUP BY c;
-- CAST to DECIMAL without a scale is DECIMAL(M, 0) (no scale, no precision: DECIMAL(10, 0)),
-- rounded half away from zero and clamped (GMS typed it DECIMAL(65, 30))
SELECT CAST(1.5 AS DECIMAL), CAST(-2.5 AS DECIMAL(3)), CONVERT(12345678901, DECIMAL), CAST('7.5' AS DECIMAL), CAST(2.5e0 AS DECIMAL(4,0)), CAST(NULL AS DECIMAL);
-- ordered
SELECT id, CAST(d AS DECIMAL), CAST(f AS DECIMAL(20)), CAST(i AS DECIMAL(3)), CAST(u AS DECIMAL) * 2 FROM compat_numbers ORDER BY id;
SELECT CAST(d AS DECIMAL) c, COUNT(*), SUM(CAST(i AS DECIMAL(12))) FROM compat_numbers GROUP BY c;
SELECT CAST(amount AS DECIMAL) c, COUNT(*) FROM orders GROUP BY c;
DROP TABLE compat_numbers;

-- CAST to SIGNED / UNSIGNED: a DOUBLE is rounded half to even (rint), a
-- DECIMAL half away from zero, a string read up to its first non-digit
-- (GMS rounded doubles half away and read '2.5' as 3). A negative DOUBLE
-- or DECIMAL to UNSIGNED is MySQL 8's 64 bits of the signed value
-- (allow-list cast-negative-unsigned: MariaDB answers 0).
SELECT CAST(2.5e0 AS SIGNED), CAST(-2.5e0 AS SIGNED), CAST(2.4999e0 AS SIGNED), CAST(0.5e0 AS SIGNED), CAST(-0.5e0 AS SIGNED), CAST(1.5e0 AS SIGNED), CAST(3.5e0 AS SIGNED);
SELECT CAST(1e19 AS SIGNED), CAST(-1e19 AS SIGNED), CAST(9.3e18 AS SIGNED), CAST(1e19 AS UNSIGNED), CAST(2e19 AS UNSIGNED), CAST(2.5e0 AS UNSIGNED), CAST(-0.4e0 AS UNSIGNED);
SELECT CAST('2.5' AS SIGNED), CAST('-2.5' AS SIGNED), CAST('2.5e0' AS SIGNED), CAST(' 7x' AS SIGNED), CAST('-2.5' AS UNSIGNED), CAST('1e19' AS SIGNED), CAST('18446744073709551615' AS SIGNED);
SELECT CAST(2.5 AS SIGNED), CAST(-2.5 AS SIGNED), CAST(2.49 AS SIGNED), CAST(0.5 AS SIGNED), CAST(99999999999999999999.5 AS SIGNED), CAST(2.5 AS UNSIGNED);
SELECT CAST(-1.5e0 AS UNSIGNED), CAST(-1e0 AS UNSIGNED), CAST(-1.5 AS UNSIGNED);
DROP TABLE IF EXISTS compat_casts;
CREATE TABLE compat_casts (id INT PRIMARY KEY, d DOUBLE, m DECIMAL(10,2), s VARCHAR(20));
INSERT INTO compat_casts VALUES (1, 2.5, 2.5, '2.5'), (2, -2.5, -2.5, '-2.5'), (3, 2.4999, 2.49, ' 7x'), (4, 0.5, 0.5, '1e19'), (5, 1.5, 1.5, 'x'), (6, 3.5, -0.5, ''), (7, 1e19, 12345678.5, '99999999999999999999'), (8, -1e19, -12345678.5, '-3'), (9, NULL, NULL, NULL), (10, -0.4, 0.49, '+4.9');
-- ordered
SELECT id, CAST(d AS SIGNED), CAST(m AS SIGNED), CAST(s AS SIGNED), CAST(d * 3 AS SIGNED) FROM compat_casts ORDER BY id;
-- ordered
SELECT id, CAST(d AS UNSIGNED), CAST(m AS UNSIGNED), CAST(s AS UNSIGNED) FROM compat_casts WHERE id IN (1, 3, 4, 5, 7, 9) ORDER BY id;
-- ordered
SELECT id, CAST(d AS UNSIGNED), CAST(m AS UNSIGNED) FROM compat_casts WHERE id IN (2, 6, 8, 10) ORDER BY id;
SELECT CAST(d AS SIGNED) AS k, COUNT(*) FROM compat_casts GROUP BY k;
DROP TABLE compat_casts;

-- DECIMAL results with more than 18 decimals are written at the
-- column's scale; a quotient widened by COALESCE/IF keeps, in MySQL, the
-- 9·k decimals of its division (allow-list quotient-widened).
-- feature: function: COALESCE
SELECT order_id, COALESCE(ROUND(amount, 1), CAST(unit_price AS DECIMAL(40,20))) AS c, IF(order_id > 0, 0.5, CAST(1 AS DECIMAL(40,25))) AS v FROM orders WHERE order_id >= 900001;
SELECT order_id, COALESCE(amount / 7, CAST(1 AS DECIMAL(40,25))) AS q, IF(order_id > 0, amount / 3, CAST(1 AS DECIMAL(40,25))) AS r FROM orders WHERE order_id >= 900001 AND amount IS NOT NULL;
