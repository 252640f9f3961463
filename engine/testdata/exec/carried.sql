# GROUP BY keys fixed by others (engine/exec/fdkeys.go): a table's
# primary key among the keys makes its other columns carried, stored per
# group and never compared. The answers must not change: through inner
# and outer joins (the NULL side's columns are NULL together), with
# several carried columns, expressions beside them, NULL values in a
# carried column, keys in any order, and a self-join (two rows of one
# table: each alias's key fixes only its own columns).

-- compiled
SELECT c.segment, c.cid, c.email, COUNT(*), SUM(o.qty) FROM o JOIN c ON c.cid = o.cid GROUP BY c.segment, c.cid, c.email

-- compiled
SELECT c.email, c.since, c.cid, COUNT(*) FROM o JOIN c ON c.cid = o.cid GROUP BY c.email, c.since, c.cid

-- compiled
SELECT o.channel, c.cid, c.segment, SUM(o.amount) FROM o LEFT JOIN c ON c.cid = o.cid GROUP BY o.channel, c.cid, c.segment

-- compiled
SELECT c.cid, c.segment, COUNT(o.id) FROM c LEFT JOIN o ON o.cid = c.cid GROUP BY c.cid, c.segment

-- compiled
SELECT c.cid, c.segment, YEAR(c.since) AS y, COUNT(*) FROM c JOIN e ON e.cid = c.cid GROUP BY c.cid, c.segment, YEAR(c.since)

-- compiled
SELECT a.cid, b.cid, a.segment, b.segment, COUNT(*) FROM c a JOIN c b ON b.cid = a.cid + 1 GROUP BY a.cid, b.cid, a.segment, b.segment

-- compiled
SELECT a.segment, b.segment, COUNT(*) FROM c a JOIN c b ON b.cid = a.cid + 1 GROUP BY a.cid, a.segment, b.segment

-- compiled
SELECT segment, email, COUNT(*) FROM c GROUP BY cid, segment, email HAVING COUNT(*) > 0

# A derived table's groups are unique on its keys: a key it selects fixes
# its other columns in the GROUP BY above.
-- compiled
SELECT f.cid, f.first_at, f.n, COUNT(*) FROM (SELECT cid, MIN(at) AS first_at, COUNT(*) AS n FROM o GROUP BY cid) f JOIN o ON o.cid = f.cid AND o.at > f.first_at WHERE o.id < 1800 GROUP BY f.cid, f.first_at, f.n

-- compiled
SELECT f.channel, f.status, f.n, SUM(o.qty) FROM (SELECT channel, status, COUNT(*) AS n FROM o GROUP BY channel, status) f JOIN o ON o.channel = f.channel AND o.status = f.status GROUP BY f.channel, f.status, f.n

-- compiled
SELECT f.channel, f.n, SUM(o.qty) FROM (SELECT channel, status, COUNT(*) AS n FROM o GROUP BY channel, status) f JOIN o ON o.channel = f.channel GROUP BY f.channel, f.n
