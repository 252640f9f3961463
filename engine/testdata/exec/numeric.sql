# Comparisons across numeric layouts, derived tables' wide DECIMALs and
# integer group keys of every density (same rules as queries.sql).
# A DECIMAL against an integer, a DECIMAL of another scale and a DOUBLE:
# compared exactly on scaled values (doubles as doubles), NULLs unknown.
-- compiled
SELECT COUNT(*), SUM(amount > 20), SUM(amount <= 19.995), SUM(amount = 100.5), SUM(amount >= score), SUM(qty < 2.5), SUM(score > 10) FROM o

-- compiled
SELECT channel, COUNT(*) FROM o WHERE amount BETWEEN 50 AND 99.999 OR amount < -10 GROUP BY channel

# Buckets over a derived table's exact sums: the group's DECIMAL value is
# carried as the inner HashAggregate computed it (GMS types it wider).
-- compiled
SELECT CASE WHEN total < 20 THEN '0-20' WHEN total < 250.5 THEN '20-250' ELSE '250+' END AS bucket, COUNT(*), SUM(total), MIN(total), MAX(total) FROM (SELECT oid, SUM(amount) AS total FROM o WHERE status = 'valid' GROUP BY oid) t GROUP BY CASE WHEN total < 20 THEN '0-20' WHEN total < 250.5 THEN '20-250' ELSE '250+' END

-- compiled
SELECT oid, total FROM (SELECT oid, SUM(amount) AS total FROM o GROUP BY oid) t WHERE total > 900 ORDER BY oid

# Integer keys dense (oid), sparse (big) and negative (qty - 1000): the
# HashAggregate's dense index and its hash table answer alike.
-- compiled
SELECT oid, COUNT(*), COUNT(DISTINCT cid), SUM(qty) FROM o GROUP BY oid

-- compiled
SELECT big, COUNT(*), COUNT(DISTINCT oid) FROM o GROUP BY big

-- compiled
SELECT qty - 1000 AS k, COUNT(*), MAX(at) FROM o GROUP BY qty - 1000

# Unsigned integers against signed numbers and DECIMALs: GMS types 250
# TINYINT UNSIGNED and RANK() BIGINT UNSIGNED; a BIGINT UNSIGNED past
# every int64 is greater than any of them.
-- compiled
SELECT COUNT(*), SUM(amount < 250), SUM(amount >= 200), SUM(qty < 250), SUM(big > 5), SUM(big < -1), SUM(big >= 9223372036854775807), SUM(big > amount), SUM(score < 200) FROM o

-- compiled
SELECT CASE WHEN total < 20 THEN 'a' WHEN total < 250 THEN 'b' ELSE 'c' END AS bucket, COUNT(*) FROM (SELECT oid, SUM(amount) AS total FROM o GROUP BY oid) t GROUP BY CASE WHEN total < 20 THEN 'a' WHEN total < 250 THEN 'b' ELSE 'c' END

-- ordered
SELECT channel, n, rnk FROM (SELECT channel, COUNT(*) AS n, RANK() OVER (ORDER BY COUNT(*) DESC) AS rnk FROM o GROUP BY channel) r WHERE rnk <= 2 ORDER BY rnk, channel

# % and MOD() over integers and DECIMALs (GMS types them DECIMAL): the
# dividend's sign, MOD by zero NULL; unary minus; an integer or DECIMAL
# beside a DOUBLE read as a double.
-- compiled
SELECT cid % 7 AS m, -cid % 4 AS k, MOD(amount, 3) AS a3, MOD(amount, 0.7) AS a7, MOD(qty, 0) AS z, COUNT(*) FROM o GROUP BY 1, 2, 3, 4, 5

-- compiled
SELECT -amount AS na, -qty AS nq, -(score * 2) AS ns, qty * 1.5e0 + amount AS d, amount * score AS p, COUNT(*) FROM o GROUP BY 1, 2, 3, 4, 5

# ROUND and TRUNCATE as MySQL types them (package mysqlfn): a DOUBLE
# rounds half to even, an integer to a power of ten; both run row by row
# in the executor. A DECIMAL result stays with GMS's executor.
-- compiled
SELECT channel, SUM(ROUND(score, 1)), SUM(TRUNCATE(score, -1)), SUM(ROUND(qty, -1)), SUM(TRUNCATE(qty * 7, -1)), MIN(TRUNCATE(score, 0)), MAX(ROUND(score)) FROM o GROUP BY channel

SELECT ROUND(amount, 1) r, TRUNCATE(amount, -1) t, TRUNCATE(amount, 0) u, COUNT(*) FROM o GROUP BY r, t, u

# VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP (and their other names) of
# DECIMAL, DOUBLE and integer arguments, per group and over all rows:
# the oracle is their definition in plain SQL over doubles, rounded (the
# two sums differ in the last bits); a group of one row has a
# population variance of 0 and no sample variance.
-- compiled
-- equals: SELECT channel, ROUND(GREATEST(SUM((amount+0e0)*(amount+0e0)) - SUM(amount+0e0)*SUM(amount+0e0)/COUNT(amount), 0)/COUNT(amount), 4), ROUND(GREATEST(SUM((amount+0e0)*(amount+0e0)) - SUM(amount+0e0)*SUM(amount+0e0)/COUNT(amount), 0)/(COUNT(amount)-1), 4), ROUND(SQRT(GREATEST(SUM(score*score) - SUM(score)*SUM(score)/COUNT(score), 0)/COUNT(score)), 6), ROUND(SQRT(GREATEST(SUM((qty+0e0)*qty) - SUM(qty+0e0)*SUM(qty)/COUNT(qty), 0)/(COUNT(qty)-1)), 6) FROM o GROUP BY channel
SELECT channel, ROUND(VAR_POP(amount), 4), ROUND(VAR_SAMP(amount), 4), ROUND(STDDEV(score), 6), ROUND(STDDEV_SAMP(qty), 6) FROM o GROUP BY channel

-- compiled
-- equals: SELECT cid, COUNT(amount), ROUND(GREATEST(SUM((amount+0e0)*(amount+0e0)) - SUM(amount+0e0)*SUM(amount+0e0)/COUNT(amount), 0)/COUNT(amount), 4), ROUND(SQRT(GREATEST(SUM((amount+0e0)*(amount+0e0)) - SUM(amount+0e0)*SUM(amount+0e0)/COUNT(amount), 0)/(COUNT(amount)-1)), 4) FROM o WHERE cid < 40 GROUP BY cid
SELECT cid, COUNT(amount), ROUND(VARIANCE(amount), 4), ROUND(STDDEV_SAMP(amount), 4) FROM o WHERE cid < 40 GROUP BY cid

-- compiled
SELECT ROUND(STD(amount), 6), ROUND(VAR_SAMP(qty), 6), ROUND(STDDEV_POP(big) / 1e12, 2) FROM o WHERE status = 'valid'

-- compiled
SELECT STDDEV_POP(amount), VAR_SAMP(amount) FROM o WHERE cid = -1

# SUM and AVG of DISTINCT values: each (group, value) pair once; the
# oracle sums the distinct pairs of a derived table. MIN and MAX ignore
# DISTINCT.
-- compiled
-- equals: SELECT cid, SUM(amount), AVG(amount), SUM(qty), COUNT(*) FROM (SELECT DISTINCT cid, amount, NULL AS qty FROM o UNION ALL SELECT DISTINCT cid, NULL, qty FROM o) t GROUP BY cid
SELECT cid, SUM(DISTINCT amount), AVG(DISTINCT amount), SUM(DISTINCT qty), COUNT(DISTINCT amount) + COUNT(DISTINCT qty) + (MAX(amount IS NULL)) + MAX(qty IS NULL) FROM o GROUP BY cid

-- compiled
SELECT status, SUM(DISTINCT qty), AVG(DISTINCT score), MIN(DISTINCT amount), MAX(DISTINCT at), COUNT(*) FROM o GROUP BY status

-- compiled
-- equals: SELECT SUM(amount), AVG(amount) FROM (SELECT DISTINCT amount FROM o WHERE channel = 'web') t
SELECT SUM(DISTINCT amount), AVG(DISTINCT amount) FROM o WHERE channel = 'web'

# ROUND and TRUNCATE with constant places: DECIMALs half away from zero
# (negative amounts too) at the result's scale, to tens, and past their
# scale; DOUBLEs half to even (score ends in .5); integers to tens; over
# aggregates.
-- compiled
SELECT id, ROUND(amount, 1), ROUND(amount), ROUND(amount, -1), ROUND(amount, -2), TRUNCATE(amount, 1), TRUNCATE(amount, -1), ROUND(amount, 5), ROUND(score), ROUND(score, -1), TRUNCATE(score, 0), ROUND(qty, -1), TRUNCATE(qty - 5, -1), ROUND(qty / 3, 2), ROUND(amount * 1.19, 2) FROM o WHERE id < 400 GROUP BY id

-- compiled
SELECT channel, ROUND(AVG(amount), 2), ROUND(SUM(amount) / COUNT(*), 1), TRUNCATE(AVG(score), 3), ROUND(STDDEV(amount), 2) FROM o GROUP BY channel

-- compiled
SELECT ROUND(amount, 0) AS r, COUNT(*) FROM o GROUP BY ROUND(amount, 0) HAVING COUNT(*) > 20

# CAST to SIGNED and UNSIGNED of integers (their bits: a negative to
# UNSIGNED wraps, an unsigned past BIGINT to SIGNED is negative) and of
# DECIMALs (half away from zero, negative amounts too): WITH ROLLUP's
# keys are such casts (its rewrite is the server's: server/difftest
# checks it against MariaDB).
-- compiled
SELECT id, CAST(qty AS SIGNED), CAST(qty - 2 AS UNSIGNED), CAST(big AS SIGNED), CAST(amount AS SIGNED), CAST(amount * 3 AS SIGNED), CAST(cid AS UNSIGNED) FROM o WHERE id < 300 GROUP BY id

# A read-once rollup's merged levels (server/rollup_once.go): sums of a
# derived table's exact sums cast back to their SUM's DECIMAL (wider than
# a scaled int64's 18 digits: carried), and an AVG as the sum over the
# count cast to the AVG's DECIMAL (the quotient rounded at the dividend's
# scale + 4; GMS types a division inside a cast at 9 decimals).
-- compiled
SELECT channel, CAST(SUM(s) AS DECIMAL(34,2)), CAST(SUM(s) / CAST(SUM(c) AS SIGNED) AS DECIMAL(16,6)), CAST(SUM(q) / CAST(SUM(c) AS SIGNED) AS DECIMAL(14,4)), CAST(SUM(c) AS SIGNED) FROM (SELECT channel, status, SUM(amount) AS s, SUM(qty) AS q, COUNT(amount) AS c FROM o GROUP BY channel, status) t GROUP BY channel

# CAST to SIGNED and UNSIGNED of DOUBLEs (score is n.5: rounded half to
# even, as MySQL's rint) and of negative DOUBLEs and DECIMALs to UNSIGNED
# (the signed value's 64 bits, MySQL 8's answer; mysqlfn.IntCast); a
# string's integer prefix stays row by row.
-- compiled
SELECT id, CAST(score AS SIGNED), CAST(-score AS SIGNED), CAST(score * 1e17 AS SIGNED), CAST(score - 40 AS UNSIGNED), CAST(amount - 100 AS UNSIGNED) FROM o WHERE id < 300 GROUP BY id

SELECT id, CAST(status AS SIGNED), CAST(CONCAT(qty, '.5x') AS SIGNED), CAST(CONCAT('-', qty, '.5') AS UNSIGNED) FROM o WHERE id < 100

# FLOOR and CEIL (package mysqlfn: typed as MariaDB/MySQL type them) of
# DECIMALs with NULLs and negatives, of DECIMAL quotients (truncated at
# their internal digits, then floored; by a column with zeros: NULL and
# warning 1365), of DOUBLEs and integers: value buckets without a DECIMAL
# value per row.
-- compiled
SELECT FLOOR(amount / 10) * 10 AS bucket, CEIL(amount) AS c, FLOOR(-amount) AS f, COUNT(*) FROM o GROUP BY 1, 2, 3

-- compiled
SELECT FLOOR(amount / 7) AS a, CEILING(amount / -3) AS b, FLOOR(amount / qty) AS q, FLOOR(qty / 4) AS i, FLOOR(score) AS s, CEIL(score / 2) AS t, FLOOR(cid) AS k, COUNT(*) FROM o GROUP BY 1, 2, 3, 4, 5, 6, 7

# SUM of DECIMAL quotients: each row's quotient truncated at MySQL's
# internal digits (18 for two DECIMAL(p,2), 9 over an integer), added in
# 128 bits, the sum rounded to the result's scale once; negative and NULL
# amounts, divisors with zeros (NULL quotients, warning 1365), integers
# over integers; AVG rounded at the quotient's scale + 4.
-- compiled
SELECT channel, AVG(amount / 1.19) AS aa, AVG(qty / 3) AS ac, AVG(amount / qty) AS ad, AVG(-amount / 7) AS an, SUM(amount / 1.19) AS a, SUM(amount / 10) AS b, SUM(qty / 3) AS c, SUM(amount / qty) AS d, SUM(amount / (qty - qty)) AS z, SUM(-amount / 7.3) AS n, COUNT(*) FROM o GROUP BY channel

-- compiled
SELECT SUM(amount / 0.07), SUM(id / 7), SUM(cid / 3.000) FROM o

# Sums of DECIMAL products wider than 18 digits (amount × an 8-decimal
# rate, amount × amount, amount × a BIGINT): exact 128-bit products at
# the scale sa + sb, NULL operands skipped, AVG at that scale + 4.
-- compiled
SELECT channel, SUM(amount * 1.23456789) AS a, AVG(amount * 1.23456789) AS aa, SUM(amount * amount) AS b, SUM(-amount * cid) AS c, ROUND(SUM(amount * 0.00012345), 2) AS r, COUNT(*) FROM o GROUP BY channel

-- compiled
SELECT SUM(amount * 1.23456789), AVG(-amount * 7.00000001) FROM o WHERE status = 'valid'

# Ties: a group of two quotients at 9 digits whose sum is odd averages to
# a 5 in its ninth decimal (0.333333333 + 0.666666666 -> 0.50000000).
-- compiled
SELECT cid, AVG(qty / 3), AVG(amount / 7), COUNT(*) FROM o GROUP BY cid

SELECT channel, AVG(DISTINCT amount / 3), SUM(DISTINCT amount / 3), SUM(big / 7) FROM o GROUP BY channel

# IN with expressions in its list: x = a OR x = b (the same three-valued
# answer when all are numbers or all strings); FLOOR and CEIL of a BIGINT
# quotient, typed DECIMAL(n+1,0) as MariaDB types it, carried in int64s:
# the median's rows.
-- compiled
SELECT AVG(amount), COUNT(*) FROM (SELECT amount, ROW_NUMBER() OVER (ORDER BY amount, id) rn, COUNT(*) OVER () n FROM o) t WHERE rn IN (FLOOR((n + 1) / 2), CEIL((n + 1) / 2))

-- compiled
SELECT COUNT(*), SUM(qty IN (cid % 7, qty + 0, NULL)), SUM(channel IN (status, LOWER('WEB'))), SUM(qty NOT IN (cid % 5, 2)) FROM o

-- compiled
SELECT FLOOR((cid + 1) / 2) AS f, CEIL((cid * 3) / 7) AS c, COUNT(*) FROM o GROUP BY f, c

# Over an unsigned column (values past the int64) the quotient stays GMS's.
SELECT FLOOR((big + 1) / 2) AS f, COUNT(*) FROM o GROUP BY f

# A CASE over an aggregate's wide DECIMAL (SUM of DECIMAL(12,2) is
# DECIMAL(34,2)) carries its values as scaled int64s, typed as MySQL
# types the CASE.
-- compiled
SELECT status, SUM(CASE WHEN revenue > 500 THEN revenue ELSE 0 END) AS top, MIN(CASE WHEN n > 3 THEN revenue END) AS m, MAX(CASE WHEN n > 1 THEN revenue ELSE 0.5 END) AS x FROM (SELECT status, cid, SUM(amount) AS revenue, COUNT(*) AS n FROM o GROUP BY status, cid) t GROUP BY status

-- compiled
SELECT CASE WHEN s > 100 THEN s WHEN s < 0 THEN 1 ELSE NULL END AS k, COUNT(*) FROM (SELECT cid, SUM(amount) AS s FROM o GROUP BY cid) t GROUP BY k
