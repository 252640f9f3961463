# Conditions in ON over the build side alone (a constant key, a conjunct
# of its columns) filter the build side before the hash table is built:
# LEFT JOINs keep their unmatched rows, semi and anti joins their answer.
# (GMS answers NOT EXISTS as NOT IN, so a NULL o.cid empties it: the
# oracle there is the same question asked with a COUNT subquery.)
-- compiled
SELECT c.segment, COUNT(*), COUNT(o.oid), SUM(o.qty) FROM c LEFT JOIN o ON o.cid = c.cid AND o.status = 'valid' GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(DISTINCT o.oid), COUNT(DISTINCT v.oid) FROM c LEFT JOIN o ON o.cid = c.cid AND o.channel = 'web' AND o.qty > 2 LEFT JOIN o v ON v.cid = c.cid AND v.status = 'returned' GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*) FROM c JOIN o ON o.cid = c.cid AND o.status = 'valid' AND o.qty BETWEEN 2 AND 5 GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.status = 'returned' AND o.qty > 1) GROUP BY c.segment

-- compiled
-- equals: SELECT c.segment, COUNT(*) FROM c WHERE (SELECT COUNT(*) FROM o WHERE o.cid = c.cid AND o.channel = 'web') = 0 GROUP BY c.segment
SELECT c.segment, COUNT(*) FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.channel = 'web') GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE c.cid NOT IN (SELECT o.cid FROM o WHERE o.channel = 'web') GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(o.oid) FROM c LEFT JOIN o ON o.cid = c.cid AND c.segment = 'gold' AND o.status = 'valid' GROUP BY c.segment
