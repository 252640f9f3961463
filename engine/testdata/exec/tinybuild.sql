# A join without equality keys whose built table holds at most 16 rows
# is probed a build row at a time (exec/tinyjoin.go): the condition runs
# over the whole probe batch beside the row's broadcast values. Tier
# tables with NULL bounds and overlapping tiers (a row in two tiers),
# NULL probe values (o.amount), an empty build side, left joins whose
# probe rows no tier matches, conditions in ON and in WHERE, conditions
# that are no band (OR, arithmetic, strings), semi and anti joins, and
# builds of 16 and 17 rows either side of the choice.
-- compiled
SELECT t.tier, COUNT(*), SUM(o.amount) FROM o JOIN (SELECT 'small' AS tier, 0 AS lo, 50 AS hi UNION ALL SELECT 'medium', 50, 200 UNION ALL SELECT 'large', 200, 1000000) t ON o.amount >= t.lo AND o.amount < t.hi WHERE o.status = 'valid' GROUP BY t.tier

-- compiled
SELECT t.tier, COUNT(*), SUM(o.amount), MIN(o.id) FROM o JOIN (SELECT 'a' AS tier, 0 AS lo, 100 AS hi UNION ALL SELECT 'b', 50, 300 UNION ALL SELECT 'c', NULL, 200 UNION ALL SELECT 'd', 250, NULL UNION ALL SELECT NULL, 10, 20) t ON o.amount >= t.lo AND o.amount < t.hi GROUP BY t.tier

-- compiled
SELECT t.tier, COUNT(*), COUNT(o.amount), SUM(o.qty) FROM o, (SELECT 'a' AS tier, 0 AS lo, 100 AS hi UNION ALL SELECT 'b', 50, 300 UNION ALL SELECT 'c', 300, 400) t WHERE o.amount >= t.lo AND o.amount < t.hi AND o.channel = 'web' GROUP BY t.tier

-- compiled
SELECT t.tier, COUNT(*), COUNT(o.id), SUM(o.amount) FROM o LEFT JOIN (SELECT 'a' AS tier, 0 AS lo, 100 AS hi UNION ALL SELECT 'b', 50, 150 UNION ALL SELECT 'c', 300, NULL) t ON o.amount >= t.lo AND o.amount < t.hi GROUP BY t.tier

-- compiled
SELECT o.status, t.tier, COUNT(*), SUM(o.qty) FROM o LEFT JOIN (SELECT 'a' AS tier, 0 AS lo, 100 AS hi UNION ALL SELECT 'b', 100, 200) t ON o.amount >= t.lo AND o.amount < t.hi AND o.status = 'valid' GROUP BY o.status, t.tier

-- compiled
SELECT o.status, t.tier, COUNT(*), SUM(o.qty) FROM o LEFT JOIN (SELECT 'a' AS tier, 0 AS lo, 100 AS hi UNION ALL SELECT 'b', 100, 200) t ON o.amount >= t.lo AND o.amount < t.hi WHERE o.status = 'valid' GROUP BY o.status, t.tier

-- compiled
SELECT o.channel, COUNT(*), SUM(o.qty) FROM o LEFT JOIN (SELECT 'a' AS tier, 0 AS lo, 100 AS hi UNION ALL SELECT 'b', 100, 200) t ON o.amount >= t.lo AND o.amount < t.hi WHERE t.tier IS NULL GROUP BY o.channel

# An empty build side: no pairs, every probe row unmatched.
-- compiled
SELECT COUNT(*), SUM(o.qty) FROM o JOIN (SELECT 'a' AS tier, 0 AS lo, 100 AS hi FROM c WHERE c.cid < 0) t ON o.amount >= t.lo AND o.amount < t.hi

-- compiled
SELECT t.tier, COUNT(*), SUM(o.qty) FROM o LEFT JOIN (SELECT segment AS tier, cid AS lo, cid + 50 AS hi FROM c WHERE c.cid < 0) t ON o.amount >= t.lo AND o.amount < t.hi GROUP BY t.tier

-- compiled
SELECT COUNT(*), SUM(o.qty) FROM o LEFT JOIN e ON o.qty > e.v GROUP BY o.status

# Conditions that are no band: an OR over build values, arithmetic,
# strings compared with a build row's text, a CASE-like bucket table.
-- compiled
SELECT t.k, COUNT(*), SUM(o.amount) FROM o JOIN (SELECT 1 AS k, 'web' AS ch, 2 AS m UNION ALL SELECT 2, 'app', 3 UNION ALL SELECT 3, NULL, 1) t ON (o.channel = t.ch OR t.ch IS NULL) AND o.qty * t.m > 4 GROUP BY t.k

-- compiled
SELECT t.k, COUNT(*), COUNT(o.channel) FROM o LEFT JOIN (SELECT 1 AS k, 'store' AS ch UNION ALL SELECT 2, 'app' UNION ALL SELECT 3, NULL) t ON o.channel <> t.ch GROUP BY t.k

-- compiled
SELECT t.bucket, COUNT(*), SUM(o.qty) FROM o JOIN (SELECT 'none' AS bucket, NULL AS lo, 0 AS hi UNION ALL SELECT 'few', 1, 2 UNION ALL SELECT 'some', 3, 4 UNION ALL SELECT 'many', 5, 99) t ON o.qty BETWEEN t.lo AND t.hi GROUP BY t.bucket

# A calendar of a few date ranges; DATETIME values against DATE bounds.
-- compiled
SELECT q.name, COUNT(*), SUM(o.amount), MAX(q.starts) FROM o JOIN (SELECT 'h1' AS name, DATE '2024-01-01' AS starts, DATE '2024-07-01' AS ends UNION ALL SELECT 'q3', DATE '2024-07-01', DATE '2024-10-01' UNION ALL SELECT 'late', DATE '2024-09-15', DATE '2025-01-01') q ON o.at >= q.starts AND o.at < q.ends GROUP BY q.name

-- compiled
SELECT q.name, COUNT(*), COUNT(o.day) FROM o LEFT JOIN (SELECT 'early' AS name, DATE '2023-01-01' AS starts, DATE '2023-03-31' AS ends UNION ALL SELECT 'mid', DATE '2023-05-01', DATE '2023-06-30') q ON o.day BETWEEN q.starts AND q.ends GROUP BY q.name

# Semi and anti joins against ten customers' ranges.
-- compiled
SELECT o.status, COUNT(*), SUM(o.qty) FROM o WHERE EXISTS (SELECT 1 FROM c WHERE c.cid < 30 AND o.amount >= c.cid * 5 AND o.amount < c.cid * 5 + 20) GROUP BY o.status

-- compiled
-- equals: SELECT o.status, COUNT(*), SUM(o.qty) FROM o WHERE (SELECT COUNT(*) FROM c WHERE c.cid < 30 AND o.amount >= c.cid * 5 AND o.amount < c.cid * 5 + 20) = 0 GROUP BY o.status
SELECT o.status, COUNT(*), SUM(o.qty) FROM o WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.cid < 30 AND o.amount >= c.cid * 5 AND o.amount < c.cid * 5 + 20) GROUP BY o.status

# 16 build rows (per row) and 17 (the band index), with columns of
# every kind carried to the output.
-- compiled
SELECT c.segment, COUNT(*), SUM(o.amount), MIN(c.since), MAX(c.email) FROM o LEFT JOIN c ON o.amount >= c.cid * 10 AND o.amount < c.cid * 10 + 15 AND c.cid < 36 GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*), SUM(o.amount), MIN(c.since), MAX(c.email) FROM o LEFT JOIN c ON o.amount >= c.cid * 10 AND o.amount < c.cid * 10 + 15 AND c.cid < 37 GROUP BY c.segment

-- compiled
SELECT t.tier, t.lo, COUNT(*), SUM(o.amount), MAX(o.at) FROM o JOIN (SELECT 'a' AS tier, 1.5 AS lo UNION ALL SELECT 'b', 400.25) t ON o.amount < t.lo GROUP BY t.tier, t.lo

# A tiny left input under a much larger right one is built on
# (swapJoin) and met a row at a time by each right batch: tiers that
# keep their empty ones, a LEFT JOIN whose ON filters the right side,
# semi and anti joins of a few customers' ranges, 16 rows and 17.
-- compiled
SELECT t.tier, COUNT(*), COUNT(o.id), SUM(o.amount) FROM (SELECT 'none' AS tier, -100 AS lo, -50 AS hi UNION ALL SELECT 'a', 0, 100 UNION ALL SELECT 'b', 50, 250 UNION ALL SELECT 'c', NULL, 500 UNION ALL SELECT 'd', 300, NULL) t LEFT JOIN o ON o.amount >= t.lo AND o.amount < t.hi GROUP BY t.tier

-- compiled
SELECT t.tier, COUNT(*), COUNT(o.id), MAX(o.channel) FROM (SELECT 'a' AS tier, 0 AS lo, 100 AS hi, 'web' AS ch UNION ALL SELECT 'b', 100, 250, 'app' UNION ALL SELECT 'c', 250, 480, NULL) t LEFT JOIN o ON o.amount >= t.lo AND o.amount < t.hi AND o.channel <> t.ch AND o.status = 'valid' GROUP BY t.tier

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE c.cid < 30 AND EXISTS (SELECT 1 FROM o WHERE o.amount >= c.cid * 5 AND o.amount < c.cid * 5 + 3) GROUP BY c.segment

-- compiled
-- equals: SELECT c.segment, COUNT(*) FROM c WHERE c.cid < 30 AND (SELECT COUNT(*) FROM o WHERE o.amount >= c.cid * 5 AND o.amount < c.cid * 5 + 3) = 0 GROUP BY c.segment
SELECT c.segment, COUNT(*) FROM c WHERE c.cid < 30 AND NOT EXISTS (SELECT 1 FROM o WHERE o.amount >= c.cid * 5 AND o.amount < c.cid * 5 + 3) GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*), COUNT(o.id), SUM(o.amount) FROM c LEFT JOIN o ON o.amount >= c.cid * 10 AND o.amount < c.cid * 10 + 15 WHERE c.cid < 36 GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*), COUNT(o.id), SUM(o.amount) FROM c LEFT JOIN o ON o.amount >= c.cid * 10 AND o.amount < c.cid * 10 + 15 WHERE c.cid < 37 GROUP BY c.segment
