# Common subexpressions (engine/exec/memo.go): a part an operator's
# expressions repeat is computed once per batch and read by each. The
# answers must not change: repeats in an aggregate's arguments and keys,
# in a projection, in a condition, under arithmetic, nested (a repeated
# CASE whose condition repeats too), over NULLs, and beside the same
# text over another column.

-- compiled
-- ordered
SELECT HOUR(at) AS hr, SUM(CASE WHEN DAYOFWEEK(at) = 2 THEN 1 ELSE 0 END) AS mon, SUM(CASE WHEN DAYOFWEEK(at) = 3 THEN 1 ELSE 0 END) AS tue, SUM(CASE WHEN DAYOFWEEK(at) = 7 THEN 1 ELSE 0 END) AS sat, SUM(CASE WHEN DAYOFWEEK(at) = 1 THEN qty END) AS sun_qty, COUNT(CASE WHEN DAYOFWEEK(at) IN (1, 7) THEN 1 END) AS weekend FROM o WHERE status = 'valid' GROUP BY HOUR(at) ORDER BY hr

-- compiled
SELECT MONTH(day), SUM(CASE WHEN MONTH(day) <= 6 THEN amount ELSE 0 END), SUM(CASE WHEN MONTH(day) > 6 THEN amount ELSE 0 END), MAX(MONTH(day) * 10 + qty) FROM o GROUP BY MONTH(day)

-- compiled
SELECT band, COUNT(*), SUM(v), SUM(v1), SUM(v3) FROM (SELECT id, amount * qty AS v, amount * qty + 1 AS v1, ROUND(amount * qty * 0.5, 1) AS v3, CASE WHEN amount * qty > 100 THEN 'big' WHEN amount * qty > 10 THEN 'mid' ELSE 'small' END AS band FROM o WHERE id < 300) t GROUP BY band

SELECT id, amount * qty AS v, amount * qty + 1 AS v1, ROUND(amount * qty * 0.5, 1) AS v3, CASE WHEN amount * qty > 100 THEN 'big' WHEN amount * qty > 10 THEN 'mid' ELSE 'small' END AS band FROM o WHERE id < 300

-- compiled
SELECT COUNT(*), SUM(qty) FROM o WHERE DAYOFWEEK(at) = 1 OR DAYOFWEEK(at) = 7 OR (DAYOFWEEK(at) = 6 AND HOUR(at) >= 18)

-- compiled
SELECT channel, SUM(IF(qty > 2, amount, 0)) AS a, COUNT(IF(qty > 2, amount, NULL)) AS b, AVG(IF(qty > 2, amount, NULL)) AS c, SUM(IF(qty > 2, 1, 0)) AS d FROM o GROUP BY channel

-- compiled
SELECT CASE WHEN score > 50 THEN 'hi' ELSE 'lo' END AS s, COUNT(*), SUM(CASE WHEN score > 50 THEN amount END), SUM(CASE WHEN score > 50 THEN 1 ELSE 0 END) FROM o GROUP BY CASE WHEN score > 50 THEN 'hi' ELSE 'lo' END

-- compiled
SELECT DATE_FORMAT(at, '%Y-%m') AS m, COUNT(DISTINCT CASE WHEN DATE_FORMAT(at, '%Y-%m') >= '2024-06' THEN cid END), SUM(CASE WHEN DATE_FORMAT(day, '%Y-%m') = DATE_FORMAT(at, '%Y-%m') THEN 1 ELSE 0 END) FROM o GROUP BY DATE_FORMAT(at, '%Y-%m')

-- compiled
SELECT YEAR(at) AS y, YEAR(day) AS y2, COUNT(*), SUM(YEAR(at) - YEAR(day)) FROM o GROUP BY YEAR(at), YEAR(day)

# CASE's THEN values all literals: a lookup by branch (case.go); with
# DECIMAL literals of two scales, NULL among them, and under an IF.
-- compiled
SELECT channel, SUM(CASE WHEN qty > 3 THEN 1.5 WHEN qty > 1 THEN 2 ELSE 0.25 END), SUM(CASE WHEN qty > 3 THEN 1 WHEN qty > 1 THEN NULL ELSE 0 END), SUM(IF(amount > 50, -1, 7)) FROM o GROUP BY channel

# One condition between two literals: one pass (case.go choose), over a
# condition without NULLs and one with them, integer and DECIMAL values.
-- compiled
SELECT status, SUM(CASE WHEN id % 3 = 0 THEN 2 ELSE -1 END), SUM(IF(id > 100, 1.5, 0)), SUM(IF(qty > 2, 1, 0)), COUNT(IF(amount > 50, 1, NULL)), SUM(CASE WHEN channel = 'web' THEN 10 ELSE 0.5 END) FROM o GROUP BY status

# A date computed by date arithmetic over date functions runs once per
# day (expr.go: depth and a date type), beside a condition over the same
# day that stays a kernel.
-- compiled
SELECT MAKEDATE(YEAR(at), 1) + INTERVAL QUARTER(at) - 1 QUARTER AS q, DATE(DATE_ADD(at, INTERVAL -(DAYOFWEEK(at) - 1) DAY)) AS wk, SUM(amount), SUM(CASE WHEN DAYOFWEEK(at) = 1 THEN 1 ELSE 0 END) FROM o GROUP BY MAKEDATE(YEAR(at), 1) + INTERVAL QUARTER(at) - 1 QUARTER, DATE(DATE_ADD(at, INTERVAL -(DAYOFWEEK(at) - 1) DAY))
