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
