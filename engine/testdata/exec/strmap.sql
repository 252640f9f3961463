# TRIM, LTRIM, RTRIM, LEFT and RIGHT with constant arguments (REPLACE beside them)
# (engine/exec/strmap.go): per row over texts with spaces, line ends,
# multibyte characters, empty strings and NULLs (rx), per dictionary
# entry over coded columns (o.channel, o.status).

-- compiled
SELECT TRIM(s) AS a, LTRIM(CONCAT('  ', s, ' ')) AS b, RTRIM(CONCAT(' ', s, '  ')) AS c, TRIM(LEADING 'w' FROM s) AS d, TRIM(TRAILING 'm' FROM s) AS e, TRIM(BOTH 'a' FROM CONCAT('aa', s, 'aaa')) AS f, COUNT(*) FROM rx GROUP BY a, b, c, d, e, f

-- compiled
SELECT REPLACE(s, '.com', '') AS a, REPLACE(s, 'a', 'ää') AS b, REPLACE(s, '', 'x') AS c, REPLACE(t, '-', '') AS d, REPLACE(s, 'ß', 'ss') AS e, COUNT(*) FROM rx GROUP BY a, b, c, d, e

-- compiled
SELECT LEFT(s, 3) AS a, RIGHT(s, 2) AS b, LEFT(s, 0) AS c, RIGHT(t, 100) AS d, LEFT(b, -1) AS e, RIGHT(s, 1) AS f, COUNT(*) FROM rx GROUP BY a, b, c, d, e, f

-- compiled
SELECT UPPER(TRIM(REPLACE(LOWER(s), '.com', ''))) AS e, LEFT(TRIM(s), 2) AS l, COUNT(*) FROM rx GROUP BY e, l

-- compiled
SELECT LEFT(channel, 1) AS c1, RIGHT(status, 3) AS s3, REPLACE(channel, 'e', 'E') AS ce, TRIM(BOTH 'd' FROM status) AS st, COUNT(*), SUM(qty) FROM o GROUP BY c1, s3, ce, st
