# Joins whose condition bounds a probe value by build values run as
# band joins (exec/band.go): each key's build rows sorted by one bound,
# a probe row meeting only those it can pass. Without an equality (a
# literal tier table, ranges over c) and with one (per customer);
# bounds of both directions, strict and not, BETWEEN; NULL bounds and
# NULL probe values (o.amount, dt.day); tiers that do not overlap (the
# second bound prunes too) and ranges that do; a DECIMAL probe against
# integer bounds; DATEs; DOUBLEs; left, semi and anti joins.
-- compiled
SELECT t.tier, COUNT(*), SUM(o.amount) FROM o JOIN (SELECT 'small' AS tier, 0 AS lo, 50 AS hi UNION ALL SELECT 'medium', 50, 200 UNION ALL SELECT 'large', 200, 1000000) t ON o.amount >= t.lo AND o.amount < t.hi WHERE o.status = 'valid' GROUP BY t.tier

-- compiled
SELECT t.tier, COUNT(*), COUNT(o.id), SUM(o.qty) FROM (SELECT 'none' AS tier, -100 AS lo, 0 AS hi UNION ALL SELECT 'a', 0, 100 UNION ALL SELECT 'b', 100, 250 UNION ALL SELECT 'c', 100, 450 UNION ALL SELECT 'd', 300, 300 UNION ALL SELECT 'e', NULL, 500) t LEFT JOIN o ON o.amount > t.lo AND o.amount <= t.hi GROUP BY t.tier

-- compiled
SELECT t.tier, COUNT(*), SUM(o.amount) FROM o LEFT JOIN (SELECT 'a' AS tier, 0 AS lo, 99 AS hi UNION ALL SELECT 'b', 100, 250 UNION ALL SELECT 'c', 250, 480) t ON o.amount BETWEEN t.lo AND t.hi GROUP BY t.tier

# Nested ranges: the upper bounds do not rise with the lower ones, so
# only the lower bound prunes (o.amount 155 is in a's range, not b's).
-- compiled
SELECT t.tier, COUNT(*), SUM(o.amount) FROM o JOIN (SELECT 'a' AS tier, 0 AS lo, 1000 AS hi UNION ALL SELECT 'b', 100, 120 UNION ALL SELECT 'c', 150, 160 UNION ALL SELECT 'd', 200, 210 UNION ALL SELECT 'e', 205, 206) t ON o.amount >= t.lo AND o.amount < t.hi GROUP BY t.tier

-- compiled
SELECT c.since, COUNT(*), COUNT(DISTINCT o.cid) FROM o JOIN c ON o.day >= c.since AND o.day < c.since + INTERVAL 1 MONTH WHERE o.id < 700 AND c.cid < 120 GROUP BY c.since

-- compiled
SELECT c.segment, COUNT(*), SUM(o.qty) FROM o JOIN c ON o.amount >= c.cid AND o.amount <= c.cid * 3 - (c.cid % 7) * 40 WHERE o.id < 400 GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*), SUM(o.amount) FROM c JOIN o ON o.cid = c.cid AND o.day >= c.since WHERE c.cid < 200 GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*), MAX(o.at) FROM c LEFT JOIN o ON o.cid = c.cid AND o.day < c.since AND o.amount > 100 GROUP BY c.segment

-- compiled
SELECT COUNT(*), SUM(o.qty) FROM o WHERE EXISTS (SELECT 1 FROM dt WHERE o.amount >= dt.amount AND o.amount < dt.amount + 5) AND o.id < 900

-- compiled
-- equals: SELECT COUNT(*), SUM(o.qty) FROM o WHERE (SELECT COUNT(*) FROM dt WHERE o.day >= dt.day AND o.day <= dt.day + INTERVAL 2 DAY) = 0 AND o.id < 900
SELECT COUNT(*), SUM(o.qty) FROM o WHERE NOT EXISTS (SELECT 1 FROM dt WHERE o.day >= dt.day AND o.day <= dt.day + INTERVAL 2 DAY) AND o.id < 900

-- compiled
SELECT t.band, COUNT(*), SUM(o.score) FROM o JOIN (SELECT 1 AS band, -1.5 AS lo UNION ALL SELECT 2, 2.5 UNION ALL SELECT 3, 4.5 UNION ALL SELECT 4, 4.5) t ON o.score > t.lo GROUP BY t.band

# DATETIME values against DATE bounds (a DATE is its midnight), a window
# per date: every order meets the few windows it falls in.
-- compiled
SELECT COUNT(*), SUM(o.amount), MIN(w.d) FROM o JOIN (SELECT day AS d FROM o WHERE cid < 40 AND day IS NOT NULL GROUP BY day) w ON o.at >= w.d AND o.at < w.d + INTERVAL 7 DAY WHERE o.id < 1500

-- compiled
SELECT c.segment, COUNT(*), COUNT(o.id) FROM c LEFT JOIN o ON o.at > c.since AND o.at <= c.since + INTERVAL 3 DAY AND o.qty > 2 GROUP BY c.segment

-- compiled
SELECT w.d, COUNT(*), SUM(o.qty) FROM o LEFT JOIN (SELECT day AS d FROM o WHERE cid < 20 AND day IS NOT NULL GROUP BY day) w ON o.at >= w.d + INTERVAL 366 DAY AND o.at < w.d + INTERVAL 376 DAY GROUP BY w.d

# DOUBLE against DOUBLE bounds (read through an order-keeping int64).
-- compiled
SELECT a.score, COUNT(*), SUM(b.qty) FROM o a JOIN o b ON b.score >= a.score - 2 AND b.score < a.score WHERE a.id < 60 GROUP BY a.score

# Validity ranges whose NULL end is open (x IS NULL OR probe < x, either
# order, either direction): a NULL bound passes every probe value, a
# NULL probe value is pruned by no open bound; keyed by channel with the
# ends from LEAD, as a rate table's rows are.
-- compiled
SELECT t.tier, COUNT(*), SUM(o.amount) FROM o JOIN (SELECT 'a' AS tier, 0 AS lo, 100 AS hi UNION ALL SELECT 'b', 100, 250 UNION ALL SELECT 'c', 250, NULL) t ON o.amount >= t.lo AND (t.hi IS NULL OR o.amount < t.hi) GROUP BY t.tier

-- compiled
SELECT t.tier, COUNT(*), COUNT(o.id), SUM(o.amount) FROM (SELECT 'a' AS tier, NULL AS lo, 50 AS hi UNION ALL SELECT 'b', 50, 300 UNION ALL SELECT 'c', 300, NULL UNION ALL SELECT 'd', NULL, NULL) t LEFT JOIN o ON (t.lo IS NULL OR o.amount > t.lo) AND (o.amount <= t.hi OR t.hi IS NULL) GROUP BY t.tier

-- compiled
SELECT o.channel, COUNT(*), COUNT(t.tier), SUM(o.qty) FROM o LEFT JOIN (SELECT 'a' AS tier, NULL AS lo, 50 AS hi UNION ALL SELECT 'b', 50, 300 UNION ALL SELECT 'c', 300, NULL) t ON (t.lo IS NULL OR o.amount > t.lo) AND (t.hi IS NULL OR o.amount <= t.hi) GROUP BY o.channel

-- compiled
SELECT r.channel, r.valid_from, COUNT(*), SUM(o.qty) FROM o JOIN (SELECT channel, valid_from, LEAD(valid_from) OVER (PARTITION BY channel ORDER BY valid_from) AS valid_to FROM (SELECT 'web' AS channel, DATE '2024-01-01' AS valid_from UNION ALL SELECT 'web', DATE '2024-04-01' UNION ALL SELECT 'web', DATE '2024-09-15' UNION ALL SELECT 'store', DATE '2024-01-01' UNION ALL SELECT 'store', DATE '2024-06-01' UNION ALL SELECT 'app', DATE '2024-03-01') v) r ON r.channel = o.channel AND o.at >= r.valid_from AND (r.valid_to IS NULL OR o.at < r.valid_to) GROUP BY r.channel, r.valid_from

# A small left input built on (swapJoin) keeps its band index, mirrored:
# the right rows probe the left rows' sorted bounds.
-- compiled
SELECT c.segment, COUNT(*), COUNT(o.id), SUM(o.amount) FROM c LEFT JOIN o ON o.cid = c.cid AND o.day >= c.since AND (o.at IS NULL OR o.at < c.since + INTERVAL 3 MONTH) GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*), SUM(o.qty) FROM c JOIN o ON o.cid = c.cid AND o.at BETWEEN c.since AND c.since + INTERVAL 6 MONTH WHERE c.cid < 250 GROUP BY c.segment
