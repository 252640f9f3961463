# A left join under `right key IS NULL` keeps only its unmatched rows
# (JoinOpts.Unmatched): matched pairs are marked, not gathered, and with
# no condition beyond the keys a row is settled by its key's first match.
# o.cid has NULLs and repeats (many matches per key); c.segment is NULL
# in a third of c's rows, so IS NULL on it must keep matched rows.
-- compiled
SELECT o.status, COUNT(*), SUM(o.qty) FROM o LEFT JOIN c ON c.cid = o.cid WHERE c.cid IS NULL GROUP BY o.status

-- compiled
SELECT o.status, COUNT(*) FROM o LEFT JOIN c ON c.cid = o.cid WHERE c.cid IS NULL AND o.qty > 2 GROUP BY o.status

-- compiled
SELECT o.status, COUNT(*) FROM o LEFT JOIN c ON c.cid = o.cid WHERE c.segment IS NULL GROUP BY o.status

-- compiled
SELECT o.status, COUNT(*) FROM o LEFT JOIN c ON c.cid = o.cid WHERE c.cid IS NULL OR c.segment = 'gold' GROUP BY o.status

-- compiled
SELECT o.channel, COUNT(*) FROM o LEFT JOIN c ON c.cid = o.cid AND c.since >= '2023-06-01' WHERE c.cid IS NULL GROUP BY o.channel

-- compiled
SELECT c.segment, COUNT(*) FROM c LEFT JOIN o ON o.cid = c.cid WHERE o.cid IS NULL GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*), MAX(o.id) FROM c LEFT JOIN o ON o.cid = c.cid AND o.status = 'returned' WHERE o.cid IS NULL GROUP BY c.segment

# NOT EXISTS (GMS: a left join and IS NULL, with NOT IN's NULLs; the
# oracle asks MySQL's question with a COUNT subquery)
-- compiled
-- equals: SELECT o.status, COUNT(*) FROM o WHERE (SELECT COUNT(*) FROM c WHERE c.cid = o.cid) = 0 GROUP BY o.status
SELECT o.status, COUNT(*) FROM o WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.cid = o.cid) GROUP BY o.status

-- compiled
-- equals: SELECT c.segment, COUNT(*) FROM c WHERE (SELECT COUNT(*) FROM o WHERE o.cid = c.cid AND o.qty > 3) = 0 GROUP BY c.segment
SELECT c.segment, COUNT(*) FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.qty > 3) GROUP BY c.segment

# EXISTS: a semi join settles a key on its first row
-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid) GROUP BY c.segment

-- compiled
SELECT o.channel, COUNT(*) FROM o WHERE EXISTS (SELECT 1 FROM o o2 WHERE o2.cid = o.cid AND o2.id <> o.id) GROUP BY o.channel
