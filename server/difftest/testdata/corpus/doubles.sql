-- DOUBLE and FLOAT results as text: MySQL writes the shortest digits that
-- read back as the same value, in plain notation for 1e-15 <= |x| < 1e15
-- and as 1.2345e-16 / 1e15 otherwise (go-mysql-server: Go's %g,
-- 4.04540231e+06). Values that compare equal must have the same text.

-- feature: type: DOUBLE (text)
SELECT 4045402.31e0, 0.000012345e0, -0.000012345e0, 16535534.680041943e0;
SELECT 1e14, 1e15, -1e15, 1e16, 1e21, 1.5e300, 1.7976931348623157e308;
SELECT 123456789012345e0, 1234567890123456e0, 12345678901234567e0, 123456789012345.6e0, 999999999999999.9e0;
SELECT 0.0001e0, 0.00001e0, 0.000001e0, -1.5e-7, 1e-14, 1.5e-15, 1e-15, 1e-16, 1.2345678901234567e-15, 1.2345678901234567e-16;
SELECT 5e-324, 2.2250738585072014e-308, 1.0000000000000002e0, 0.1e0 + 0.2e0, 1e0 / 3, 2e0 / 3, 1e0 / 7;
SELECT 0e0, -0e0, -1e0 * 0, 100000e0, 999999e0, 1000000e0, -1000000e0, 123.456e0;
SELECT SUM(CAST(amount AS DOUBLE)), AVG(CAST(amount AS DOUBLE)), MIN(CAST(amount AS DOUBLE)), MAX(CAST(amount AS DOUBLE)) FROM orders;
SELECT SUM(CAST(amount AS DOUBLE)) / 1e9, SUM(CAST(amount AS DOUBLE)) * 1e9, AVG(CAST(quantity AS DOUBLE)) / 1e20 FROM orders;
SELECT status, SUM(CAST(amount AS DOUBLE)), AVG(CAST(unit_price AS DOUBLE)) FROM orders GROUP BY status;
SELECT customer_id, CAST(customer_id AS DOUBLE) * 1e12, CAST(customer_id AS DOUBLE) / 1e17 FROM customers WHERE customer_id IN (1, 2, 3, 900001);
-- ordered
SELECT order_id, line_no, CAST(amount AS DOUBLE) / 7, CAST(amount AS DOUBLE) * 1e13, -CAST(amount AS DOUBLE) / 3e15 FROM orders ORDER BY order_id, line_no LIMIT 40;
SELECT STDDEV_SAMP(CAST(amount AS DOUBLE)) * 1e-20, VAR_SAMP(CAST(quantity AS DOUBLE)) FROM orders;

-- feature: type: FLOAT (text)
SELECT CAST(0.1 AS FLOAT), CAST(-0.1 AS FLOAT), CAST(2.5 AS FLOAT), CAST(123.456 AS FLOAT);
SELECT CAST(16777217 AS FLOAT), CAST(1234567 AS FLOAT), CAST(999999.5 AS FLOAT), CAST(123456789 AS FLOAT);
SELECT CAST(1e14 AS FLOAT), CAST(1e15 AS FLOAT), CAST(1e-15 AS FLOAT), CAST(1e-16 AS FLOAT), CAST(3.4e38 AS FLOAT), CAST(0.000012345 AS FLOAT);
SELECT CAST(unit_price AS FLOAT) FROM orders WHERE order_id IN (900001, 900002, 900003);
DROP TABLE IF EXISTS compat_floats;
CREATE TABLE compat_floats (id INT PRIMARY KEY, f FLOAT, d DOUBLE);
INSERT INTO compat_floats VALUES (1, 0.1, 0.1), (2, 16777217, 16777217), (3, -1.5e-7, -1.5e-7), (4, 123456789, 1e20), (5, 1e15, 1e15), (6, 1e-16, 1e-16), (7, NULL, NULL), (8, 0.3333333, 0.3333333333333333);
-- ordered
SELECT id, f, d FROM compat_floats ORDER BY id;
SELECT SUM(d), AVG(d), MIN(f), MAX(f) FROM compat_floats;
DROP TABLE compat_floats;

-- DOUBLE and DATE arguments of CAST(… AS CHAR) and CONCAT are written as
-- the text protocol writes them (go-mysql-server: Go's 'f' format,
-- 1000000000000000000000, and DATEs with a time of day). 0.1 + 0.2 is a
-- DECIMAL sum (0.3); 0.1e0 + 0.2e0 the DOUBLE one.
-- feature: function: CAST
SELECT CAST(0.1e0 + 0.2e0 AS CHAR), CAST(0.1 + 0.2 AS CHAR), CAST(1e21 AS CHAR), CAST(-1e21 AS CHAR), CAST(1e15 AS CHAR), CAST(1e-16 AS CHAR), CAST(0.0001e0 AS CHAR);
SELECT CAST(1e0 / 3 AS CHAR), CAST(123456789012345678e0 AS CHAR), CAST(5e-324 AS CHAR), CAST(CAST(0.1 AS FLOAT) AS CHAR), CAST(1e21 AS CHAR(3));
SELECT CAST(DATE '2025-06-30' AS CHAR), CAST(TIMESTAMP '2025-01-01 10:00:00' AS CHAR), CAST(CAST('2025-01-01 10:00:00.5' AS DATETIME(1)) AS CHAR);
-- feature: function: CONCAT
SELECT CONCAT(1e21, ''), CONCAT('x', 0.1e0 + 0.2e0), CONCAT_WS(',', 1e15, 1e-16, 2.5e0), CONCAT(DATE '2025-06-30', '|', 1.50);
SELECT customer_id, CONCAT(CAST(customer_id AS DOUBLE) * 1e17, '/', birth_date) FROM customers WHERE customer_id IN (1, 2, 3, 900001);
SELECT status, CONCAT('total ', SUM(CAST(amount AS DOUBLE))) FROM orders GROUP BY status;

-- CREATE TABLE … AS SELECT keeps SUM and AVG of DECIMALs and integers
-- exact: SUM(DECIMAL(12,2)) is DECIMAL(34,2), AVG DECIMAL(16,6), SUM(INT)
-- DECIMAL(32,0).
-- feature: statement: CREATE TABLE … SELECT
DROP TABLE IF EXISTS compat_ctas;
CREATE TABLE compat_ctas AS SELECT customer_id, SUM(amount) AS spent, AVG(amount) AS avg_spent, SUM(quantity) AS items, AVG(quantity) AS avg_items, COUNT(*) AS n FROM orders GROUP BY customer_id;
SELECT COLUMN_NAME, NUMERIC_PRECISION, NUMERIC_SCALE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'compat_ctas' ORDER BY ORDINAL_POSITION;
SELECT customer_id, spent, avg_spent, items, avg_items, n FROM compat_ctas WHERE customer_id IN (1, 2, 3, 900001);
SELECT SUM(spent), MAX(avg_spent) FROM compat_ctas;
DROP TABLE compat_ctas;
