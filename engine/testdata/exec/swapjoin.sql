# Joins whose right input is estimated several times the left one build
# their hash table on the left and stream the right past it (swapJoin):
# c (350 customers, fewer after a filter) against o (about 5,300 lines).
# Every kind: inner, left (its unmatched rows after the probe), semi,
# anti; residual conditions in ON and WHERE; NULL keys on both sides
# (o.cid, c.segment, o.channel); duplicate keys on both sides.
-- compiled
SELECT c.segment, COUNT(*), SUM(o.amount), MAX(o.at) FROM c JOIN o ON o.cid = c.cid AND o.at >= c.since WHERE c.cid < 100 GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*), COUNT(o.id), SUM(o.qty) FROM c LEFT JOIN o ON o.cid = c.cid AND o.status = 'valid' AND o.day > c.since GROUP BY c.segment

-- compiled
SELECT COUNT(*), SUM(c.cid), COUNT(DISTINCT c.segment) FROM c LEFT JOIN o ON o.cid = c.cid AND o.qty > 3 WHERE o.id IS NULL

-- compiled
SELECT c.cid, c.segment, o.id, o.amount FROM c LEFT JOIN o ON o.cid = c.cid AND o.amount > 400 WHERE c.cid BETWEEN 20 AND 80

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.amount > 100) GROUP BY c.segment

# NOT EXISTS: GMS's own anti join answers it as NOT IN (a NULL o.cid
# would empty it), so the oracle asks with a COUNT subquery.
-- compiled
-- equals: SELECT c.segment, COUNT(*) FROM c WHERE (SELECT COUNT(*) FROM o WHERE o.cid = c.cid AND o.channel = 'app' AND o.qty >= 4) = 0 GROUP BY c.segment
SELECT c.segment, COUNT(*) FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.channel = 'app' AND o.qty >= 4) GROUP BY c.segment

-- compiled
SELECT COUNT(*), SUM(o.qty) FROM c JOIN o ON o.cid = c.cid WHERE o.qty < c.cid % 5

# NULL join keys on the built side (c.segment) and the streamed one
# (o.channel): NULL matches nothing, and a left join keeps c's rows.
-- compiled
SELECT c.segment, o.channel, COUNT(*) FROM c LEFT JOIN o ON o.channel = c.segment AND o.id < 200 WHERE c.cid < 40 GROUP BY c.segment, o.channel

# Duplicate keys on both sides: every pair.
-- compiled
SELECT o.status, COUNT(*), SUM(o.amount), COUNT(DISTINCT o.id), COUNT(DISTINCT c.cid) FROM c JOIN o ON o.status = CASE c.cid % 3 WHEN 0 THEN 'valid' WHEN 1 THEN 'returned' ELSE 'cancelled' END WHERE c.cid < 30 GROUP BY o.status

# No left row at all: the probe runs, the final pass emits nothing.
-- compiled
SELECT COUNT(*), COUNT(o.id) FROM c LEFT JOIN o ON o.cid = c.cid WHERE c.cid < 0

# A CTE read twice (a self-join) is computed once and shared; one that
# only filters a table is read twice.
-- compiled
-- long
WITH v AS (SELECT DISTINCT cid, oid, day FROM o WHERE status = 'valid') SELECT COUNT(DISTINCT a.cid), COUNT(*) FROM v a JOIN v b ON b.cid = a.cid AND b.day > a.day AND b.day <= a.day + INTERVAL 30 DAY

-- compiled
WITH f AS (SELECT cid, MIN(day) AS first_day FROM o GROUP BY cid) SELECT f1.first_day, COUNT(*) FROM f f1 JOIN f f2 ON f2.first_day = f1.first_day AND f2.cid < f1.cid GROUP BY f1.first_day

-- compiled
WITH w AS (SELECT cid, amount FROM o WHERE qty > 2) SELECT COUNT(*), SUM(a.amount) FROM w a JOIN w b ON a.cid = b.cid

# Built on the web returns, estimated from a sample (estimate.go).
-- compiled
SELECT a.channel, COUNT(*), COUNT(b.id), SUM(b.qty) FROM o a LEFT JOIN o b ON b.cid = a.cid AND b.status = 'valid' WHERE a.channel = 'web' AND a.status = 'returned' GROUP BY a.channel
