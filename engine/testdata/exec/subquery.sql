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
