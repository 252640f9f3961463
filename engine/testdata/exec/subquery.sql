# Uncorrelated scalar subqueries: run once, then constants (the same
# rules as queries.sql).
-- compiled
SELECT channel, COUNT(*), SUM(amount) FROM o WHERE at >= (SELECT MAX(at) FROM o) - INTERVAL 90 DAY GROUP BY channel

-- compiled
SELECT channel, SUM(amount) / (SELECT SUM(x.amount) FROM o x WHERE x.status = 'valid') AS share, COUNT(*) FROM o GROUP BY channel

-- compiled
SELECT status, COUNT(*) FROM o WHERE amount > (SELECT AVG(amount) FROM o WHERE status = 'valid') GROUP BY status

# A subquery with no row is NULL: nothing compares true.
-- compiled
SELECT COUNT(*), SUM(qty > (SELECT qty FROM o WHERE id < 0)) FROM o GROUP BY channel

-- compiled
SELECT c.segment, COUNT(*) FROM c JOIN o ON o.cid = c.cid WHERE o.day > (SELECT MIN(since) FROM c) GROUP BY c.segment

# Joins on a join's build side (left to GMS for now: buildSideJoins in
# compile.go): EXISTS and NOT EXISTS together, nested IN.
SELECT c.segment, COUNT(*) FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.status = 'cancelled') AND NOT EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.channel = 'app') GROUP BY c.segment

SELECT o.channel, COUNT(*) FROM o WHERE o.cid IN (SELECT c.cid FROM c JOIN o o2 ON o2.cid = c.cid WHERE c.segment = 'gold' AND o2.qty > 3) GROUP BY o.channel

SELECT c.segment, COUNT(*), SUM(o.amount) FROM o JOIN (c JOIN o o2 ON o2.cid = c.cid AND o2.status = 'returned') ON c.cid = o.cid GROUP BY c.segment

# A RIGHT JOIN turned around puts a join on the build side without
# shifting its indexes: each column is checked by name. Over o (5400
# rows) both sides re-run the LEFT JOIN's lookups for every row of c2
# (minutes), so make test asks it over dt (192 rows, 57 matched) and
# make test-long over o.
SELECT AVG(ROUND(d0.amount, 1)), COUNT(*), COUNT(d0.id), COUNT(c1.cid) FROM dt d0 LEFT JOIN c c1 ON d0.id = c1.cid RIGHT JOIN c c2 ON d0.id = c2.cid AND c2.segment IS NULL

-- long
SELECT AVG(ROUND(o0.amount, 1)), COUNT(*) FROM o o0 LEFT JOIN c c1 ON o0.cid = c1.cid RIGHT JOIN c c2 ON o0.cid = c2.cid AND c2.segment IS NULL

SELECT c2.segment, COUNT(o0.id) FROM o o0 JOIN c c1 ON o0.cid = c1.cid RIGHT JOIN c c2 ON o0.cid = c2.cid GROUP BY c2.segment

# A row IN a subquery, (a, b) IN (SELECT x, y ...), joins on the fields'
# equalities (MySQL's meaning of a row comparison); NOT IN of a row is
# left to GMS (its NULLs are not one NULL key's).
# GMS's row by row answer counts the NULL customer's first line, whose
# row (NULL, id) is not equal to itself in MySQL.
-- compiled
-- equals: SELECT COUNT(*), SUM(o.amount) FROM o JOIN (SELECT cid, MIN(id) AS m FROM o GROUP BY cid) x ON x.cid = o.cid AND x.m = o.id
SELECT COUNT(*), SUM(amount) FROM o WHERE (cid, id) IN (SELECT cid, MIN(id) FROM o GROUP BY cid)

# GMS's row by row answer counts rows whose NULL channel meets a NULL
# segment; a row with a NULL field is not IN (MySQL's row comparison).
-- compiled
-- equals: SELECT o.channel, COUNT(*) FROM o JOIN (SELECT DISTINCT cid, segment FROM c) c ON c.cid = o.cid AND c.segment = o.channel GROUP BY o.channel
SELECT o.channel, COUNT(*) FROM o WHERE (o.cid, o.channel) IN (SELECT c.cid, c.segment FROM c) GROUP BY o.channel

# An aggregate's alias in an IN subquery's select list: the first line
# of each customer's orders, and its lines (single and row IN).
-- compiled
SELECT COUNT(*), SUM(amount) FROM o WHERE id IN (SELECT MIN(id) FROM o GROUP BY cid)

-- compiled
-- equals: SELECT o.channel, COUNT(*) FROM o JOIN (SELECT cid, MAX(at) AS last FROM o WHERE status = 'valid' GROUP BY cid) x ON x.cid = o.cid AND x.last = o.at GROUP BY o.channel
SELECT channel, COUNT(*) FROM o WHERE (cid, at) IN (SELECT cid, MAX(at) AS last FROM o WHERE status = 'valid' GROUP BY cid) GROUP BY channel

-- compiled
SELECT status, COUNT(*) FROM o WHERE amount IN (SELECT MAX(amount) AS top FROM o GROUP BY channel HAVING COUNT(*) > 10) GROUP BY status

SELECT COUNT(*) FROM o WHERE (cid, channel) NOT IN (SELECT cid, channel FROM o WHERE qty > 2)

# NOT IN over an aggregating subquery: a NULL among its values (a group
# whose amounts are all NULL, the NULL cid's MIN) makes NOT IN NULL.
-- compiled
SELECT COUNT(*), SUM(amount) FROM o WHERE amount NOT IN (SELECT MAX(amount) FROM o GROUP BY cid)

-- compiled
SELECT COUNT(*) FROM o WHERE id NOT IN (SELECT MIN(id) FROM o WHERE cid > 5 GROUP BY cid)
