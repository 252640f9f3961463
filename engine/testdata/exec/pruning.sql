# Column pruning: a scan decodes only the columns the plan reads. Every
# query here reads some column only in one place — a DISTINCT over whole
# rows, a set operation, a window definition, a subquery, a join key, an
# ON condition, the output of a join with no projection — so a column
# wrongly left out would answer zeros or empty strings.
-- compiled
SELECT COUNT(*) FROM (SELECT DISTINCT * FROM o) x

-- compiled
SELECT COUNT(*), SUM(n) FROM (SELECT DISTINCT status, channel, 1 AS n FROM o) x

-- compiled
SELECT channel, COUNT(*) FROM (SELECT channel, cid FROM o UNION SELECT segment, cid FROM c) u GROUP BY channel

-- compiled
SELECT cid, oid, ROW_NUMBER() OVER (PARTITION BY status ORDER BY amount DESC, oid) AS rn FROM o WHERE qty > 1

-- compiled
SELECT o.cid, COUNT(*) FROM o JOIN c ON o.cid = c.cid AND c.email LIKE '%a.com' GROUP BY o.cid

-- compiled
SELECT c.segment, COUNT(*) FROM o LEFT JOIN c ON o.cid = c.cid AND c.since >= '2023-06-01' GROUP BY c.segment

-- ordered
SELECT * FROM o JOIN c ON o.cid = c.cid ORDER BY o.oid, o.cid, c.cid LIMIT 7

-- compiled
SELECT status, COUNT(*) FROM o WHERE cid IN (SELECT cid FROM c WHERE since < '2023-03-01') GROUP BY status

-- compiled
SELECT COUNT(*) FROM o GROUP BY channel HAVING MAX(amount) > 10 AND MIN(at) IS NOT NULL

# GMS projects no column at all for these: the scan reads none either.
-- compiled
SELECT COUNT(1.50) FROM o WHERE ('x' IS NULL OR DATE '2026-03-15' BETWEEN DATE '1990-05-17' AND DATE '2026-03-15')

-- compiled
SELECT MAX(SIGN(0.00)) FROM o
