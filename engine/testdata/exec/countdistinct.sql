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

# COUNT(DISTINCT a, b, …) per group of integer-like columns whose ranges
# fit one word together is counted as packed words (distinct_pack.go):
# NULLs in either argument, negative values, DECIMALs, DATEs and
# DATETIMEs beside integers, three arguments; wider than a word (a
# DATETIME, an order and a customer) or of an unsigned column it stays
# a tuple set.
-- compiled
SELECT channel, COUNT(DISTINCT cid, oid) AS orders FROM o GROUP BY channel ORDER BY channel

-- compiled
SELECT status, COUNT(DISTINCT day, qty, cid) AS n, SUM(amount) FROM o GROUP BY status ORDER BY status

-- compiled
SELECT MONTH(at) AS m, COUNT(DISTINCT amount, cid) AS n FROM o WHERE status = 'valid' GROUP BY m ORDER BY m

-- compiled
SELECT cid, COUNT(DISTINCT at, cid) AS n, COUNT(DISTINCT qty, oid) AS k FROM o GROUP BY cid ORDER BY cid

-- compiled
SELECT channel, COUNT(DISTINCT at, oid, cid) AS n FROM o GROUP BY channel ORDER BY channel

-- compiled
SELECT channel, COUNT(DISTINCT big, cid) AS n FROM o GROUP BY channel ORDER BY channel

-- compiled
SELECT channel, COUNT(DISTINCT cid, oid) AS n FROM o WHERE id < 0 GROUP BY channel
