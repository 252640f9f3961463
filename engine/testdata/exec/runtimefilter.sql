# Runtime join filters: once an inner or semi join's hash table is built,
# the probe scan skips the segments whose zone maps lie outside the build
# keys' range and narrows sorted ones to it (o.oid = id/3 rises through
# every segment; c.cid runs 20..369). Rows at both ends of the range,
# an empty build side, NULL probe keys, and joins that must keep every
# probe row (LEFT) or sit behind a projection or another join.
-- compiled
SELECT COUNT(*), SUM(o.amount), MIN(o.oid), MAX(o.oid) FROM o JOIN c ON c.cid = o.oid WHERE c.cid < 100

-- compiled
SELECT COUNT(*), MIN(o.id), MAX(o.id) FROM o JOIN c ON c.cid = o.oid WHERE c.cid BETWEEN 300 AND 310 OR c.cid = 25

-- compiled
SELECT COUNT(*) FROM o JOIN c ON c.cid = o.oid WHERE c.segment = 'none'

-- compiled
SELECT o.status, COUNT(*) FROM o WHERE o.oid IN (SELECT cid FROM c WHERE since < '2023-03-01') GROUP BY o.status

-- compiled
SELECT COUNT(*), COUNT(c.cid), SUM(o.qty) FROM o LEFT JOIN c ON c.cid = o.oid AND c.cid < 50

-- compiled
SELECT c.segment, COUNT(*), SUM(x.amount) FROM (SELECT oid AS k, amount FROM o WHERE qty > 0) x JOIN c ON c.cid = x.k WHERE c.cid > 340 GROUP BY c.segment

-- compiled
SELECT COUNT(*), SUM(dt.n) FROM o JOIN c ON c.cid = o.oid JOIN dt ON dt.id = o.id WHERE c.cid < 60

-- compiled
SELECT c.segment, COUNT(*) FROM o JOIN c ON c.cid = o.cid WHERE c.since < '2023-02-01' GROUP BY c.segment
