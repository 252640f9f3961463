# A decorrelated subquery whose outer rows are all at hand (an
# aggregate's result) runs its inner scan restricted to the outer keys'
# range: o.oid = id/3 rises through every segment, so the inner scan
# skips segments and narrows the others. Keys at both ends, keys without
# inner rows, NULL keys, an empty outer side, and a subquery under a
# plain scan (not restricted).
-- compiled
SELECT x.k, x.n, (SELECT MAX(o2.amount) FROM o o2 WHERE o2.oid = x.k AND o2.qty > 0) AS m FROM (SELECT oid AS k, COUNT(*) AS n FROM o WHERE oid BETWEEN 100 AND 140 GROUP BY oid) x

-- compiled
SELECT x.k, (SELECT COUNT(*) FROM o o2 WHERE o2.oid = x.k) AS c, (SELECT SUM(o3.qty) FROM o o3 WHERE o3.oid = x.k + 1) AS s FROM (SELECT oid AS k FROM o WHERE oid > 1780 GROUP BY oid) x

-- compiled
SELECT x.cid, x.n, (SELECT MIN(o2.at) FROM o o2 WHERE o2.oid = x.cid) AS first_at FROM (SELECT cid, COUNT(*) AS n FROM o GROUP BY cid) x

-- compiled
SELECT x.k, (SELECT MAX(o2.amount) FROM o o2 WHERE o2.oid = x.k) AS m FROM (SELECT oid AS k FROM o WHERE oid < 0 GROUP BY oid) x

-- compiled
SELECT c.cid, (SELECT COUNT(*) FROM o o2 WHERE o2.oid = c.cid) AS n FROM c WHERE c.cid < 40

-- compiled
SELECT s.segment, s.lo, (SELECT COUNT(*) FROM o o2 WHERE o2.oid = s.lo) AS at_lo FROM (SELECT segment, MIN(cid) AS lo FROM c GROUP BY segment) s

# the outer rows are a sort's (ORDER BY … LIMIT over the aggregate): the
# range is taken over every row the sort holds
-- compiled
-- ordered
WITH x AS (SELECT oid AS k, COUNT(*) AS n FROM o WHERE oid BETWEEN 100 AND 400 GROUP BY oid) SELECT x.k, x.n, (SELECT MAX(o2.amount) FROM o o2 WHERE o2.oid = x.k AND o2.qty > 0) AS m FROM x ORDER BY x.n DESC, x.k LIMIT 9
