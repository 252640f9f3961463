# Each query runs with SET cohortdb_exec = 2 (the executor alone) and with cohortdb_vectorize = 0
# (GMS alone); the answers must be equal. "-- compiled" marks queries the
# executor must take whole (exec_compiled grows, exec_fallbacks does not);
# "-- long" one that make test-long alone runs (COHORTDB_TEST_LONG=1).

-- compiled
SELECT channel, status, COUNT(*), SUM(amount), AVG(amount), MIN(at), MAX(day), COUNT(DISTINCT cid) FROM o GROUP BY channel, status

-- compiled
SELECT YEAR(at) y, QUARTER(at) q, MONTH(at) m, DAY(day) d, COUNT(*), SUM(qty), AVG(qty), SUM(score) FROM o GROUP BY y, q, m, d

-- compiled
SELECT DATE_FORMAT(at, '%Y-%m-%d') d, COUNT(DISTINCT cid), MIN(amount), MAX(amount) FROM o WHERE at >= '2024-06-01' AND (qty > 0 OR channel IS NULL) GROUP BY d

-- compiled
SELECT COUNT(*), SUM(amount), AVG(amount), MIN(amount), MAX(amount) FROM o WHERE cid < 0

-- compiled
SELECT COUNT(*), COUNT(channel), COUNT(DISTINCT channel), MAX(big), AVG(score) FROM o

# SUM of integers is an exact DECIMAL (MySQL's); its quotient is a
# DECIMAL of scale 4, rounded half away from zero.
-- compiled
SELECT channel, SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) / COUNT(*) AS share FROM o GROUP BY channel

-- compiled
SELECT n, COUNT(*) FROM (SELECT oid, COUNT(*) n FROM o GROUP BY oid) t GROUP BY n

-- compiled
SELECT status, channel, COUNT(*) c, SUM(amount) FROM o WHERE channel IS NOT NULL AND amount > 10 GROUP BY status, channel HAVING COUNT(*) > 5

-- compiled
SELECT c.segment, COUNT(*), SUM(o.amount), COUNT(DISTINCT o.cid) FROM o JOIN c ON c.cid = o.cid GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*), MAX(o.at) FROM o JOIN c ON c.cid = o.cid AND o.status = 'valid' AND c.since < o.day GROUP BY c.segment

-- compiled
SELECT o.channel, COUNT(*), COUNT(c.segment) FROM o LEFT JOIN c ON c.cid = o.cid AND c.segment = 'gold' GROUP BY o.channel

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE c.cid IN (SELECT cid FROM o WHERE amount > 400) GROUP BY c.segment

-- compiled
WITH firsts AS (SELECT cid, MIN(at) AS first_at FROM o GROUP BY cid) SELECT MONTH(f.first_at) AS cohort, COUNT(DISTINCT o.cid) FROM firsts f JOIN o ON o.cid = f.cid GROUP BY cohort

-- compiled
SELECT SUBSTRING_INDEX(c.email, '@', -1) AS dom, COUNT(*), SUM(o.qty) FROM c JOIN o ON o.cid = c.cid GROUP BY dom

SELECT c.segment, COUNT(*) FROM o JOIN c ON c.cid = o.cid GROUP BY c.segment ORDER BY 2 DESC LIMIT 2

# A join on a join's build side: GMS evaluates it with the probe row as scope.
SELECT c.segment, o.status, COUNT(*), COUNT(DISTINCT o.channel) FROM o JOIN c ON o.cid = c.cid RIGHT JOIN o o2 ON o.oid = o2.id GROUP BY c.segment, o.status

-- compiled
SELECT o.status, COUNT(*) FROM c LEFT JOIN o ON o.cid = c.cid GROUP BY o.status

SELECT channel, MAX(DISTINCT qty), SUM(DISTINCT qty), AVG(DISTINCT amount) FROM o GROUP BY channel

SELECT ROUND(amount, 1) r, COUNT(*) FROM o JOIN c ON c.cid = o.cid GROUP BY r

-- compiled
SELECT c.segment, COUNT(*), SUM(o.amount) FROM o LEFT JOIN c ON c.cid = o.cid GROUP BY c.segment

-- compiled
SELECT c.segment, o.channel, COUNT(*), MIN(o.day) FROM o LEFT JOIN c ON c.cid = o.cid AND c.since < o.day WHERE o.qty > 0 GROUP BY c.segment, o.channel

-- compiled
SELECT channel, SUM(CASE WHEN status = 'cancelled' THEN 1 WHEN status = 'returned' THEN 2 END), COUNT(CASE WHEN amount > 100 THEN cid END), MAX(CASE WHEN qty > 2 THEN channel ELSE 'none' END), MIN(CASE WHEN qty < 0 THEN score ELSE score * 2 END) FROM o GROUP BY channel

-- compiled
SELECT CASE WHEN qty > 3 THEN 'big' WHEN qty > 0 THEN 'small' ELSE NULL END AS bucket, COUNT(*), MIN(at) FROM o GROUP BY bucket

-- compiled
SELECT channel, COUNT(*), SUM(amount) FROM o WHERE status IN ('valid', 'returned') AND qty IN (1, 2, 3) AND (channel IN ('web', NULL) OR channel NOT IN ('app')) GROUP BY channel

-- compiled
SELECT c.segment, COUNT(*) FROM o JOIN c ON c.cid = o.cid WHERE o.cid IN (20, 21, 22, 25, 30, 99, NULL) OR at IN ('2024-03-01 10:00:00') GROUP BY c.segment

# Joins GMS leaves as nested loops (a range beside the equality in ON)
# run as hash joins on the equality, the range as residual. (s is a
# slice of o, so that GMS's nested loops stay quick.)
-- compiled
WITH s AS (SELECT * FROM o WHERE id < 700) SELECT a.channel, COUNT(*), COUNT(DISTINCT b.id) FROM s a JOIN s b ON a.cid = b.cid AND b.at > a.at AND b.at <= a.at + INTERVAL 90 DAY GROUP BY a.channel

-- compiled
WITH s AS (SELECT * FROM o WHERE id < 700) SELECT a.status, COUNT(*), COUNT(b.id) FROM s a LEFT JOIN s b ON b.cid = a.cid AND a.qty < b.qty AND b.channel = 'web' GROUP BY a.status

-- compiled
WITH s AS (SELECT * FROM o WHERE id < 700) SELECT COUNT(*) FROM s a LEFT JOIN s b ON b.cid = a.cid AND b.oid <> a.oid AND b.at >= a.at AND b.at < a.at + INTERVAL 60 DAY WHERE b.id IS NULL

# Anti joins. GMS plans NOT EXISTS and NOT IN alike, with NOT IN's
# NULL semantics; MySQL's answers come from equivalent queries.
-- compiled
-- equals: SELECT c.segment, COUNT(*) FROM c LEFT JOIN (SELECT DISTINCT cid FROM o WHERE cid IS NOT NULL) x ON x.cid = c.cid WHERE x.cid IS NULL GROUP BY c.segment
SELECT c.segment, COUNT(*) FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid) GROUP BY c.segment

-- compiled
SELECT channel, COUNT(*) FROM o WHERE cid NOT IN (SELECT cid FROM c WHERE segment = 'gold') GROUP BY channel

-- compiled
-- equals: SELECT channel, COUNT(*) FROM o WHERE FALSE GROUP BY channel
SELECT channel, COUNT(*) FROM o WHERE qty NOT IN (SELECT cid FROM o WHERE status = 'cancelled') GROUP BY channel

-- compiled
-- equals: SELECT status, COUNT(*) FROM o WHERE id < 700 AND (SELECT COUNT(*) FROM o o2 WHERE o2.cid = o.cid AND o2.at > o.at AND o2.status = 'valid' AND o2.id < 700) = 0 GROUP BY status
SELECT status, COUNT(*) FROM o WHERE id < 700 AND NOT EXISTS (SELECT 1 FROM o o2 WHERE o2.cid = o.cid AND o2.at > o.at AND o2.status = 'valid' AND o2.id < 700) GROUP BY status

# DISTINCT, alone and in a CTE joined to itself.
-- compiled
SELECT COUNT(*), COUNT(DISTINCT cid) FROM (SELECT DISTINCT cid, channel FROM o) t

-- compiled
WITH v AS (SELECT DISTINCT cid, oid, day FROM o WHERE status = 'valid' AND id < 1500) SELECT COUNT(DISTINCT a.cid), COUNT(*) FROM v a JOIN v b ON b.cid = a.cid AND b.day > a.day AND b.day <= a.day + INTERVAL 30 DAY

# Date arithmetic kernels (GMS's interval arithmetic; TIMESTAMPDIFF in
# whole calendar months as MySQL counts them).
-- compiled
SELECT DATEDIFF(at, day) d, TIMESTAMPDIFF(MONTH, day, at) m, TIMESTAMPDIFF(YEAR, day, '2026-07-01') y, COUNT(*) FROM o GROUP BY d, m, y

-- compiled
SELECT channel, MIN(at - INTERVAL 36 HOUR), MAX(DATE_ADD(day, INTERVAL 2 WEEK)), MAX(DATE_SUB(at, INTERVAL 1 YEAR)), MIN(day + INTERVAL 3 MONTH), MAX(INTERVAL 1 DAY + at) FROM o GROUP BY channel

-- compiled
SELECT TIMESTAMPDIFF(DAY, at, '2025-01-01') AS age, TIMESTAMPDIFF(WEEK, '2024-01-01 12:00:00', at) w, COUNT(*) FROM o WHERE at < day + INTERVAL 400 DAY GROUP BY age, w

-- compiled
SELECT DATE(at) d, DATE(day) dd, COUNT(DISTINCT cid), SUM(amount) FROM o WHERE DATE(at) >= '2024-06-01' GROUP BY d, dd

-- compiled
SELECT DATE(at) AS d, COUNT(*) FROM o GROUP BY DATE(at) ORDER BY d DESC LIMIT 5

# ORDER BY and LIMIT: NULLs first ascending and last descending, strings
# by their collation, ties kept in input order only where keys are unique.
-- compiled
-- ordered
SELECT channel, status, COUNT(*) n FROM o GROUP BY channel, status ORDER BY channel, status DESC

-- compiled
-- ordered
SELECT channel, status, COUNT(*) n FROM o GROUP BY channel, status ORDER BY channel DESC, n DESC LIMIT 5

-- compiled
-- ordered
SELECT c.email, COUNT(*) FROM c JOIN o ON o.cid = c.cid GROUP BY c.email ORDER BY UPPER(c.email) DESC, c.email LIMIT 7

-- compiled
-- ordered
SELECT cid, SUM(amount) s FROM o WHERE cid IS NOT NULL GROUP BY cid ORDER BY s DESC, cid LIMIT 10

# DECIMAL CASE and IF values of different scales, integers among them:
# typed as MySQL types them, summed and averaged exactly (the quotient
# of two exact DECIMAL sums is a DECIMAL division at the dividend's
# scale + 4).
-- compiled
SELECT channel, SUM(CASE WHEN status = 'cancelled' THEN amount ELSE 0 END) AS c, SUM(CASE WHEN status = 'returned' THEN amount END) / SUM(amount) AS r FROM o GROUP BY channel

# AVG of a DECIMAL IF has the argument's scale + 4, as in MySQL (GMS
# answers a DOUBLE).
-- compiled
-- equals: SELECT channel, CAST(SUM(IF(qty > 2, amount, 0)) / COUNT(IF(qty > 2, amount, 0)) AS DECIMAL(20,6)) FROM o GROUP BY channel
SELECT channel, AVG(IF(qty > 2, amount, 0)) AS a FROM o GROUP BY channel

-- compiled
SELECT status, SUM(IF(channel = 'web', amount, qty)) FROM o GROUP BY status

# MAX of a CASE GMS types DECIMAL(65,10) takes the CASE's type.
-- compiled
SELECT status, MAX(CASE WHEN qty > 3 THEN amount WHEN qty > 1 THEN 1.5 ELSE NULL END) FROM o GROUP BY status

# DECIMAL arithmetic on scaled integers: + and - at the larger scale, *
# at the sum of the scales, integers among the operands.
-- compiled
SELECT status, SUM(amount * qty), SUM(amount - 1.5), MAX(amount * 2), MIN(amount * 1.25 + qty), COUNT(DISTINCT amount + 0.005) FROM o GROUP BY status

-- compiled
SELECT amount * 3 - 1 AS k, COUNT(*) FROM o WHERE qty > 2 GROUP BY k HAVING COUNT(*) > 1

# UNION ALL and UNION of aggregates, nested, as a derived table.
-- compiled
SELECT 'web' AS k, COUNT(*), SUM(qty) FROM o WHERE channel = 'web' UNION ALL SELECT 'store', COUNT(*), SUM(qty) FROM o WHERE channel = 'store' UNION ALL SELECT status, COUNT(*), SUM(qty) FROM o GROUP BY status

-- compiled
SELECT k, SUM(n) FROM (SELECT channel AS k, COUNT(*) AS n FROM o GROUP BY channel UNION ALL SELECT status, COUNT(*) FROM o GROUP BY status) t GROUP BY k

-- compiled
SELECT cid FROM o WHERE qty > 3 GROUP BY cid UNION SELECT cid FROM o WHERE status = 'cancelled' GROUP BY cid

# LIMIT over a join, unordered (stays with GMS; the compiler read the
# missing sort of a join's pipeline and panicked). The limit keeps all rows.
SELECT s.n FROM c LEFT JOIN (SELECT cid, COUNT(*) AS n FROM o GROUP BY cid) s ON s.cid = c.cid LIMIT 100000

# Date parts over dt's calendar edges (year boundaries, week 53, February
# 29th, NULLs): day-only expressions are evaluated once per day (a day
# memo, GMS's own Eval), the rest by kernels.
-- compiled
SELECT DAYOFWEEK(at) w, WEEKDAY(at) wd, DAYOFYEAR(at) dy, DAYOFWEEK(day) w2, WEEKDAY(day) wd2, COUNT(*) FROM dt GROUP BY w, wd, dy, w2, wd2

-- compiled
SELECT WEEK(at) w, WEEK(at, 1) w1, WEEK(at, 2) w2, WEEK(at, 3) w3, WEEK(at, 4) w4, WEEK(at, 5) w5, WEEK(at, 6) w6, WEEK(at, 7) w7, COUNT(*) FROM dt GROUP BY w, w1, w2, w3, w4, w5, w6, w7

-- compiled
SELECT YEARWEEK(at) y, YEARWEEK(at, 1) y1, YEARWEEK(day, 3) y3, YEARWEEK(day, 6) y6, WEEKOFYEAR(day) wy, COUNT(*) FROM dt GROUP BY y, y1, y3, y6, wy

-- compiled
-- ordered
SELECT STR_TO_DATE(CONCAT(YEARWEEK(at), ' Sunday'), '%X%V %W') AS wk, COUNT(*) FROM dt GROUP BY STR_TO_DATE(CONCAT(YEARWEEK(at), ' Sunday'), '%X%V %W') ORDER BY wk

-- compiled
SELECT STR_TO_DATE(CONCAT(YEARWEEK(day, 3), ' Monday'), '%x%v %W') AS wk, STR_TO_DATE(DATE_FORMAT(at, '%Y-%m-01'), '%Y-%m-%d') AS m, STR_TO_DATE(DATE_FORMAT(day, '%Y-01-01'), '%Y-%m-%d') AS y, COUNT(*) FROM dt GROUP BY wk, m, y

-- compiled
-- ordered
SELECT MAKEDATE(YEAR(at), 1) + INTERVAL QUARTER(at)-1 QUARTER AS q, SUM(amount), COUNT(*) FROM dt GROUP BY MAKEDATE(YEAR(at), 1) + INTERVAL QUARTER(at)-1 QUARTER ORDER BY q

-- compiled
SELECT DATE_SUB(DATE(at), INTERVAL WEEKDAY(at) DAY) AS wk, DATE_ADD(day, INTERVAL DAYOFMONTH(day) - 1 DAY) AS x, LAST_DAY(at) AS ld, LAST_DAY(day) AS ld2, COUNT(*) FROM dt GROUP BY wk, x, ld, ld2

-- compiled
SELECT DATE_FORMAT(at, '%Y-%m') AS m, DATE_FORMAT(day, '%x-W%v %a %b %e %D %j %y %U %u %w') AS f, MONTHNAME(at) mn, DAYNAME(day) dn, TO_DAYS(day) td, COUNT(*) FROM dt GROUP BY m, f, mn, dn, td

# Comparisons of dates with DATE and DATETIME literals and with strings
# read once at compile time.
-- compiled
SELECT DAYOFWEEK(at) w, COUNT(*) FROM dt WHERE DATE(at) BETWEEN DATE '2000-01-01' AND DATE '2021-02-28' GROUP BY w

-- compiled
SELECT COUNT(*), COUNT(at) FROM dt WHERE day >= '2004-12-31' AND at < '2026-12-31 12:00:00' AND DATE(at) <> day AND day < at GROUP BY n

# DECIMAL division: the dividend's scale + 4 (div_precision_increment),
# rounded half away from zero, negative quotients, division by zero NULL.
-- compiled
SELECT amount / n AS a, n / 7 AS b, amount / 3 AS c, COUNT(*) FROM dt GROUP BY a, b, c

-- compiled
SELECT channel, SUM(amount) / SUM(qty) AS x, SUM(qty) / SUM(CASE WHEN qty > 100 THEN 1 ELSE 0 END) AS z, SUM(qty) / COUNT(*) AS q FROM o GROUP BY channel

# Inside other arithmetic GMS rounds only the outermost operation: left
# to its row path.
SELECT channel, SUM(amount) / SUM(qty) * 100 AS x FROM o GROUP BY channel

# String kernels: LIKE of literal text and % (prefix, suffix, contains,
# exact), LOWER/UPPER (non-ASCII too), CONCAT, SUBSTRING and
# SUBSTRING_INDEX in characters, LENGTH in bytes, CHAR_LENGTH.
-- compiled
SELECT s LIKE '%email%' a, s LIKE 'news%' b, t LIKE '%_email' c, s NOT LIKE '%é' d, s LIKE 'cpc' e, s LIKE '%' f, s LIKE '' g, s LIKE 'E%s' h, COUNT(*) FROM dt GROUP BY a, b, c, d, e, f, g, h

-- compiled
SELECT LOWER(s) l, UPPER(t) u, CONCAT(s, '-', n, '/', t) c, LENGTH(s) len, CHAR_LENGTH(t) cl, COUNT(*) FROM dt GROUP BY l, u, c, len, cl

-- compiled
SELECT SUBSTRING(s, 2, 3) a, SUBSTRING(t, -3) b, SUBSTRING(s, 0) z, SUBSTRING_INDEX(s, '@', 1) d1, SUBSTRING_INDEX(s, '@', -1) d2, SUBSTRING_INDEX(t, 'e', 2) d3, SUBSTRING_INDEX(t, 'e', -2) d4, SUBSTRING_INDEX(s, '_', 0) d5, COUNT(*) FROM dt GROUP BY a, b, z, d1, d2, d3, d4, d5

-- compiled
SELECT source, COUNT(*) FROM (SELECT CONCAT(UPPER(SUBSTRING_INDEX(email, '@', -1)), ':', cid) AS source FROM c WHERE email LIKE '%.com' OR email LIKE 'u1%') x GROUP BY source

# COALESCE and IFNULL (DECIMALs and integers at the result's scale),
# HOUR, MINUTE and SECOND.
-- compiled
SELECT COALESCE(amount, 0) a, IFNULL(amount, n) b, IFNULL(s, 'none') c, COALESCE(NULL, t, s, 'x') d, COALESCE(at, '2020-01-01') e, COUNT(*) FROM dt GROUP BY a, b, c, d, e

-- compiled
SELECT HOUR(at) h, MINUTE(at) mi, SECOND(at) s, HOUR(day) hd, COUNT(*) FROM dt GROUP BY h, mi, s, hd

-- compiled
SELECT channel, SUM(COALESCE(amount, 0)), MAX(IFNULL(channel, status)), COUNT(*) FROM o GROUP BY channel

# Windows: ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, NTILE, LAG/LEAD,
# FIRST_VALUE/LAST_VALUE and SUM/COUNT/AVG/MIN/MAX over frames, several
# definitions in one SELECT, NULL partition and order keys, ties.
-- compiled
SELECT id, cid, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY at, id) AS rn, RANK() OVER (PARTITION BY cid ORDER BY day) AS r, DENSE_RANK() OVER (PARTITION BY cid ORDER BY day) AS dr FROM o

-- compiled
SELECT id, channel, PERCENT_RANK() OVER (PARTITION BY channel ORDER BY qty DESC) AS pr, RANK() OVER (ORDER BY amount) AS ra, DENSE_RANK() OVER (ORDER BY amount DESC) AS dra FROM o

-- compiled
SELECT id, NTILE(4) OVER (PARTITION BY status ORDER BY amount, id) AS q4, NTILE(7) OVER (ORDER BY id) AS q7, NTILE(5000) OVER (PARTITION BY channel ORDER BY id) AS many FROM o

-- compiled
SELECT id, LAG(amount) OVER (PARTITION BY cid ORDER BY at, id) AS prev, LEAD(at, 2) OVER (PARTITION BY cid ORDER BY at, id) AS next2, LAG(qty, 1, -1) OVER (PARTITION BY cid ORDER BY at, id) AS pq, LEAD(channel, 1, status) OVER (ORDER BY id) AS nc, LAG(day, 3, day) OVER (ORDER BY id) AS d3 FROM o

-- compiled
SELECT id, SUM(amount) OVER (PARTITION BY cid ORDER BY day) AS run, AVG(amount) OVER (PARTITION BY cid ORDER BY day) AS ravg, COUNT(amount) OVER (PARTITION BY cid ORDER BY day) AS rc, COUNT(*) OVER (PARTITION BY channel) AS pc, MIN(at) OVER (PARTITION BY cid ORDER BY day) AS rmin, MAX(channel) OVER (PARTITION BY cid) AS pmax FROM o

-- compiled
SELECT id, SUM(qty) OVER (PARTITION BY cid ORDER BY at, id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s3, AVG(score) OVER (PARTITION BY cid ORDER BY at, id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS a3, MAX(amount) OVER (PARTITION BY cid ORDER BY at, id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) AS m3, MIN(amount) OVER (PARTITION BY cid ORDER BY at, id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS mrest, COUNT(*) OVER (PARTITION BY cid ORDER BY at, id ROWS UNBOUNDED PRECEDING) AS c, SUM(amount) OVER (PARTITION BY cid ORDER BY at, id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS tot FROM o

-- compiled
SELECT id, FIRST_VALUE(amount) OVER (PARTITION BY cid ORDER BY at, id) AS fv, LAST_VALUE(at) OVER (PARTITION BY cid ORDER BY at, id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) AS lv, FIRST_VALUE(status) OVER (PARTITION BY cid ORDER BY at, id ROWS BETWEEN 2 FOLLOWING AND 3 FOLLOWING) AS f2 FROM o

# A CTE with a window (or an aggregate) read twice, each reader's
# condition pushed into it: the window and the aggregate run once and
# both readers read them (EXPLAIN: Shared).
-- compiled
WITH numbered AS (SELECT cid, id, at, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY at, id) AS n FROM o) SELECT f.cid, f.id, s.id, DATEDIFF(s.at, f.at) FROM numbered f JOIN numbered s ON s.cid = f.cid AND s.n = 2 WHERE f.n = 1

-- compiled
WITH t AS (SELECT cid, COUNT(*) AS n, SUM(amount) AS total FROM o GROUP BY cid) SELECT a.cid, a.n, b.total FROM t a JOIN t b ON b.cid = a.cid AND b.total > 50 WHERE a.n > 2

-- compiled
WITH t AS (SELECT channel, status, COUNT(*) AS n, RANK() OVER (PARTITION BY channel ORDER BY COUNT(*) DESC) AS r FROM o GROUP BY channel, status) SELECT a.channel, a.status, b.status FROM t a LEFT JOIN t b ON b.channel <=> a.channel AND b.r = 2 WHERE a.r = 1

-- compiled
SELECT id, SUM(score) OVER () AS s, MIN(amount) OVER () AS mn, COUNT(channel) OVER () AS n, ROW_NUMBER() OVER (ORDER BY id DESC) AS rn FROM o WHERE cid < 0

-- compiled
SELECT id, MAX(amount) OVER (ORDER BY channel, cid RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS m, SUM(qty) OVER (PARTITION BY channel ORDER BY cid) AS s FROM o WHERE id < 400

# UNIX_TIMESTAMP and FROM_UNIXTIME in the session's (fixed) time zone.
-- compiled
SELECT UNIX_TIMESTAMP(at) u, UNIX_TIMESTAMP(day) ud, FROM_UNIXTIME(n * 86400 * 1000) f, COUNT(*) FROM dt GROUP BY u, ud, f

# Windows compose: over a GROUP BY (a CTE), joined below and above,
# grouped over, filtered outside, over an empty input.
-- compiled
WITH m AS (SELECT MONTH(at) AS mo, SUM(amount) AS rev FROM o GROUP BY MONTH(at)) SELECT mo, rev, SUM(rev) OVER (ORDER BY mo) AS run, LAG(rev) OVER (ORDER BY mo) AS prev, LEAD(rev, 1, rev) OVER (ORDER BY mo) AS nxt, RANK() OVER (ORDER BY rev DESC) AS r FROM m

-- compiled
SELECT n, COUNT(*), AVG(gap) FROM (SELECT o.cid, ROW_NUMBER() OVER (PARTITION BY o.cid ORDER BY o.at, o.id) AS n, DATEDIFF(o.day, LAG(o.day) OVER (PARTITION BY o.cid ORDER BY o.at, o.id)) AS gap FROM o JOIN c ON c.cid = o.cid WHERE c.segment = 'gold') t WHERE n <= 5 GROUP BY n

-- compiled
WITH f AS (SELECT cid, channel, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY at, id) AS rn FROM o WHERE status = 'valid') SELECT f.channel, c.segment, COUNT(*) FROM f JOIN c ON c.cid = f.cid WHERE f.rn = 1 GROUP BY f.channel, c.segment

-- compiled
SELECT * FROM (SELECT qty, COUNT(DISTINCT cid) AS buyers, DENSE_RANK() OVER (ORDER BY COUNT(DISTINCT cid) DESC) AS dr FROM o GROUP BY qty) t WHERE dr <= 3

-- compiled
SELECT id, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY id) AS rn, SUM(amount) OVER (PARTITION BY cid) AS s, NTILE(3) OVER (PARTITION BY channel ORDER BY id) AS q FROM o WHERE cid < 0

-- compiled
SELECT cid, m, LAG(m, 2, m) OVER (ORDER BY cid) AS p2, LEAD(m) OVER (ORDER BY cid) AS nx, AVG(m) OVER (ORDER BY cid ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS a5 FROM (SELECT cid, SUM(amount) AS m FROM o WHERE cid IS NOT NULL GROUP BY cid) g

# A LAG default of another type than its value: GMS sends it as it is
# (0 where MySQL says 0.00), so it stays with GMS.
SELECT cid, LAG(m, 1, 0) OVER (ORDER BY cid) AS prev FROM (SELECT cid, SUM(amount) AS m FROM o WHERE cid IS NOT NULL GROUP BY cid) g

# Comparisons with a constant on either side and IN lists with a NULL,
# over strings, integers and DECIMALs (constcmp.go).
-- compiled
SELECT channel, COUNT(*), SUM(CASE WHEN 'valid' <= status THEN 1 ELSE 0 END) AS v FROM o WHERE channel IN ('web', 'app', NULL) OR 2 < qty GROUP BY channel

-- compiled
SELECT status, COUNT(*) FROM o WHERE channel NOT IN ('store', NULL) OR amount >= 100.50 GROUP BY status

# Two integer keys of small ranges (from the tables' statistics, through
# a join): a grid of group ids; TIMESTAMPDIFF in YEAR and QUARTER.
-- compiled
SELECT o.qty, c.cid % 7 AS m, COUNT(*), SUM(TIMESTAMPDIFF(YEAR, c.since, o.at)), MAX(TIMESTAMPDIFF(QUARTER, o.at, c.since)) FROM o JOIN c ON o.cid = c.cid GROUP BY o.qty, m

-- compiled
SELECT o.qty, c.cid, COUNT(*) FROM o JOIN c ON o.cid = c.cid WHERE o.status = 'valid' GROUP BY o.qty, c.cid

# COUNT(DISTINCT) over integer keys whose ranges multiply past the grid
# (cid 9 bits × oid 11 bits): aggregated by sorting packed words.
-- compiled
SELECT cid, oid, COUNT(DISTINCT qty), COUNT(*), COUNT(cid) FROM o GROUP BY cid, oid

-- compiled
SELECT id, oid, COUNT(DISTINCT cid) FROM o WHERE status <> 'valid' GROUP BY id, oid

-- compiled
SELECT a.cid, b.id, COUNT(DISTINCT a.oid) n FROM o a JOIN o b ON a.oid = b.oid WHERE a.id < b.id GROUP BY a.cid, b.id HAVING n > 0

-- compiled
-- ordered
-- long
SELECT a.cid p1, b.id p2, COUNT(DISTINCT a.oid) n FROM o a JOIN o b ON a.oid = b.oid AND a.id < b.id WHERE a.status = 'valid' GROUP BY a.cid, b.id ORDER BY n DESC, p1, p2 LIMIT 15

-- compiled
-- ordered
SELECT a.cid p1, b.id p2, COUNT(DISTINCT a.oid) n FROM o a JOIN o b ON a.oid = b.oid AND a.id < b.id WHERE a.status = 'valid' AND a.id < 1200 GROUP BY a.cid, b.id ORDER BY n DESC, p1, p2 LIMIT 15

-- compiled
SELECT cid, oid, COUNT(DISTINCT qty) FROM o WHERE cid < 0 GROUP BY cid, oid

# % of an unsigned column: the remainder of magnitudes, the dividend's sign.
-- compiled
SELECT big % 7 AS m, MOD(big, -7) AS n, COUNT(*) FROM o GROUP BY big % 7, MOD(big, -7)

# CUME_DIST, which engine/sqlrewrite writes as two COUNT(*) windows (up
# to the current row's last peer, and the whole partition).
SELECT channel, COUNT(*), CUME_DIST() OVER (ORDER BY COUNT(*) DESC) FROM o GROUP BY channel

SELECT id, CUME_DIST() OVER (PARTITION BY channel ORDER BY qty), CUME_DIST() OVER (ORDER BY status DESC) FROM o

# BETWEEN with bounds from columns (a join's residual: a time window
# after each order), with string literals against dates, over strings,
# negated, with NULL bounds; numbers between strings are compared as
# MySQL compares the three, which GMS decides.
-- compiled
-- long
SELECT a.channel, COUNT(*), COUNT(b.id) FROM o a LEFT JOIN o b ON b.cid = a.cid AND b.at BETWEEN a.at AND a.at + INTERVAL 30 DAY AND b.id <> a.id GROUP BY a.channel

-- compiled
SELECT a.channel, COUNT(*), COUNT(b.id) FROM o a LEFT JOIN o b ON b.cid = a.cid AND b.at BETWEEN a.at AND a.at + INTERVAL 30 DAY AND b.id <> a.id WHERE a.id < 1200 GROUP BY a.channel

-- compiled
SELECT status, COUNT(*), SUM(amount BETWEEN qty AND qty * 50), SUM(day NOT BETWEEN '2023-03-01' AND '2023-06-30'), SUM(channel BETWEEN 'app' AND 'store'), SUM(at BETWEEN day AND NULL), SUM(qty BETWEEN NULL AND 3) FROM o GROUP BY status

SELECT status, SUM(qty BETWEEN '1' AND '3'), SUM(amount BETWEEN '10' AND 20) FROM o GROUP BY status

# ORDER BY and ORDER BY … LIMIT on a UNION itself: a Sort or TopN over
# the union (after UNION's DISTINCT), by position and by name.
-- compiled
-- ordered
SELECT QUARTER(at) AS q, COUNT(*) AS n FROM o GROUP BY q UNION ALL SELECT 0, COUNT(*) FROM c ORDER BY 1

-- compiled
-- ordered
SELECT cid, 'o' AS src FROM o WHERE qty > 4 GROUP BY cid UNION SELECT cid, 'c' FROM c WHERE segment = 'gold' ORDER BY cid DESC, src LIMIT 25

-- compiled
-- ordered
SELECT channel AS k, COUNT(*) AS n FROM o GROUP BY channel UNION ALL SELECT status, COUNT(*) FROM o GROUP BY status ORDER BY n DESC, k LIMIT 4

# Aggregates without a kernel (GROUP_CONCAT, BIT_AND/OR/XOR) inside a
# vectorised GROUP BY: GMS's buffers replay each group's kept rows after
# the merge; over a join, with DISTINCT, ORDER BY and SEPARATOR, with
# NULLs, and over no rows.
-- compiled
SELECT status, GROUP_CONCAT(DISTINCT channel ORDER BY channel SEPARATOR '|'), COUNT(*), BIT_OR(qty + 1), BIT_AND(qty + 1), BIT_XOR(cid) FROM o GROUP BY status

-- compiled
SELECT c.segment, GROUP_CONCAT(DISTINCT o.qty ORDER BY o.qty DESC), LENGTH(GROUP_CONCAT(o.id ORDER BY o.id)), SUM(o.amount) FROM o JOIN c ON c.cid = o.cid GROUP BY c.segment

-- compiled
SELECT GROUP_CONCAT(id ORDER BY id), BIT_OR(qty) FROM o WHERE cid = -1

-- compiled
SELECT cid, GROUP_CONCAT(channel ORDER BY id SEPARATOR ''), MAX(at) FROM o WHERE cid < 30 GROUP BY cid

# Joins without an equality: ranges (GMS's range heap join, inner and
# left), a non-equi ON, a cross join with its filter in WHERE, and a
# comparison with an uncorrelated aggregate; the small side's rows meet
# every probe row and the condition decides.
-- compiled
SELECT c.segment, COUNT(*), SUM(o.amount) FROM o JOIN c ON o.amount >= c.cid AND o.amount < c.cid + 3 WHERE c.cid < 60 GROUP BY c.segment

-- compiled
SELECT o.channel, COUNT(*), COUNT(c.cid) FROM o LEFT JOIN c ON o.qty * 10 + 20 >= c.cid AND o.qty * 10 + 20 < c.cid + 2 AND c.cid < 90 GROUP BY o.channel

-- compiled
SELECT c.segment, COUNT(*) FROM c JOIN o ON o.id > c.cid * 10 AND o.id < c.cid * 10 + 4 WHERE c.cid < 50 GROUP BY c.segment

-- compiled
SELECT a.segment, b.segment, COUNT(*) FROM c a CROSS JOIN c b WHERE a.cid < 40 AND b.cid < 30 AND a.since < b.since GROUP BY a.segment, b.segment

-- compiled
SELECT status, COUNT(*) FROM o WHERE amount > (SELECT AVG(amount) * 2 FROM o) GROUP BY status

# ORDER BY [LIMIT] straight over a scan (no join or aggregate): sorted
# on vectors; and a filter holding an uncorrelated subquery, which the
# executor runs once.
-- compiled
-- ordered
SELECT id, amount FROM o ORDER BY amount DESC, id LIMIT 7

-- compiled
-- ordered
SELECT * FROM o WHERE status <> 'valid' ORDER BY at DESC, id LIMIT 10

-- compiled
-- ordered
SELECT channel, id, qty FROM o WHERE id < 300 ORDER BY channel, qty DESC, id

-- compiled
-- ordered
SELECT id, amount FROM o WHERE amount > (SELECT AVG(amount) * 3 FROM o) ORDER BY amount DESC, id LIMIT 5

-- compiled
SELECT id, cid FROM o WHERE cid IN (SELECT cid FROM c WHERE segment = 'gold') AND qty = (SELECT MAX(qty) FROM o)

# Constant rows (SELECT without FROM, the dual table) as a join's small
# side: a literal tier table on a range.
-- compiled
SELECT t.tier, COUNT(*), SUM(o.amount) FROM o JOIN (SELECT 'low' AS tier, -100 AS lo, 50 AS hi UNION ALL SELECT 'mid', 50, 200 UNION ALL SELECT 'high', 200, 100000) t ON o.amount >= t.lo AND o.amount < t.hi GROUP BY t.tier

-- compiled
SELECT x.k, COUNT(o.id) FROM (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 7) x LEFT JOIN o ON o.qty = x.k GROUP BY x.k

# ORDER BY … LIMIT whose first key drops rows once a worker holds the
# limit (ties on the first key kept for the next keys), ascending and
# descending, NULLs first ascending and last descending, strings.
-- compiled
-- ordered
SELECT id, at FROM o ORDER BY at DESC, id LIMIT 15

-- compiled
-- ordered
SELECT id, cid FROM o ORDER BY cid, id DESC LIMIT 30

-- compiled
-- ordered
SELECT id, cid FROM o ORDER BY cid DESC, id LIMIT 30

-- compiled
-- ordered
SELECT id, channel, qty FROM o ORDER BY channel, qty DESC, id LIMIT 40

-- compiled
-- ordered
SELECT id, amount FROM o ORDER BY amount IS NULL, amount, id LIMIT 12

# A bare NULL (WITH ROLLUP's super-aggregate rows) as a key, a selected
# value and an operand.
-- compiled
SELECT NULL AS x, channel, COUNT(*), NULL + qty AS y FROM o GROUP BY x, channel, y
