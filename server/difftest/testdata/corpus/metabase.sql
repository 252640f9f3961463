-- Metabase's MySQL driver (Connector/J underneath): connect, sync and
-- the query processor's breakouts (modules/drivers/mysql, sql.qp/date).

-- feature: client: Metabase (connect)
-- check: meta
SELECT @@version, @@version_comment;
SELECT @@session.time_zone, @@global.time_zone;
SET @@session.time_zone = '+00:00';
SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;
SET autocommit = 1;

-- feature: client: Metabase (sync)
-- ordered
SELECT TABLE_SCHEMA AS TABLE_CAT, NULL AS TABLE_SCHEM, TABLE_NAME, CASE WHEN TABLE_TYPE = 'BASE TABLE' THEN CASE WHEN TABLE_SCHEMA = 'mysql' OR TABLE_SCHEMA = 'performance_schema' THEN 'SYSTEM TABLE' ELSE 'TABLE' END WHEN TABLE_TYPE = 'TEMPORARY' THEN 'LOCAL_TEMPORARY' ELSE TABLE_TYPE END AS TABLE_TYPE, TABLE_COMMENT AS REMARKS, NULL AS TYPE_CAT, NULL AS TYPE_SCHEM, NULL AS TYPE_NAME, NULL AS SELF_REFERENCING_COL_NAME, NULL AS REF_GENERATION FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME LIKE '%' AND TABLE_NAME <> 'load_history' ORDER BY TABLE_TYPE, TABLE_SCHEMA, TABLE_NAME;
-- ordered
SELECT c.column_name AS name, c.ordinal_position - 1 AS `database-position`, NULLIF(c.table_schema, DATABASE()) AS `table-schema`, c.table_name AS `table-name`, UPPER(CASE WHEN c.column_type LIKE '%unsigned' THEN CONCAT(c.data_type, ' unsigned') ELSE c.data_type END) AS `database-type`, c.extra LIKE '%auto_increment%' AS `database-is-auto-increment`, c.is_nullable = 'NO' AND c.column_default IS NULL AND c.extra NOT LIKE '%auto_increment%' AS `database-required`, c.column_key = 'PRI' AS `pk?`, NULLIF(c.column_comment, '') AS `field-comment` FROM information_schema.columns AS c WHERE c.table_schema = DATABASE() AND c.table_name IN ('customers', 'orders', 'products', 'events') ORDER BY c.table_name, c.ordinal_position;
-- ordered
SELECT table_name, index_name, column_name, seq_in_index, non_unique FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name IN ('customers', 'orders', 'products', 'events') ORDER BY table_name, index_name, seq_in_index;
SELECT COUNT(*) AS count FROM customers;
SELECT * FROM products LIMIT 0;
-- ordered
SELECT customer_id, email, country, signup_at FROM customers ORDER BY customer_id LIMIT 10000;
-- ordered
SELECT `orders`.`status` AS `status`, `orders`.`channel` AS `channel` FROM `orders` GROUP BY `orders`.`status`, `orders`.`channel` ORDER BY `orders`.`status` ASC, `orders`.`channel` ASC LIMIT 1000;
SELECT COUNT(DISTINCT `customers`.`country`) AS `count` FROM `customers`;

-- feature: client: Metabase (query), type: DECIMAL aggregates
SELECT SUM(`orders`.`amount`) AS `sum`, AVG(`orders`.`amount`) AS `avg`, MIN(`orders`.`amount`) AS `min`, MAX(`orders`.`amount`) AS `max` FROM `orders`;
-- ordered
SELECT `orders`.`channel` AS `channel`, SUM(`orders`.`amount`) AS `sum`, COUNT(*) AS `count` FROM `orders` WHERE `orders`.`status` = 'valid' GROUP BY `orders`.`channel` ORDER BY `orders`.`channel` ASC;
-- ordered
SELECT `orders`.`currency` AS `currency`, COUNT(DISTINCT `orders`.`customer_id`) AS `count`, STDDEV_POP(`orders`.`quantity`) AS `sd` FROM `orders` GROUP BY `orders`.`currency` ORDER BY `orders`.`currency` ASC;

-- feature: client: Metabase (breakouts)
-- ordered
SELECT STR_TO_DATE(DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m-%d %H:%i'), '%Y-%m-%d %H:%i') AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY STR_TO_DATE(DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m-%d %H:%i'), '%Y-%m-%d %H:%i') ORDER BY STR_TO_DATE(DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m-%d %H:%i'), '%Y-%m-%d %H:%i') ASC;
-- ordered
SELECT STR_TO_DATE(DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m-%d %H'), '%Y-%m-%d %H') AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY STR_TO_DATE(DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m-%d %H'), '%Y-%m-%d %H') ORDER BY STR_TO_DATE(DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m-%d %H'), '%Y-%m-%d %H') ASC;
-- ordered
SELECT CAST(DATE(`orders`.`ordered_at`) AS datetime) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY CAST(DATE(`orders`.`ordered_at`) AS datetime) ORDER BY CAST(DATE(`orders`.`ordered_at`) AS datetime) ASC;
-- ordered
SELECT CAST(STR_TO_DATE(CONCAT(YEARWEEK(`orders`.`ordered_at`), ' Sunday'), '%X%V %W') AS datetime) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY CAST(STR_TO_DATE(CONCAT(YEARWEEK(`orders`.`ordered_at`), ' Sunday'), '%X%V %W') AS datetime) ORDER BY CAST(STR_TO_DATE(CONCAT(YEARWEEK(`orders`.`ordered_at`), ' Sunday'), '%X%V %W') AS datetime) ASC;
-- ordered
SELECT CAST(STR_TO_DATE(CONCAT(DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m'), '-01'), '%Y-%m-%d') AS datetime) AS `ordered_at`, SUM(`orders`.`amount`) AS `sum` FROM `orders` GROUP BY CAST(STR_TO_DATE(CONCAT(DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m'), '-01'), '%Y-%m-%d') AS datetime) ORDER BY CAST(STR_TO_DATE(CONCAT(DATE_FORMAT(`orders`.`ordered_at`, '%Y-%m'), '-01'), '%Y-%m-%d') AS datetime) ASC;
-- ordered
SELECT CAST(STR_TO_DATE(CONCAT(YEAR(`orders`.`ordered_at`), '-', ((QUARTER(`orders`.`ordered_at`) * 3) - 2), '-01'), '%Y-%m-%d') AS datetime) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY CAST(STR_TO_DATE(CONCAT(YEAR(`orders`.`ordered_at`), '-', ((QUARTER(`orders`.`ordered_at`) * 3) - 2), '-01'), '%Y-%m-%d') AS datetime) ORDER BY CAST(STR_TO_DATE(CONCAT(YEAR(`orders`.`ordered_at`), '-', ((QUARTER(`orders`.`ordered_at`) * 3) - 2), '-01'), '%Y-%m-%d') AS datetime) ASC;
-- ordered
SELECT CAST(MAKEDATE(YEAR(`orders`.`ordered_at`), 1) AS datetime) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY CAST(MAKEDATE(YEAR(`orders`.`ordered_at`), 1) AS datetime) ORDER BY CAST(MAKEDATE(YEAR(`orders`.`ordered_at`), 1) AS datetime) ASC;
-- ordered
SELECT MINUTE(`orders`.`ordered_at`) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY MINUTE(`orders`.`ordered_at`) ORDER BY MINUTE(`orders`.`ordered_at`) ASC;
-- ordered
SELECT HOUR(`orders`.`ordered_at`) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY HOUR(`orders`.`ordered_at`) ORDER BY HOUR(`orders`.`ordered_at`) ASC;
-- ordered
SELECT DAYOFWEEK(`orders`.`ordered_at`) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY DAYOFWEEK(`orders`.`ordered_at`) ORDER BY DAYOFWEEK(`orders`.`ordered_at`) ASC;
-- ordered
SELECT ((DAYOFWEEK(`orders`.`ordered_at`) + 5) % 7) + 1 AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY ((DAYOFWEEK(`orders`.`ordered_at`) + 5) % 7) + 1 ORDER BY ((DAYOFWEEK(`orders`.`ordered_at`) + 5) % 7) + 1 ASC;
-- ordered
SELECT DAYOFMONTH(`orders`.`ordered_at`) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY DAYOFMONTH(`orders`.`ordered_at`) ORDER BY DAYOFMONTH(`orders`.`ordered_at`) ASC;
-- ordered
SELECT DAYOFYEAR(`orders`.`ordered_at`) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY DAYOFYEAR(`orders`.`ordered_at`) ORDER BY DAYOFYEAR(`orders`.`ordered_at`) ASC;
-- ordered
SELECT (WEEK(`orders`.`ordered_at`, 6) + 1) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY (WEEK(`orders`.`ordered_at`, 6) + 1) ORDER BY (WEEK(`orders`.`ordered_at`, 6) + 1) ASC;
-- ordered
SELECT WEEK(`orders`.`ordered_at`, 3) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY WEEK(`orders`.`ordered_at`, 3) ORDER BY WEEK(`orders`.`ordered_at`, 3) ASC;
-- ordered
SELECT MONTH(`orders`.`ordered_at`) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY MONTH(`orders`.`ordered_at`) ORDER BY MONTH(`orders`.`ordered_at`) ASC;
-- ordered
SELECT QUARTER(`orders`.`ordered_at`) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY QUARTER(`orders`.`ordered_at`) ORDER BY QUARTER(`orders`.`ordered_at`) ASC;
-- ordered
SELECT YEAR(`orders`.`ordered_at`) AS `ordered_at`, COUNT(*) AS `count` FROM `orders` GROUP BY YEAR(`orders`.`ordered_at`) ORDER BY YEAR(`orders`.`ordered_at`) ASC;
SELECT TIMESTAMPDIFF(day, DATE(MIN(`orders`.`ordered_at`)), DATE(MAX(`orders`.`ordered_at`))) AS `span`, DATEDIFF(MAX(`orders`.`ordered_at`), MIN(`orders`.`ordered_at`)) AS `days` FROM `orders`;
-- ordered
SELECT `orders`.`customer_id` AS `customer_id`, COUNT(*) AS `count` FROM `orders` WHERE `orders`.`ordered_at` >= CAST('2025-01-01' AS datetime) AND `orders`.`ordered_at` < CAST('2026-01-01' AS datetime) GROUP BY `orders`.`customer_id` ORDER BY `count` DESC, `orders`.`customer_id` ASC LIMIT 10;
-- ordered
SELECT `source`.`country` AS `country`, COUNT(*) AS `count` FROM (SELECT `customers`.`country` AS `country` FROM `customers` LEFT JOIN `orders` AS `Orders` ON `customers`.`customer_id` = `Orders`.`customer_id`) AS `source` GROUP BY `source`.`country` ORDER BY `source`.`country` ASC;

-- feature: client: Metabase (missing table)
SELECT * FROM `no_such_table` LIMIT 1;
SELECT `nope` FROM `customers` LIMIT 1;

-- Metabase writes unaliased `shop`.`orders` in correlated subqueries
-- under GROUP BY: the inner `orders` is the subquery's own table.
-- feature: clause: subquery
SELECT `o`.`customer_id`, (SELECT COUNT(*) FROM `shop`.`orders` WHERE `shop`.`orders`.`customer_id` = `o`.`customer_id`) AS `n` FROM `shop`.`orders` `o` GROUP BY `o`.`customer_id`;
SELECT `orders`.`customer_id`, (SELECT COUNT(*) FROM `orders` WHERE `orders`.`customer_id` = 2) AS `n` FROM `orders` GROUP BY `orders`.`customer_id`;
SELECT `c`.`customer_id`, (SELECT COUNT(*) FROM `orders` WHERE `orders`.`customer_id` = `c`.`customer_id`) AS `n` FROM `customers` `c` JOIN `orders` ON `orders`.`customer_id` = `c`.`customer_id` GROUP BY `c`.`customer_id`;
SELECT `orders`.`customer_id`, (SELECT MAX(`o2`.`amount`) FROM `orders` `o2` WHERE `o2`.`customer_id` = `orders`.`customer_id`) AS `m` FROM `orders` GROUP BY `orders`.`customer_id`;

-- The same aggregate over the same unaliased table inside and out: GMS
-- v0.20.0 read the outer query's value in the subquery (dolt#11638),
-- answering 1242 or every group's own value; cohortdb aliases the inner
-- table (engine/sqlrewrite/subqueryalias.go).
-- feature: clause: subquery
SELECT `orders`.`channel`, SUM(`orders`.`amount`) / (SELECT SUM(`orders`.`amount`) FROM `orders` WHERE `orders`.`ordered_at` >= '2025-01-01') AS `share` FROM `orders` GROUP BY `orders`.`channel`;
SELECT channel, SUM(amount), (SELECT SUM(amount) FROM orders WHERE ordered_at >= '2025-01-01') FROM orders GROUP BY channel;
SELECT channel, SUM(amount) / (SELECT SUM(amount) FROM orders) FROM orders GROUP BY channel;
SELECT `shop`.`orders`.`status`, MAX(`shop`.`orders`.`ordered_at`), (SELECT MAX(`shop`.`orders`.`ordered_at`) FROM `shop`.`orders` WHERE `shop`.`orders`.`channel` = 'store') FROM `shop`.`orders` GROUP BY `shop`.`orders`.`status`;
SELECT COUNT(order_id), AVG(quantity), (SELECT COUNT(order_id) FROM orders WHERE quantity > 1), (SELECT AVG(quantity) FROM orders WHERE status = 'valid') FROM orders;
SELECT customer_id, COUNT(DISTINCT order_id) AS n FROM orders WHERE status = 'valid' GROUP BY customer_id HAVING COUNT(DISTINCT order_id) >= (SELECT MIN(n) FROM (SELECT COUNT(DISTINCT order_id) AS n FROM orders WHERE status = 'valid' GROUP BY customer_id ORDER BY n DESC LIMIT 10) top10);
SELECT o.channel, SUM(o.amount), (SELECT SUM(o.amount) FROM orders o WHERE o.quantity > (SELECT AVG(o.quantity) FROM orders o)) FROM orders o GROUP BY o.channel;
SELECT channel, COUNT(*) FROM orders WHERE amount > (SELECT AVG(amount) FROM orders) GROUP BY channel HAVING SUM(amount) > (SELECT SUM(amount) / 10 FROM orders);
