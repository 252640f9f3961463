# Eager aggregation (eager.go): a GROUP BY over an inner join whose
# aggregates read the probe side only groups the probe rows by the join
# key (and by the keys that read the probe side only) first, joins those
# groups and merges their states. Keys of either side, NULL keys on both
# (o.cid, c.segment), probe rows without a match (cid < 20), an empty
# build side, duplicate build keys (each pairs again), scalar aggregates,
# AVG, VARIANCE, MIN/MAX of dates, HAVING and ORDER BY above.
-- compiled
SELECT c.segment, SUM(o.amount), COUNT(*), COUNT(o.amount), AVG(o.qty), MIN(o.at), MAX(o.amount), ROUND(VAR_POP(o.qty), 6) FROM o JOIN c ON c.cid = o.cid GROUP BY c.segment

-- compiled
SELECT x.segment, MONTH(o.at) AS m, SUM(o.amount) AS s, COUNT(*) FROM o JOIN (SELECT cid - 20 AS q, segment FROM c WHERE cid < 30) x ON x.q = o.qty GROUP BY x.segment, m

-- compiled
-- ordered
SELECT SUBSTRING_INDEX(c.email, '@', -1) AS domain, COUNT(*) AS n, AVG(o.amount) FROM o JOIN c ON o.cid = c.cid WHERE o.status = 'valid' GROUP BY domain HAVING COUNT(*) > 10 ORDER BY domain

-- compiled
SELECT COUNT(*), SUM(o.amount), MIN(o.day), ROUND(STDDEV_SAMP(o.amount), 6) FROM o JOIN c ON c.cid = o.cid WHERE c.segment = 'gold'

-- compiled
SELECT c.segment, COUNT(*), SUM(o.qty) FROM o JOIN c ON c.cid = o.cid AND c.since >= '2023-06-01' GROUP BY c.segment

-- compiled
SELECT e.v, COUNT(*), SUM(o.amount) FROM o JOIN e ON e.cid = o.cid GROUP BY e.v

-- compiled
SELECT COUNT(*), SUM(o.amount) FROM o JOIN e ON e.cid = o.cid

-- compiled
SELECT x.segment, COUNT(*), SUM(o.amount), AVG(o.qty) FROM o JOIN (SELECT cid, segment FROM c UNION ALL SELECT cid, segment FROM c WHERE cid < 100) x ON x.cid = o.cid GROUP BY x.segment

-- compiled
SELECT c.cid, c.segment, COUNT(*), SUM(o.amount) FROM o JOIN c ON c.cid = o.cid GROUP BY c.cid, c.segment

# LEFT JOINs: lines without a customer (cid < 20, NULL) join a NULL row
# and fall into the NULL segment with the customers that have none.
-- compiled
SELECT c.segment, COUNT(*), SUM(o.amount), AVG(o.qty), MAX(o.at) FROM o LEFT JOIN c ON c.cid = o.cid GROUP BY c.segment

-- compiled
SELECT e.v, o.qty, COUNT(*), SUM(o.amount) FROM o LEFT JOIN e ON e.cid = o.cid GROUP BY e.v, o.qty

-- compiled
SELECT x.segment, COUNT(*), MIN(o.amount) FROM o LEFT JOIN (SELECT cid, segment FROM c WHERE cid < 200 UNION ALL SELECT cid, segment FROM c WHERE cid < 100) x ON x.cid = o.cid GROUP BY x.segment

# The join key grouped on again, beside a build column it fixes.
-- compiled
SELECT o.cid, c.segment, SUM(o.amount), COUNT(*) FROM o JOIN c ON c.cid = o.cid GROUP BY o.cid, c.segment
