-- DBeaver's MySQL driver (Connector/J): connect and navigator
-- introspection, as it sends them.

-- feature: client: DBeaver (connect)
-- check: meta
SELECT @@version_comment, @@version;
SHOW ENGINES;
SHOW CHARSET;
SHOW COLLATION;
SELECT @@GLOBAL.character_set_server, @@GLOBAL.collation_server;
SELECT @@lower_case_table_names;
SELECT DATABASE();
SHOW DATABASES;
SET SESSION sql_select_limit = 200;
SET SESSION sql_select_limit = DEFAULT;

-- feature: client: DBeaver (navigator)
-- ordered
SHOW FULL TABLES FROM `shop`;
-- ordered
SHOW FULL COLUMNS FROM `shop`.`customers`;
-- ordered
SHOW FULL COLUMNS FROM `shop`.`orders`;
-- check: meta
SHOW TABLE STATUS FROM `shop`;
-- ordered
SHOW INDEX FROM `customers` FROM `shop`;
-- ordered
SELECT * FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'shop' ORDER BY TABLE_NAME, CONSTRAINT_NAME;
-- ordered
SELECT * FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'shop' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY TABLE_NAME;
-- ordered
SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'shop' ORDER BY ROUTINE_NAME;
-- ordered
SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'shop';
-- ordered
SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'shop';
SHOW CREATE DATABASE `shop`;
-- ordered
SELECT * FROM `shop`.`products` ORDER BY product_id LIMIT 0, 200;
SELECT COUNT(*) FROM `shop`.`events`;
SHOW WARNINGS;
SHOW ERRORS;
DO 1;
-- check: meta
SELECT * FROM performance_schema.session_status WHERE VARIABLE_NAME = 'Uptime';

-- feature: schema: performance_schema variables and status
-- check: meta
SELECT VARIABLE_NAME, VARIABLE_VALUE FROM performance_schema.global_variables WHERE VARIABLE_NAME IN ('max_allowed_packet', 'lower_case_table_names') ORDER BY VARIABLE_NAME;
SELECT v.VARIABLE_VALUE FROM performance_schema.session_variables v WHERE v.VARIABLE_NAME = 'autocommit';
-- feature: schema: performance_schema and sys tables
SELECT * FROM performance_schema.no_such_table;
SELECT * FROM sys.no_such_view;
