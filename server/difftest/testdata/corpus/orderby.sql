-- ORDER BY a select-list position under SELECT DISTINCT, naming an
-- alias or an expression (GMS v0.20.0 sorted above the DISTINCT by the
-- expression, whose table columns were gone: 1105 "unable to sort:
-- unable to find field with index N"), and GROUP BY a literal that is
-- not an integer, a constant (GMS took it for a position: 1105
-- "expected integer order by literal").

-- feature: clause: ORDER BY
-- ordered
SELECT DISTINCT updated_at AS x FROM customers ORDER BY 1 DESC LIMIT 5;
-- ordered
SELECT DISTINCT c0.email AS c0 FROM customers c0 WHERE c0.email_opt_in <> 0 ORDER BY 1 ASC LIMIT 3;
-- ordered
SELECT DISTINCT DATE(signup_at) FROM customers ORDER BY 1 DESC;
-- ordered
SELECT DISTINCT DATE '2025-01-01' AS c0, DATE(signup_at) AS c1, country FROM customers ORDER BY 1, 2 DESC, 3 LIMIT 20;
-- ordered
SELECT DISTINCT UPPER(channel) AS ch, status FROM orders ORDER BY 2 DESC, 1;
-- ordered
SELECT DISTINCT quantity * 2 AS q2, quantity FROM orders ORDER BY 1 DESC, q2, 2 LIMIT 4;

-- feature: clause: GROUP BY
SELECT 'x-y' AS g0, channel, COUNT(*) FROM orders GROUP BY 'x-y', channel;
SELECT 'a' AS g0, SUM(quantity), COUNT(*) FROM orders GROUP BY 'a' HAVING COUNT(*) <> 0;
SELECT 'a' AS g0, COUNT(*) FROM orders WHERE FALSE GROUP BY 'a';
SELECT COUNT(*), MAX(amount) FROM orders GROUP BY 1.5;

-- A select-list alias inside an ORDER BY expression (GMS v0.20.0: 1054
-- "column could not be found"): the weekday order of FIELD(), a function
-- of a grouped alias; inside an expression a column of the same name
-- comes first (MariaDB; an aggregate's alias there is its 1247).
-- feature: clause: ORDER BY
-- ordered
SELECT DAYNAME(ordered_at) AS d, COUNT(*) FROM orders GROUP BY d ORDER BY FIELD(d, 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday');
-- ordered
SELECT channel AS c, COUNT(*) AS n FROM orders GROUP BY c ORDER BY LOWER(c) DESC, n;
-- ordered
SELECT order_id, quantity * 2 AS amount FROM orders WHERE order_id <= 20 ORDER BY amount + 0 DESC, order_id LIMIT 5;
-- ordered
SELECT customer_id AS id, email FROM customers ORDER BY IF(id % 2 = 0, id, -id) LIMIT 5;
