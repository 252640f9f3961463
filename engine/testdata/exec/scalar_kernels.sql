# Math kernels (exec/mathfn.go): DOUBLE out, each argument read as the
# DOUBLE GMS reads it; a logarithm of x <= 0 is NULL (warning 3020),
# a NaN or infinite result NULL (POW and EXP: error 1690, as MySQL). amount holds negatives, zeros and NULLs.
-- compiled
SELECT LN(amount + 1) > 2 AS k, COUNT(*) FROM o GROUP BY k

-- compiled
SELECT ROUND(LN(amount), 6) AS a, ROUND(LOG10(qty), 6) AS b, ROUND(LOG2(cid), 6) AS c, ROUND(LOG(score), 6) AS d, COUNT(*) FROM o GROUP BY a, b, c, d

-- compiled
SELECT ROUND(LOG(qty, amount), 6) AS a, ROUND(LOG(2, big), 3) AS b, ROUND(EXP(qty), 6) AS c, ROUND(EXP(amount), 2) AS e, COUNT(*) FROM o GROUP BY a, b, c, e

-- compiled
SELECT ROUND(SQRT(amount), 6) AS a, ROUND(POW(qty, 3), 6) AS b, ROUND(POWER(ABS(amount), 0.5), 6) AS c, ROUND(POW(score, qty), 6) AS d, COUNT(*) FROM o GROUP BY a, b, c, d

-- compiled
SELECT ROUND(SIN(amount), 6) AS a, ROUND(COS(qty), 6) AS b, ROUND(TAN(score), 6) AS c, COUNT(*) FROM o GROUP BY a, b, c

-- compiled
SELECT ROUND(LN(n), 6) AS a, ROUND(SQRT(n), 6) AS b, ROUND(POW(n, 3), 6) AS c, ROUND(POW(2, n), 6) AS d, COUNT(*) FROM dt GROUP BY a, b, c, d

# Numeric casts (exec/castnum.go): to DOUBLE and FLOAT from integers,
# DECIMALs and DOUBLEs; to DECIMAL(p, s) from integers and DECIMALs,
# rounded half away from zero, a value beyond the type clamped to its
# largest (mysqlfn.DecimalCast, MySQL's answer).
-- compiled
SELECT CAST(amount AS DOUBLE) > 10 AS k, COUNT(*) FROM o GROUP BY k

-- compiled
SELECT CAST(amount AS DOUBLE) AS a, CAST(qty AS DOUBLE) AS b, CAST(big AS DOUBLE) AS c, CAST(score AS DOUBLE) AS d, COUNT(*) FROM o GROUP BY a, b, c, d

-- compiled
SELECT CAST(amount AS FLOAT) AS a, CAST(cid AS FLOAT) AS b, COUNT(*) FROM o GROUP BY a, b

-- compiled
SELECT CAST(amount AS DECIMAL(10,1)) AS a, CAST(amount AS DECIMAL(14,4)) AS b, CAST(qty AS DECIMAL(5,2)) AS c, CAST(amount AS DECIMAL(4,1)) AS d, CAST(-amount AS DECIMAL(3,1)) AS e, COUNT(*) FROM o GROUP BY a, b, c, d, e

-- compiled
SELECT CAST(amount AS DECIMAL(3,1)) AS a, CAST(n AS DECIMAL(2,1)) AS b, CAST(id AS DECIMAL(18,2)) AS c, COUNT(*) FROM dt GROUP BY a, b, c

# GREATEST and LEAST (exec/minmax.go): integers and DECIMALs exactly at
# the result's scale, numbers with a DOUBLE as DOUBLEs, strings of a
# binary collation byte by byte; NULL when any argument is.
-- compiled
SELECT LEAST(amount, 20) AS k, COUNT(*) FROM o GROUP BY k

-- compiled
SELECT GREATEST(qty, 2) AS a, LEAST(qty, cid, 3) AS b, GREATEST(amount, qty, 1.5) AS c, LEAST(amount, -3.125) AS d, COUNT(*) FROM o GROUP BY a, b, c, d

-- compiled
SELECT GREATEST(score, qty) AS a, LEAST(score, amount) AS b, GREATEST(score, 2.5e0) AS c, COUNT(*) FROM o GROUP BY a, b, c

-- compiled
SELECT GREATEST(big, 5) AS a, LEAST(status, channel) AS b, GREATEST(status, 'r') AS c, COUNT(*) FROM o GROUP BY a, b, c

-- compiled
SELECT GREATEST(n, amount) AS a, LEAST(n, -1) AS b, LEAST(s, 'cpc') AS c, GREATEST(s, t) AS d, COUNT(*) FROM dt GROUP BY a, b, c, d

# CONCAT_WS, REPLACE, LPAD and RPAD (exec/strbuild.go): NULL arguments
# of CONCAT_WS skipped; REPLACE byte for byte; a pad cut to its length
# in characters, NULL for an empty pad that is needed.
-- compiled
SELECT CONCAT_WS('-', channel, status) AS k, COUNT(*) FROM o GROUP BY k

-- compiled
SELECT CONCAT_WS(', ', status, qty, channel, cid) AS a, CONCAT_WS('', channel, big) AS b, COUNT(*) FROM o GROUP BY a, b

-- compiled
SELECT CONCAT_WS('/', s, n, t) AS a, CONCAT_WS('é', s) AS b, COUNT(*) FROM dt GROUP BY a, b

-- compiled
SELECT REPLACE(channel, 'e', 'E') AS a, REPLACE(status, 'valid', '') AS b, REPLACE(status, '', 'x') AS c, COUNT(*) FROM o GROUP BY a, b, c

-- compiled
SELECT REPLACE(s, 'é', 'e') AS a, REPLACE(s, '_', '__') AS b, REPLACE(t, 'email', 'mail') AS c, COUNT(*) FROM dt GROUP BY a, b, c

-- compiled
SELECT LPAD(qty, 3, '0') AS a, RPAD(channel, 5, '*') AS b, LPAD(status, 4, 'ab') AS c, RPAD(cid, 0, 'x') AS d, COUNT(*) FROM o GROUP BY a, b, c, d

-- compiled
SELECT LPAD(s, 12, 'é.') AS a, RPAD(s, 3, '') AS b, LPAD(n, 2, '') AS c, RPAD(t, 7, '-') AS d, COUNT(*) FROM dt GROUP BY a, b, c, d

# An interval whose amount is a column (exec/intervalcol.go): each
# row's n units; a NULL amount is NULL; months clamp to the month's end.
-- compiled
SELECT DATE(DATE_ADD(at, INTERVAL qty DAY)) AS k, COUNT(*) FROM o GROUP BY k

-- compiled
SELECT at + INTERVAL qty HOUR AS a, DATE_SUB(at, INTERVAL qty MINUTE) AS b, at - INTERVAL qty SECOND AS c, DATE_ADD(day, INTERVAL qty WEEK) AS d, COUNT(*) FROM o GROUP BY a, b, c, d

-- compiled
SELECT DATE_ADD(at, INTERVAL n MONTH) AS a, day - INTERVAL n QUARTER AS b, DATE_ADD(day, INTERVAL n YEAR) AS c, day + INTERVAL n DAY AS d, DATE_ADD(at, INTERVAL n MICROSECOND) AS e, COUNT(*) FROM dt GROUP BY a, b, c, d, e

-- compiled
SELECT DATE_ADD(day, INTERVAL id * 100000 DAY) AS a, DATE_SUB(at, INTERVAL id * 1000 YEAR) AS b, COUNT(*) FROM dt GROUP BY a, b

# EXTRACT of a unit of the date (or the hour) is a day (hour) memo:
# GMS's own EXTRACT once per distinct day.
-- compiled
SELECT EXTRACT(WEEK FROM at) AS a, EXTRACT(YEAR_MONTH FROM at) AS b, EXTRACT(DAY FROM day) AS c, EXTRACT(DAY_HOUR FROM at) AS d, EXTRACT(QUARTER FROM day) AS e, COUNT(*) FROM dt GROUP BY a, b, c, d, e

-- compiled
SELECT EXTRACT(WEEK FROM at) AS a, EXTRACT(HOUR FROM at) AS b, EXTRACT(MINUTE FROM at) AS c, COUNT(*) FROM o GROUP BY a, b, c

# An expression GMS alone computes over one column is evaluated once per
# dictionary entry of a coded string column, and once per value met of
# an integer or date column (a per-worker cache): MD5(channel),
# CONV(qty, 10, 16), NULLs included.
-- compiled
SELECT MD5(channel) AS a, CONV(qty, 10, 16) AS b, HEX(status) AS c, BIN(cid) AS d, COUNT(*) FROM o GROUP BY a, b, c, d

-- compiled
SELECT SHA1(s) AS a, CONV(n, 10, 2) AS b, TO_BASE64(t) AS c, DAYNAME(day) AS d, COUNT(*) FROM dt GROUP BY a, b, c, d
