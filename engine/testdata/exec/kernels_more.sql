# DIV: the quotient truncated toward zero, a BIGINT; DIV by zero is NULL.
-- compiled
SELECT qty DIV 2, qty DIV -3, cid DIV 7, COUNT(*) FROM o GROUP BY qty DIV 2, qty DIV -3, cid DIV 7

-- compiled
SELECT qty DIV (qty - qty) AS z, COUNT(*), SUM(big % 3) FROM o GROUP BY z

# Over DECIMALs GMS rounds the quotient to two places before truncating
# (-13.99 DIV 7 is -2 there, -1 in MySQL): the oracle truncates the
# exact quotient instead.
-- compiled
-- equals: SELECT CASE WHEN amount / 7 < 0 THEN CEILING(amount / 7) ELSE FLOOR(amount / 7) END AS q, COUNT(*) FROM o GROUP BY q
SELECT amount DIV 7 AS q, COUNT(*) FROM o GROUP BY q

# Hour buckets from UNIX_TIMESTAMP (a DECIMAL in GMS, whose rounding
# put the last seconds of an hour into the next one).
-- compiled
-- equals: SELECT FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(at) / 3600) * 3600) AS h, COUNT(*) FROM o GROUP BY h
SELECT FROM_UNIXTIME(UNIX_TIMESTAMP(at) DIV 3600 * 3600) AS h, COUNT(*) FROM o GROUP BY h

# FROM_UNIXTIME of a whole-number DECIMAL (FLOOR(...) * 3600 is one) is
# a kernel: row by row, GMS loaded the session's zone for every value.
-- compiled
SELECT FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(at) / 3600) * 3600) AS h, FROM_UNIXTIME(CAST(n AS DECIMAL(10,0)) * 86400) AS d, COUNT(*) FROM dt GROUP BY h, d

# A DATE_FORMAT that prints no more of the time of day than its hour is
# GMS's own value once per distinct hour (an hour memo); minutes are
# read row by row. dt's datetimes straddle years, the epoch and NULLs.
-- compiled
SELECT DATE_FORMAT(at, '%Y-%m-%d %H:00') AS h, DATE_FORMAT(at, '%h %p %k %l %I') AS h12, COUNT(*) FROM dt GROUP BY h, h12

-- compiled
SELECT DATE_FORMAT(at, '%x-%v %H') AS wh, DATE_FORMAT(at, '%H:%i') AS hm, COUNT(*) FROM dt GROUP BY wh, hm

-- compiled
SELECT DATE_FORMAT(o.at, '%Y-%m-%d %H') AS h, COUNT(*), SUM(o.qty) FROM o GROUP BY h

# A format that prints minutes or seconds: its date runs are GMS's per
# day, its time of day specifiers written per row.
-- compiled
SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i') AS m, DATE_FORMAT(at, '%T|%r|%f|%S.%s|%k:%l %p [%W %D %M] %%') AS t, COUNT(*) FROM dt GROUP BY m, t

-- compiled
SELECT DATE_FORMAT(o.at, '%i') AS mi, DATE_FORMAT(o.at, 'at %h:%i %p on %a') AS x, COUNT(*) FROM o GROUP BY mi, x

-- compiled
SELECT DATE_FORMAT(x, '%Y %H:%i:%s.%f %r') AS t, COUNT(*) FROM (SELECT at + INTERVAL id * 37 SECOND + INTERVAL id * 1234 MICROSECOND AS x FROM dt) s GROUP BY t

# LIKE with _ (one character) beside % under a binary collation.
-- compiled
SELECT c.email LIKE 'u_@%' AS one, c.email LIKE '%_.com' AS dom, c.email LIKE 'u1__@%.___' AS two, COUNT(*) FROM c GROUP BY one, dom, two

-- compiled
SELECT o.channel, COUNT(*) FROM o WHERE o.status LIKE '_alid' OR o.channel LIKE 'w_b%' GROUP BY o.channel

# PERIOD_DIFF and PERIOD_ADD: a kernel over integers and digit strings
# (DATE_FORMAT(x, '%Y%m')), DECIMALs converted as GMS converts them. A
# function only GMS knows (REVERSE, MD5) over arguments that compile: the
# arguments run as kernels, GMS evaluates the function alone once per run
# of equal arguments; NULL days and datetimes among them.
-- compiled
SELECT PERIOD_DIFF(DATE_FORMAT(at, '%Y%m'), DATE_FORMAT(day, '%Y%m')) AS m, PERIOD_ADD(YEAR(day) * 100 + MONTH(day), n) AS p, PERIOD_DIFF(ABS(amount) * 1000, n + 202600) AS d, COUNT(*) FROM dt GROUP BY m, p, d

-- compiled
SELECT id, REVERSE(UPPER(s)), MD5(CONCAT(s, n)), PERIOD_DIFF(DATE_FORMAT(at, '%y%m'), 9912) AS q FROM dt WHERE id < 120 GROUP BY id

# ABS of integers, DECIMALs and DOUBLEs (NULLs among them), of a DATEDIFF
# in a join's residual: a kernel, typed as its argument.
-- compiled
SELECT ABS(amount - 100) AS a, ABS(n - 3) AS b, ABS(DATEDIFF(at, day)) AS d, ABS(amount * -1.5) AS e, COUNT(*) FROM dt GROUP BY a, b, d, e

-- compiled
SELECT COUNT(*), SUM(x.n) FROM dt x JOIN dt y ON y.n = x.n AND y.id <> x.id AND ABS(DATEDIFF(y.at, x.at)) <= 400

# NULLIF of integers, DECIMALs and strings (the equality as the
# comparison kernels compare it, collation included: 'A' = 'a'), NULLs
# on either side; a DECIMAL quotient whose divisor holds integer
# arithmetic (exact: compiled) — the average gap between orders.
-- compiled
SELECT NULLIF(n, 3) AS a, NULLIF(amount, 10.50) AS b, NULLIF(s, '') AS c, NULLIF(s, 'CPC') AS d, NULLIF(n, NULL) AS e, COUNT(*) FROM dt GROUP BY a, b, c, d, e

-- compiled
SELECT n, DATEDIFF(MAX(at), MIN(at)) / NULLIF(COUNT(DISTINCT day) - 1, 0) AS gap, SUM(n) / (COUNT(*) + 2) AS q FROM dt GROUP BY n

# CAST(integer AS CHAR): its digits, signed and unsigned (big's values
# past the int64), NULLs; with a length GMS cuts the text (row by row);
# a unique-visitor count over COALESCE of the cast and a string.
-- compiled
SELECT CAST(qty AS CHAR) AS a, CAST(big AS CHAR) AS b, CAST(cid AS CHAR(2)) AS c, COUNT(*) FROM o GROUP BY a, b, c

-- compiled
SELECT channel, COUNT(DISTINCT COALESCE(CAST(cid AS CHAR), status)), MAX(CONCAT('c', CAST(-qty AS CHAR))) FROM o GROUP BY channel

# TIME(x) of a DATETIME against a TIME literal compares microseconds
# since midnight (the planner reads the string as a TIME).
-- compiled
SELECT TIME(at) >= '12:00:00' AS pm, TIME(at) < '06:30:00' AS early, '23:00:00' <= TIME(at) AS late, TIME(at) = '00:00:00' AS midnight, COUNT(*) FROM dt GROUP BY pm, early, late, midnight

-- compiled
SELECT COUNT(*) FROM dt WHERE TIME(at) BETWEEN '09:00:00' AND '17:00:00'

# A choice of a DATE or DATETIME and a string is a string: the date's
# text, written per row (dt's dates straddle the epoch and years; NULLs).
# GMS writes a DATE's text with a time of day; MySQL (and MariaDB, the
# difftest kernels corpus) without.
-- compiled
-- equals: SELECT COALESCE(DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), '1970-01-01') a, COALESCE(DATE_FORMAT(day, '%Y-%m-%d'), 'none') d, GREATEST(COALESCE(DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), '1970-01-01'), COALESCE(DATE_FORMAT(day, '%Y-%m-%d'), '2000-01-01')) >= '2020-01-01' AS recent, COUNT(*) FROM dt GROUP BY a, d, recent
SELECT COALESCE(at, '1970-01-01') a, COALESCE(day, 'none') d, GREATEST(COALESCE(at, '1970-01-01'), COALESCE(day, '2000-01-01')) >= '2020-01-01' AS recent, COUNT(*) FROM dt GROUP BY a, d, recent

# Calendar parts of columns without NULLs (one pass of divisions, one
# of lookups), days before the epoch among them.
-- compiled
SELECT YEAR(at) y, QUARTER(at) q, MONTH(at) m, DAY(at) d, YEAR(day) y2, QUARTER(day) q2, DAY(day) d2, COUNT(*) FROM dt WHERE at IS NOT NULL AND day IS NOT NULL GROUP BY y, q, m, d, y2, q2, d2
