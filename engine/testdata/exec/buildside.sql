# Hash joins below a join's build side (GMS indexes their conditions
# behind the probe rows in scope; the compiler indexes them over their
# own rows). EXISTS beside NOT EXISTS is a semi join whose build side is
# an anti join (B41); GMS's own answer treats NOT EXISTS as NOT IN, so a
# NULL o.cid among the web orders empties it: the oracle is the same
# question asked with COUNT subqueries.
-- compiled
-- equals: SELECT c.segment, COUNT(*) FROM c WHERE c.email LIKE '%a.com' AND (SELECT COUNT(*) FROM o WHERE o.cid = c.cid AND o.status = 'valid') > 0 AND (SELECT COUNT(*) FROM o WHERE o.cid = c.cid AND o.channel = 'web') = 0 GROUP BY c.segment
SELECT c.segment, COUNT(*) FROM c WHERE c.email LIKE '%a.com' AND EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.status = 'valid') AND NOT EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.channel = 'web') GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.qty > 3) AND EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.status = 'returned') GROUP BY c.segment

SELECT COUNT(*), SUM(c4.cid) FROM c c0 JOIN c c1 ON c1.cid = c0.cid + 1 JOIN c c2 ON c2.cid = c1.cid + 1 JOIN c c3 ON c3.cid = c2.cid + 1 JOIN c c4 ON c4.cid = c3.cid + 1 WHERE c0.cid < 300 AND c0.since >= '2023-02-01'

SELECT c1.segment, COUNT(*), SUM(c0.cid) FROM c c0 JOIN c c1 ON c1.cid = c0.cid + 1 AND c1.since >= c0.since JOIN c c2 ON c2.cid = c1.cid + 1 GROUP BY c1.segment
