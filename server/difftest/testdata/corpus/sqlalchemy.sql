-- SQLAlchemy's MySQL dialect (with PyMySQL): connect, reflection
-- (inspect(engine).get_table_names / get_columns / get_pk_constraint /
-- get_indexes) and pandas.read_sql.

-- feature: client: SQLAlchemy (connect)
-- check: meta
SELECT VERSION();
SHOW VARIABLES LIKE 'sql_mode';
SHOW VARIABLES LIKE 'lower_case_table_names';
SHOW COLLATION WHERE `Charset` = 'utf8mb4' AND `Collation` = 'utf8mb4_bin';
SELECT CAST('test plain returns' AS CHAR(60)) AS anon_1;
SELECT CAST('test unicode returns' AS CHAR(60)) AS anon_1;
SELECT @@transaction_isolation;
SELECT DATABASE();

-- feature: client: SQLAlchemy (reflection)
-- ordered
SHOW FULL TABLES FROM `shop`;
SHOW CREATE TABLE `customers`;
SHOW CREATE TABLE `orders`;
SHOW CREATE TABLE `no_such_table`;
SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'shop' AND table_name = 'orders';
SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'shop' AND table_name = 'nope';
-- ordered
SHOW INDEX FROM `customers`;
SELECT * FROM information_schema.referential_constraints WHERE constraint_schema = 'shop';

-- feature: client: pandas (read_sql)
-- ordered
SELECT customer_id, email_opt_in, birth_date, signup_at FROM customers ORDER BY customer_id LIMIT 20;
-- ordered
SELECT order_id, line_no, unit_price, amount, quantity * unit_price AS computed FROM orders ORDER BY order_id, line_no LIMIT 20;
