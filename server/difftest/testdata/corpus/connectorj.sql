-- MariaDB Connector/J and MySQL Connector/J on connect, and the JDBC
-- DatabaseMetaData calls BI tools make.

-- feature: client: Connector/J (connect)
-- check: meta
SELECT @@max_allowed_packet, @@system_time_zone, @@time_zone, @@auto_increment_increment;
-- check: meta
SELECT @@session.auto_increment_increment AS auto_increment_increment, @@character_set_client AS character_set_client, @@character_set_connection AS character_set_connection, @@character_set_results AS character_set_results, @@character_set_server AS character_set_server, @@collation_server AS collation_server, @@collation_connection AS collation_connection, @@init_connect AS init_connect, @@interactive_timeout AS interactive_timeout, @@license AS license, @@lower_case_table_names AS lower_case_table_names, @@max_allowed_packet AS max_allowed_packet, @@net_write_timeout AS net_write_timeout, @@performance_schema AS performance_schema, @@sql_mode AS sql_mode, @@system_time_zone AS system_time_zone, @@time_zone AS time_zone, @@transaction_isolation AS transaction_isolation, @@wait_timeout AS wait_timeout;
SET NAMES utf8mb4;
SET character_set_results = NULL;
SET autocommit = 1;
SET SESSION TRANSACTION READ WRITE;
SELECT @@session.transaction_read_only;

-- feature: client: Connector/J (DatabaseMetaData)
-- ordered
SELECT TABLE_SCHEMA TABLE_CAT, NULL TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE TYPE_NAME, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, IF(IS_NULLABLE = 'yes', 1, 0) NULLABLE, COLUMN_COMMENT REMARKS, COLUMN_DEFAULT COLUMN_DEF, ORDINAL_POSITION, IS_NULLABLE, IF(EXTRA LIKE '%auto_increment%', 'YES', 'NO') IS_AUTOINCREMENT FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME LIKE 'customers' ORDER BY TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION;
-- ordered
SELECT A.TABLE_SCHEMA TABLE_CAT, NULL TABLE_SCHEM, A.TABLE_NAME, A.COLUMN_NAME, B.SEQ_IN_INDEX KEY_SEQ, B.INDEX_NAME PK_NAME FROM INFORMATION_SCHEMA.COLUMNS A, INFORMATION_SCHEMA.STATISTICS B WHERE A.COLUMN_KEY IN ('PRI', 'pri') AND B.INDEX_NAME = 'PRIMARY' AND A.TABLE_SCHEMA = 'shop' AND A.TABLE_NAME = 'customers' AND B.TABLE_SCHEMA = A.TABLE_SCHEMA AND B.TABLE_NAME = A.TABLE_NAME AND B.COLUMN_NAME = A.COLUMN_NAME ORDER BY A.COLUMN_NAME;
-- ordered
SELECT SCHEMA_NAME TABLE_CAT FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = 'shop' ORDER BY 1;
-- feature: client: Connector/J (types), type: BOOLEAN
-- ordered
SELECT customer_id, email_opt_in, birth_date, signup_at, updated_at FROM customers WHERE customer_id IN (1, 900001, 900002) ORDER BY customer_id;
-- ordered
SELECT product_id, price, created_at FROM products WHERE product_id IN (1, 900001, 900003) ORDER BY product_id;
