# COUNT(DISTINCT ...) without GROUP BY of several arguments or of a
# string runs as the count of its arguments' groups that hold no NULL
# (exec/distinct_groups.go): NULLs in one argument or both, strings,
# DATEs and DOUBLEs beside integers, an alias, a filter that keeps no
# row (0, as COUNT answers), inside a derived table and a subquery.
-- compiled
SELECT COUNT(DISTINCT cid, channel) FROM o

-- compiled
SELECT COUNT(DISTINCT cid, qty) AS pairs FROM o WHERE status = 'valid'

-- compiled
SELECT COUNT(DISTINCT channel) FROM o

-- compiled
SELECT COUNT(DISTINCT status, channel, day) FROM o

-- compiled
SELECT COUNT(DISTINCT score, amount) FROM o

-- compiled
SELECT COUNT(DISTINCT cid, channel) FROM o WHERE id < 0

-- compiled
SELECT COUNT(DISTINCT segment) FROM c

-- compiled
SELECT x.n FROM (SELECT COUNT(DISTINCT cid, amount) AS n FROM o WHERE qty > 2) x

-- compiled
SELECT c.segment, (SELECT COUNT(DISTINCT o.channel, o.status) FROM o) AS combos FROM c WHERE c.cid < 3 ORDER BY c.segment

-- compiled
SELECT COUNT(DISTINCT CONCAT(cid, '-', channel)) FROM o
