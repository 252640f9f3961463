-- Grafana's MySQL data source: $__timeGroup, $__timeFilter,
-- $__unixEpochGroup as it expands them, and its connection checks.

-- feature: client: Grafana
SELECT 1;
-- ordered
SELECT UNIX_TIMESTAMP(ordered_at) DIV 3600 * 3600 AS "time", SUM(amount) AS revenue FROM orders WHERE ordered_at BETWEEN FROM_UNIXTIME(1735689600) AND FROM_UNIXTIME(1767225599) GROUP BY 1 ORDER BY 1;
-- ordered
SELECT UNIX_TIMESTAMP(ordered_at) DIV 86400 * 86400 AS "time", channel AS metric, COUNT(*) AS value FROM orders WHERE ordered_at BETWEEN FROM_UNIXTIME(1735689600) AND FROM_UNIXTIME(1767225599) GROUP BY 1, 2 ORDER BY 1, 2;
-- ordered
SELECT FLOOR(UNIX_TIMESTAMP(occurred_at) / 604800) * 604800 AS "time", type AS metric, COUNT(*) AS value FROM events WHERE occurred_at >= FROM_UNIXTIME(1735689600) AND occurred_at <= FROM_UNIXTIME(1782777600) GROUP BY 1, 2 ORDER BY 1, 2;
-- ordered
SELECT CAST(DATE(ordered_at) AS DATETIME) AS time_sec, COUNT(DISTINCT customer_id) AS buyers FROM orders WHERE ordered_at >= '2025-01-01 00:00:00' AND ordered_at <= '2025-12-31 23:59:59' GROUP BY 1 ORDER BY 1;
-- ordered
SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name;
-- ordered
SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'orders' ORDER BY column_name;
