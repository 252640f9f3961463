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
