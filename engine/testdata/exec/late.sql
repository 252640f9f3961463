# Late materialization (exec/late.go): under a filter, a scan hands over
# the columns the filter reads; the others are filled for the rows it
# keeps. Filters keeping few rows, every row, none; several conjuncts;
# columns read by the filter and above it; strings coded and plain with
# NULLs; rows deleted from the table (the scan's own selection) and
# updated since (unsorted rows); a filter under a join and an aggregate.
-- compiled
SELECT id, cid, at, amount, status, channel, score FROM o WHERE qty = 5 AND amount > 300 ORDER BY id DESC LIMIT 40

-- compiled
SELECT id, channel, status, big FROM o WHERE id > 0 ORDER BY big LIMIT 50

-- compiled
SELECT id, channel FROM o WHERE id < 0 ORDER BY id LIMIT 5

-- compiled
SELECT id, status, channel, amount FROM o WHERE channel = 'web' AND score > 6 AND id % 5 = 1 ORDER BY amount, id LIMIT 100

-- compiled
SELECT c.cid, c.email, c.since FROM c WHERE c.segment = 'gold' AND c.cid % 7 = 3 ORDER BY c.email, c.cid LIMIT 30

-- compiled
SELECT c.email, c.segment FROM c WHERE c.email IS NULL OR c.since >= '2023-11-01' ORDER BY c.email DESC, c.segment LIMIT 30

-- compiled
SELECT o.id, o.amount, c.email FROM o JOIN c ON c.cid = o.cid WHERE o.status = 'returned' AND o.qty > 3

-- compiled
SELECT channel, COUNT(*), SUM(amount), MAX(at) FROM o WHERE id % 89 = 0 OR id % 97 = 1 GROUP BY channel

-- compiled
SELECT COUNT(DISTINCT email) FROM c WHERE since BETWEEN '2023-03-01' AND '2023-06-30'
