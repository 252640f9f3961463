# Grouped derived tables joined on their GROUP BY keys (a CTE read
# twice among them): a derived table's GROUP BY is estimated at most its
# keys' range (c's 300 customer ids), not left unknown, so a join of
# order lines to it builds on it and streams the lines (swapJoin). NULL
# keys (o.cid, the NULL group of GROUP BY cid), residual conditions in
# ON (a band, a NULL bound: MIN(amount) of a customer without amounts),
# duplicate keys, empty inputs, LEFT joins' unmatched rows.
-- compiled
WITH firsts AS (SELECT cid, MIN(at) AS first_at FROM o WHERE status = 'valid' GROUP BY cid), seconds AS (SELECT o.cid, MIN(o.at) AS second_at FROM o JOIN firsts f ON f.cid = o.cid AND o.at > f.first_at WHERE o.status = 'valid' GROUP BY o.cid) SELECT c.segment, COUNT(*) AS buyers, COUNT(s.cid) AS repeaters, ROUND(COUNT(s.cid) / COUNT(*), 4) AS rate, ROUND(AVG(DATEDIFF(s.second_at, f.first_at)), 2) AS days FROM firsts f JOIN c ON c.cid = f.cid LEFT JOIN seconds s ON s.cid = f.cid GROUP BY c.segment

# The same without the customers: the NULL cid group of firsts is a
# buyer whose seconds row never matches.
-- compiled
WITH firsts AS (SELECT cid, MIN(at) AS first_at FROM o WHERE status = 'valid' GROUP BY cid), seconds AS (SELECT o.cid, MIN(o.at) AS second_at FROM o JOIN firsts f ON f.cid = o.cid AND o.at > f.first_at WHERE o.status = 'valid' GROUP BY o.cid) SELECT f.cid, f.first_at, s.second_at, DATEDIFF(s.second_at, f.first_at) FROM firsts f LEFT JOIN seconds s ON s.cid = f.cid

# A bound that is NULL for some groups (MIN(amount) of customers whose
# amounts are all NULL matches nothing) and one that is >= with ties.
-- compiled
WITH m AS (SELECT cid, MIN(amount) AS lo FROM o WHERE qty > 0 GROUP BY cid) SELECT o.channel, COUNT(*), SUM(o.amount), COUNT(DISTINCT o.cid) FROM o JOIN m ON m.cid = o.cid AND o.amount >= m.lo GROUP BY o.channel

# Duplicate keys: several rows per customer in the derived table (one
# per day), each order line meeting all its customer's earlier days.
-- compiled
WITH d AS (SELECT cid, day, COUNT(*) AS n FROM o WHERE qty > 4 GROUP BY cid, day) SELECT o.status, COUNT(*), SUM(d.n), COUNT(DISTINCT d.day) FROM o JOIN d ON d.cid = o.cid AND o.day > d.day GROUP BY o.status

# The grouped side on the left of a LEFT JOIN: its unmatched rows (the
# NULL group, customers without a line 300 days after their first) come
# out after the probe.
-- compiled
SELECT COUNT(*), COUNT(o.id), SUM(o.qty), COUNT(DISTINCT f.cid) FROM (SELECT cid, MIN(day) AS d0 FROM o WHERE status = 'valid' GROUP BY cid) f LEFT JOIN o ON o.cid = f.cid AND o.day > f.d0 + INTERVAL 300 DAY

# Empty grouped sides, inner and left.
-- compiled
WITH f AS (SELECT cid, MIN(at) AS first_at FROM o WHERE cid < 0 GROUP BY cid) SELECT COUNT(*), MIN(o.at) FROM o JOIN f ON f.cid = o.cid AND o.at > f.first_at

-- compiled
SELECT COUNT(*), COUNT(o.id) FROM (SELECT cid, MIN(at) AS first_at FROM o WHERE cid < 0 GROUP BY cid) f LEFT JOIN o ON o.cid = f.cid AND o.at > f.first_at

-- compiled
SELECT COUNT(*), COUNT(f.cid), SUM(o.qty) FROM o LEFT JOIN (SELECT cid, MIN(at) AS first_at FROM o WHERE cid < 0 GROUP BY cid) f ON f.cid = o.cid AND o.at > f.first_at

# A semi join into a grouped derived table, and an aggregate without
# GROUP BY (one row) as a join's side.
-- compiled
SELECT COUNT(*), SUM(g.n) FROM (SELECT cid, MAX(at) AS m, COUNT(*) AS n FROM o GROUP BY cid) g WHERE EXISTS (SELECT 1 FROM o WHERE o.cid = g.cid AND o.at < g.m AND o.channel = 'app')

-- compiled
SELECT o.channel, COUNT(*) FROM (SELECT MAX(at) AS m FROM o WHERE status = 'returned') x JOIN o ON o.at > x.m - INTERVAL 60 DAY GROUP BY o.channel
