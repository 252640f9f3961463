-- The executor's vector kernels and day memos (engine/exec) against
-- MySQL's answers: date parts around year ends, weeks 0/1/52/53 in every
-- WEEK mode, February 29th, NULLs; format/parse pairs Metabase emits;
-- DECIMAL division; LIKE and the string functions. GROUP BY puts each
-- expression on the executor's path.

-- feature: executor: date kernels
DROP TABLE IF EXISTS compat_dates;
CREATE TABLE compat_dates (id INT PRIMARY KEY, at DATETIME, day DATE, n INT, amount DECIMAL(10,2), s VARCHAR(40));
INSERT INTO compat_dates VALUES (1, '1999-12-31 23:59:59', '2000-01-01', 3, 10.25, 'Email-News'), (2, '2000-01-01 00:00:00', '2000-01-02', 0, -3.50, 'newsletter_email'), (3, '2000-02-29 12:00:00', '2000-03-01', -2, 7.77, NULL), (4, '2004-12-31 08:30:00', '2005-01-01', 7, NULL, 'a@b.c@d'), (5, '2005-01-02 18:00:00', '2005-01-03', NULL, 0.01, 'cpc'), (6, '2008-12-28 01:02:03', '2008-12-29', 1, 100.00, ''), (7, '2015-12-31 23:00:00', '2016-01-03', 2, 33.33, 'ÉTÉ été'), (8, '2020-12-31 10:10:10', '2021-01-01', -1, 1.00, 'EMAIL'), (9, '2021-01-03 00:00:01', '2021-01-04', 9, 2.50, 'x_email_y'), (10, '2024-02-29 23:59:59', '2024-12-30', 4, 9.99, 'a@@b'), (11, NULL, NULL, NULL, NULL, NULL), (12, '2026-12-31 00:00:00', '2027-01-01', 5, 12.34, 'u1@a.com'), (13, '2027-01-03 13:14:15', '2026-12-27', 6, 5.55, 'store');
SELECT DAYOFWEEK(at) a, WEEKDAY(at) b, DAYOFYEAR(at) c, DAYOFWEEK(day) d, WEEKDAY(day) e, LAST_DAY(at) f, LAST_DAY(day) g, COUNT(*) FROM compat_dates GROUP BY a, b, c, d, e, f, g;
SELECT WEEK(at, 0) a, WEEK(at, 1) b, WEEK(at, 2) c, WEEK(at, 3) d, WEEK(at, 4) e, WEEK(at, 5) f, WEEK(at, 6) g, WEEK(at, 7) h, COUNT(*) FROM compat_dates GROUP BY a, b, c, d, e, f, g, h;
SELECT WEEK(day, 0) a, WEEK(day, 1) b, WEEK(day, 2) c, WEEK(day, 3) d, WEEK(day, 4) e, WEEK(day, 5) f, WEEK(day, 6) g, WEEK(day, 7) h, COUNT(*) FROM compat_dates GROUP BY a, b, c, d, e, f, g, h;
SELECT YEARWEEK(at) a, YEARWEEK(at, 1) b, YEARWEEK(at, 2) c, YEARWEEK(at, 3) d, YEARWEEK(day, 4) e, YEARWEEK(day, 5) f, YEARWEEK(day, 6) g, YEARWEEK(day, 7) h, COUNT(*) FROM compat_dates GROUP BY a, b, c, d, e, f, g, h;
SELECT STR_TO_DATE(CONCAT(YEARWEEK(at), ' Sunday'), '%X%V %W') a, STR_TO_DATE(CONCAT(YEARWEEK(day, 3), ' Monday'), '%x%v %W') b, COUNT(*) FROM compat_dates GROUP BY a, b;
SELECT STR_TO_DATE(DATE_FORMAT(at, '%Y-%m-01'), '%Y-%m-%d') a, STR_TO_DATE(DATE_FORMAT(day, '%Y-01-01'), '%Y-%m-%d') b, DATE_FORMAT(at, '%Y-%m') c, DATE_FORMAT(day, '%x-W%v %a %b %e %D %j %y %U %u %w %M %W') d, COUNT(*) FROM compat_dates GROUP BY a, b, c, d;
SELECT MAKEDATE(YEAR(at), 1) + INTERVAL QUARTER(at) - 1 QUARTER a, DATE_SUB(DATE(at), INTERVAL WEEKDAY(at) DAY) b, MONTHNAME(day) c, DAYNAME(day) d, TO_DAYS(day) e, HOUR(at) f, MINUTE(at) g, SECOND(at) h, COUNT(*) FROM compat_dates GROUP BY a, b, c, d, e, f, g, h;
SELECT DAYOFWEEK(at) a, COUNT(*) FROM compat_dates WHERE DATE(at) BETWEEN DATE '2000-01-01' AND DATE '2021-01-03' GROUP BY a;
SELECT n, COUNT(*) FROM compat_dates WHERE day >= '2005-01-01' AND at < '2024-02-29 23:59:59' GROUP BY n;

-- feature: executor: DECIMAL division and string kernels
SELECT amount / n a, n / 7 b, amount / 3 c, COUNT(*) FROM compat_dates GROUP BY a, b, c;
SELECT status, SUM(CASE WHEN channel = 'web' THEN amount ELSE 0 END) / SUM(amount) a, SUM(quantity) / COUNT(*) b FROM orders GROUP BY status;
SELECT s LIKE '%email%' a, s LIKE 'news%' b, s LIKE '%_email' c, s NOT LIKE '%é' d, s LIKE 'E%s' e, s LIKE '' f, COUNT(*) FROM compat_dates GROUP BY a, b, c, d, e, f;
SELECT LOWER(s) a, UPPER(s) b, CONCAT(s, '-', n) c, LENGTH(s) d, CHAR_LENGTH(s) e, COUNT(*) FROM compat_dates GROUP BY a, b, c, d, e;
SELECT SUBSTRING(s, 2, 3) a, SUBSTRING(s, -3) b, SUBSTRING_INDEX(s, '@', 1) c, SUBSTRING_INDEX(s, '@', -1) d, SUBSTRING_INDEX(s, 'e', -2) e, COALESCE(amount, 0) f, IFNULL(s, 'none') g, COUNT(*) FROM compat_dates GROUP BY a, b, c, d, e, f, g;
-- a choice of a date and a string is the date's text (a DATE's without a time of day)
SELECT COALESCE(at, '1970-01-01') a, COALESCE(day, 'none') b, GREATEST(COALESCE(at, '1970-01-01'), COALESCE(day, '2000-01-01')) >= '2020-01-01' c, COUNT(*) FROM compat_dates GROUP BY a, b, c;
DROP TABLE compat_dates;

-- CONVERT_TZ as MySQL computes it: the wall clock read in the first zone,
-- taken to UTC, shown in the second; a wall clock in a spring-forward gap
-- is the transition's instant, one that occurs twice the earlier instant;
-- an instant outside TIMESTAMP's range is left as it is; offsets from
-- -12:59 to +13:00; zone names in any case. Metabase's report time zone
-- wraps every date column in it.
-- feature: function: CONVERT_TZ
SELECT CONVERT_TZ('2026-03-29 00:30:00', 'UTC', 'Europe/Berlin') a, CONVERT_TZ('2026-03-29 01:30:00', 'UTC', 'Europe/Berlin') b, CONVERT_TZ('2026-03-29 02:30:00', 'Europe/Berlin', 'UTC') gap, CONVERT_TZ('2026-10-25 02:30:00', 'Europe/Berlin', 'UTC') twice, CONVERT_TZ('2026-10-25 01:30:00', 'UTC', 'Europe/Berlin') back, CONVERT_TZ('2026-03-29 02:30:00', 'Europe/Berlin', 'America/New_York') x, CONVERT_TZ('2026-03-29 02:30:00', 'Europe/Berlin', 'Europe/Berlin') same;
SELECT CONVERT_TZ('2026-01-01 10:00:00', '+00:00', '+05:30') a, CONVERT_TZ('2026-01-01 10:00:00', '+00:00', '+13:00') b, CONVERT_TZ('2026-01-01 10:00:00', '+00:00', '+13:01') c, CONVERT_TZ('2026-01-01 10:00:00', '+00:00', '-12:59') d, CONVERT_TZ('2026-01-01 10:00:00', '+00:00', '-13:00') e, CONVERT_TZ('2026-01-01 10:00:00', '+1:00', '-2:30') f, CONVERT_TZ('2026-01-01 10:00:00', '+01:60', 'UTC') g, CONVERT_TZ('2026-01-01 10:00:00', '01:00', 'UTC') h;
SELECT CONVERT_TZ('1970-01-01 00:00:00', 'UTC', '+01:00') a, CONVERT_TZ('1970-01-01 00:00:01', 'UTC', '+01:00') b, CONVERT_TZ('1970-01-01 01:00:00', '+01:00', 'UTC') c, CONVERT_TZ('2038-01-19 03:14:07', 'UTC', '+01:00') d, CONVERT_TZ('2038-01-19 03:14:08', 'UTC', '+01:00') e, CONVERT_TZ('1960-06-01 00:00:00', 'UTC', 'Europe/Berlin') f;
SELECT CONVERT_TZ('2026-01-01 10:00:00', 'europe/berlin', 'utc') a, CONVERT_TZ('2026-01-01 10:00:00', 'Nowhere/Town', 'UTC') b, CONVERT_TZ(NULL, 'UTC', '+01:00') c, CONVERT_TZ('2026-01-01 10:00:00', NULL, 'UTC') d, CONVERT_TZ('2026-01-01', '+00:00', '+01:00') e, CONVERT_TZ('2026-07-01 12:00:00', 'Australia/Lord_Howe', 'Asia/Kolkata') f;
DROP TABLE IF EXISTS compat_tz;
CREATE TABLE compat_tz (id INT PRIMARY KEY, at DATETIME);
INSERT INTO compat_tz VALUES (1, '2026-03-29 00:59:59'), (2, '2026-03-29 01:00:00'), (3, '2026-03-29 01:30:00'), (4, '2026-03-29 02:15:00'), (5, '2026-10-25 00:59:59'), (6, '2026-10-25 01:00:00'), (7, '2026-10-25 02:30:00'), (8, '2026-03-08 06:59:59'), (9, '2026-03-08 07:00:00'), (10, '2026-11-01 05:30:00'), (11, NULL), (12, '2025-12-31 23:30:00'), (13, '2026-06-30 22:00:00'), (14, '1969-12-31 23:00:00'), (15, '2038-01-19 03:14:08');
SELECT id, CONVERT_TZ(at, 'UTC', 'Europe/Berlin') a, CONVERT_TZ(at, 'Europe/Berlin', 'UTC') b, CONVERT_TZ(at, '+00:00', 'America/New_York') c, CONVERT_TZ(at, 'America/New_York', '+05:30') d FROM compat_tz ORDER BY id;
SELECT DATE(CONVERT_TZ(at, 'UTC', 'Europe/Berlin')) a, HOUR(CONVERT_TZ(at, 'UTC', 'America/New_York')) b, COUNT(*) FROM compat_tz GROUP BY a, b ORDER BY a, b;
SELECT STR_TO_DATE(CONCAT(DATE_FORMAT(CONVERT_TZ(at, 'UTC', 'Europe/Berlin'), '%Y-%m'), '-01'), '%Y-%m-%d') m, COUNT(*) FROM compat_tz GROUP BY m ORDER BY m;
SELECT COUNT(*) FROM compat_tz WHERE CONVERT_TZ(at, 'UTC', 'Europe/Berlin') >= '2026-03-29 03:00:00';
SELECT DATE(CONVERT_TZ(ordered_at, 'UTC', 'Europe/Berlin')) d, COUNT(*), SUM(amount) FROM orders GROUP BY d ORDER BY d;

-- A TIME compared with a string reads the string as a TIME (GMS compared
-- them otherwise: TIME('08:00:00') > '12:00:00' was 1): orders after noon.
-- feature: function: TIME
SELECT TIME('2025-03-27 08:00:00') > '12:00:00' a, TIME('2025-03-27 08:00:00') < '12:00:00' b, TIME('08:00:00') > '12:00:00' c, TIME('2025-03-27 08:00:00') = '08:00:00' d, TIME('2025-03-27 13:00:00') BETWEEN '12:00:00' AND '14:00:00' e, '12:00' < TIME('2025-03-27 13:00:00') f, TIME('13:00:00') > 'abc' g;
SELECT TIME(ordered_at) >= '12:00:00' AS afternoon, COUNT(*), SUM(amount) FROM orders GROUP BY afternoon ORDER BY afternoon;
SELECT COUNT(*) FROM orders WHERE TIME(ordered_at) BETWEEN '09:00:00' AND '17:00:00';

-- Issue 19's scalar kernels (engine/exec: mathfn.go, castnum.go,
-- minmax.go, strbuild.go, intervalcol.go) over orders and edge values:
-- logarithms of 0 and negatives (NULL), square roots of negatives
-- (NULL), casts to DOUBLE and DECIMAL (rounded half away from zero,
-- clamped to the type), GREATEST/LEAST of integers, DECIMALs and
-- DOUBLEs (numbers with a DOUBLE compare as DOUBLEs), CONCAT_WS over
-- NULLs, REPLACE, LPAD/RPAD cutting and padding, intervals whose amount
-- is a column (months clamp to the month's end).
-- feature: function: LN, function: LOG, function: LOG2, function: LOG10, function: EXP, function: SQRT, function: POW, function: POWER, function: SIN, function: COS, function: TAN
DROP TABLE IF EXISTS compat_scalar;
CREATE TABLE compat_scalar (id INT PRIMARY KEY, at DATETIME, day DATE, n INT, amount DECIMAL(10,2), f DOUBLE, s VARCHAR(40));
INSERT INTO compat_scalar VALUES (1, '2024-01-31 23:59:59', '2024-01-31', 1, 10.25, 2.5, 'web'), (2, '2023-12-31 00:00:00', '2024-02-29', 0, 0.00, -1.5, 'store'), (3, '2000-02-29 12:00:00', '2000-03-31', -2, -7.77, 0, NULL), (4, NULL, NULL, NULL, NULL, NULL, 'app'), (5, '2026-05-31 08:30:00', '2026-08-31', 13, 99999999.99, 1e10, ''), (6, '1999-12-31 23:00:00', '1999-11-30', 7, 0.05, 0.125, 'éte'), (7, '2024-03-31 00:00:01', '2024-05-31', -1, 12.345, 3, 'web-app');
SELECT id, LN(amount) a, LOG10(n) b, LOG2(f) c, LOG(amount) d, LOG(2, n) e, LOG(n, 8) g, COUNT(*) FROM compat_scalar GROUP BY id, a, b, c, d, e, g ORDER BY id;
SELECT id, EXP(n) a, SQRT(amount) b, SQRT(f) c, POW(n, 2) d, POWER(ABS(amount), 0.5) e, POW(f, n) g, COUNT(*) FROM compat_scalar WHERE f <> 0 GROUP BY id, a, b, c, d, e, g ORDER BY id;
SELECT POWER(amount, 0.5) e, COUNT(*) FROM compat_scalar GROUP BY e;
SELECT EXP(n * 100) e, COUNT(*) FROM compat_scalar GROUP BY e;
SELECT POW(f, -1) e, COUNT(*) FROM compat_scalar GROUP BY e;
SELECT id, ROUND(SIN(amount), 9) a, ROUND(COS(n), 9) b, ROUND(TAN(f), 9) c, COUNT(*) FROM compat_scalar GROUP BY id, a, b, c ORDER BY id;
SELECT LN(amount + 1) > 2 AS k, COUNT(*) FROM orders GROUP BY k ORDER BY k;
SELECT ROUND(LOG10(quantity * amount), 4) AS k, COUNT(*) FROM orders GROUP BY k ORDER BY k;
-- feature: function: CAST
SELECT id, CAST(amount AS DOUBLE) a, CAST(n AS DOUBLE) b, CAST(amount AS DECIMAL(10,1)) c, CAST(n AS DECIMAL(5,2)) d, CAST(amount AS DECIMAL(4,1)) e, CAST(id AS DECIMAL(18,3)) g, COUNT(*) FROM compat_scalar GROUP BY id, a, b, c, d, e, g ORDER BY id;
SELECT CAST(amount AS DOUBLE) > 10 AS k, COUNT(*) FROM orders GROUP BY k ORDER BY k;
-- feature: function: GREATEST, function: LEAST
SELECT id, GREATEST(n, 2) a, LEAST(amount, 20) b, GREATEST(amount, n, 1.5) c, LEAST(f, n) d, GREATEST(f, amount) e, LEAST(s, 'store') g, COUNT(*) FROM compat_scalar GROUP BY id, a, b, c, d, e, g ORDER BY id;
SELECT LEAST(amount, 20) AS k, COUNT(*) FROM orders GROUP BY k ORDER BY k;
SELECT GREATEST(quantity, 2) AS k, COUNT(*) FROM orders GROUP BY k ORDER BY k;
-- feature: function: CONCAT_WS, function: REPLACE, function: LPAD, function: RPAD
SELECT id, CONCAT_WS('-', s, n, amount IS NULL) a, CONCAT_WS(', ', s) b, REPLACE(s, 'e', 'E') c, REPLACE(s, 'web', '') d, LPAD(n, 3, '0') e, RPAD(s, 4, 'xy') g, LPAD(s, 2, '') h, COUNT(*) FROM compat_scalar GROUP BY id, a, b, c, d, e, g, h ORDER BY id;
SELECT CONCAT_WS('-', channel, status) AS k, COUNT(*) FROM orders GROUP BY k ORDER BY k;
SELECT REPLACE(channel, 'e', 'E') AS k, LPAD(quantity, 3, '0') AS p, COUNT(*) FROM orders GROUP BY k, p ORDER BY k, p;
-- feature: function: DATE_ADD, function: DATE_SUB
SELECT id, DATE_ADD(at, INTERVAL n DAY) a, DATE_SUB(day, INTERVAL n WEEK) b, at + INTERVAL n HOUR c, at - INTERVAL n MINUTE d, DATE_ADD(at, INTERVAL n SECOND) e, DATE_ADD(day, INTERVAL n MONTH) g, DATE_SUB(at, INTERVAL n YEAR) h, day + INTERVAL n QUARTER i, COUNT(*) FROM compat_scalar GROUP BY id, a, b, c, d, e, g, h, i ORDER BY id;
SELECT DATE(DATE_ADD(ordered_at, INTERVAL quantity DAY)) AS k, COUNT(*) FROM orders GROUP BY k ORDER BY k;
DROP TABLE compat_scalar;

-- Expressions GMS evaluates over one column, once per dictionary entry
-- or integer value met (engine/exec/rowmemo.go), and EXTRACT of a date
-- unit, once per day.
-- feature: function: MD5, function: CONV, function: EXTRACT
SELECT MD5(channel) AS k, COUNT(*) FROM orders GROUP BY k ORDER BY k;
SELECT CONV(quantity, 10, 16) AS k, HEX(status) AS h, COUNT(*) FROM orders GROUP BY k, h ORDER BY k, h;
SELECT EXTRACT(WEEK FROM ordered_at) AS w, EXTRACT(YEAR_MONTH FROM ordered_at) AS ym, EXTRACT(HOUR FROM ordered_at) AS h, COUNT(*) FROM orders GROUP BY w, ym, h ORDER BY w, ym, h;

-- A derived table of literals in a UNION: its column has the UNION's
-- type, not its first branch's (GMS clamped 200 to a TINYINT's 127).
-- feature: clause: UNION
SELECT v FROM (SELECT 10 v UNION ALL SELECT 200) t;
SELECT t.v, COUNT(*) FROM (SELECT 10 v UNION ALL SELECT 200 UNION ALL SELECT 70000) t GROUP BY t.v ORDER BY t.v;
SELECT b.k, COUNT(*) FROM (SELECT 0 k UNION ALL SELECT 50 UNION ALL SELECT 500) b JOIN orders o ON o.amount >= b.k GROUP BY b.k ORDER BY b.k;
