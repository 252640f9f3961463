-- The mysql / mariadb command-line client: connect, \s (status), tab
-- completion (which reads databases, tables and columns) and typical use.

-- feature: client: mysql CLI
-- check: meta
SELECT @@version_comment LIMIT 1;
-- check: meta
SELECT DATABASE(), USER() LIMIT 1;
-- check: meta
SELECT @@character_set_client, @@character_set_connection, @@character_set_server, @@character_set_database LIMIT 1;
SHOW DATABASES;
SHOW TABLES;
-- ordered
SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'shop' AND table_name = 'events' ORDER BY ordinal_position;
USE shop;
-- ordered
DESCRIBE customers;
-- ordered
DESC orders;
-- ordered
SHOW COLUMNS FROM products;
-- ordered
SHOW COLUMNS FROM products LIKE 'price';
SHOW TABLES LIKE 'ord%';
SHOW VARIABLES LIKE 'max_allowed_packet';
-- check: meta
SHOW SESSION STATUS LIKE 'Uptime';
SELECT 1 + 1, 'a' = 'A', NULL IS NULL, 7 / 2, 7 DIV 2, -7 % 3;
SELECT CONCAT('a', NULL), CONCAT_WS(',', 'a', NULL, 'b'), IFNULL(NULL, 'x'), COALESCE(NULL, NULL, 3);
SELECT CAST('2025-02-30' AS DATE), CAST('abc' AS SIGNED), CAST(1.005 AS DECIMAL(5,2));
SELECT 1e300 * 10, 0.1 + 0.2, 1 / 3, 2 / 3 * 3, 10 / 4;
SELECT ROUND(2.5), ROUND(-2.5), ROUND(2.45, 1), TRUNCATE(2.789, 1), FLOOR(-1.5), CEIL(-1.5);
SELECT DATE_FORMAT('2025-12-31 23:59:59', '%X-%V %x-%v %W %a %b %M %j %U %u %D'), DAYNAME('2025-01-01'), MONTHNAME('2025-01-01');
SELECT LAST_DAY('2024-02-10'), MAKEDATE(2025, 32), STR_TO_DATE('2025-06', '%Y-%m'), STR_TO_DATE('202501 Sunday', '%X%V %W');
SELECT ADDDATE('2025-01-31', INTERVAL 1 MONTH), DATE_SUB('2025-03-31', INTERVAL 1 MONTH), TIMESTAMPADD(MONTH, 1, '2024-01-31');
SELECT SUM(x) FROM (SELECT 1.10 AS x UNION ALL SELECT 2.20) t;
SELECT AVG(x), SUM(x), COUNT(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT NULL) t;
SELECT customer_id, first_name FROM customers WHERE customer_id IN (1, 2, 900001) ORDER BY customer_id;
SELECT status, COUNT(*) FROM orders GROUP BY status WITH ROLLUP;
-- feature: client: mysql CLI (errors)
SELECT * FROM missing_table;
SELECT no_column FROM customers;
SELECT * FROM customers WHERE;
INSERT INTO customers (customer_id, signup_at) VALUES (1, '2025-01-01 00:00:00');
INSERT INTO customers (customer_id) VALUES (5);
USE no_such_db;
SELECT 1 / 0, 5 % 0;
SELECT CAST('x' AS DATE);

-- feature: statement: PREPARE / EXECUTE (SQL)
SET @from = '2024-03-01';
PREPARE orders_from FROM 'SELECT COUNT(*) AS n FROM orders WHERE ordered_at >= ?';
EXECUTE orders_from USING @from;
DEALLOCATE PREPARE orders_from;
EXECUTE orders_from USING @from;

-- feature: statement: EXPLAIN FORMAT=TREE / JSON, EXPLAIN ANALYZE
EXPLAIN FORMAT=TREE SELECT country, COUNT(*) FROM customers GROUP BY country;
EXPLAIN FORMAT=JSON SELECT country FROM customers WHERE customer_id = 3;
EXPLAIN ANALYZE SELECT COUNT(*) FROM orders;
EXPLAIN ANALYZE DELETE FROM orders WHERE order_id = -1;

-- feature: statement: CREATE TEMPORARY TABLE
CREATE TEMPORARY TABLE tmp_spend (customer_id BIGINT, spent DECIMAL(12,2));
INSERT INTO tmp_spend SELECT customer_id, SUM(amount) FROM orders WHERE customer_id < 50 GROUP BY customer_id;
SELECT COUNT(*), SUM(spent), MAX(spent) FROM tmp_spend;
-- ordered
SELECT c.customer_id, c.country, t.spent FROM tmp_spend t JOIN customers c ON c.customer_id = t.customer_id ORDER BY t.customer_id LIMIT 5;
UPDATE tmp_spend SET spent = spent * 2 WHERE customer_id < 10;
DELETE FROM tmp_spend WHERE spent > 100;
SELECT COUNT(*), SUM(spent) FROM tmp_spend;
CREATE TEMPORARY TABLE tmp_spend (x INT);
CREATE TEMPORARY TABLE customers (customer_id BIGINT PRIMARY KEY, country VARCHAR(2));
INSERT INTO customers VALUES (1, 'XX'), (1, 'YY');
INSERT INTO customers VALUES (1, 'XX');
SELECT * FROM customers;
DROP TABLE customers;
SELECT COUNT(*) FROM customers;
DROP TEMPORARY TABLE customers;
DROP TEMPORARY TABLE tmp_spend;
SELECT * FROM tmp_spend;

-- feature: clause: WITH ROLLUP
-- ordered
SELECT c.country, o.status, COUNT(*), SUM(o.quantity) FROM orders o JOIN customers c ON c.customer_id = o.customer_id GROUP BY c.country, o.status WITH ROLLUP;
-- ordered
SELECT YEAR(ordered_at) AS y, COUNT(*) AS n FROM orders GROUP BY y WITH ROLLUP;
-- ordered
SELECT channel, COUNT(*) FROM orders WHERE order_id < 0 GROUP BY channel WITH ROLLUP;

-- feature: statement: EXPLAIN
EXPLAIN SELECT c.country, COUNT(*) FROM customers c JOIN orders o ON o.customer_id = c.customer_id WHERE o.amount > 10 GROUP BY c.country;
