# A join table of one integer key too sparse for a dense index keeps a
# bitmap of its values (exec/members.go): probe rows whose value it lacks
# are answered without a probe. Semi, anti, inner and left joins, keys
# outside the build range on either side, NULLs on both sides (NOT IN
# over a set holding NULL), negative keys, an empty build side, and a
# range too wide for a bitmap (BIGINT UNSIGNED).
-- compiled
SELECT COUNT(*), SUM(a.amount) FROM o a WHERE a.id IN (SELECT b.oid * 7 FROM o b WHERE b.qty = 3)

-- compiled
SELECT COUNT(*) FROM o a WHERE a.id NOT IN (SELECT b.oid * 7 FROM o b WHERE b.qty = 3)

-- compiled
SELECT COUNT(*) FROM o a WHERE a.cid NOT IN (SELECT b.cid * 97 FROM o b WHERE b.status = 'returned')

-- compiled
SELECT a.channel, COUNT(*), SUM(a.amount) FROM o a JOIN (SELECT DISTINCT cid * 1000 - 5000 AS k FROM o WHERE qty = 1) b ON b.k = a.oid GROUP BY a.channel ORDER BY a.channel

-- compiled
SELECT a.status, COUNT(*), COUNT(b.k) FROM o a LEFT JOIN (SELECT DISTINCT id * 11 AS k FROM o WHERE channel = 'app') b ON b.k = a.id GROUP BY a.status ORDER BY a.status

-- compiled
SELECT COUNT(*) FROM o a WHERE EXISTS (SELECT 1 FROM o b WHERE b.oid * 13 = a.id AND b.qty > 2)

-- compiled
SELECT COUNT(*) FROM o a WHERE a.qty - 100 IN (SELECT b.oid * -9 FROM o b WHERE b.channel = 'web')

-- compiled
SELECT COUNT(*) FROM o a WHERE a.id IN (SELECT b.oid * 7 FROM o b WHERE b.id < 0)

-- compiled
SELECT COUNT(*) FROM o a WHERE a.big IN (SELECT b.big FROM o b WHERE b.qty = 3)

# x IN (SELECT expr …) of an uncorrelated subquery stays an expression
# (exec/subquery.go inSubquery): run once into a hash set, with MySQL's
# three values — NULL x, a NULL among the values, an empty subquery
# (false even for a NULL x) — in the select list, under NOT, in an OR.
-- compiled
SELECT a.cid IN (SELECT b.oid * 7 FROM o b WHERE b.id < 0) AS v, COUNT(*) FROM o a GROUP BY v ORDER BY v

-- compiled
SELECT a.cid IN (SELECT b.cid * 3 FROM o b WHERE b.qty = 2) AS v, COUNT(*) FROM o a GROUP BY v ORDER BY v

-- compiled
SELECT NOT (a.cid IN (SELECT b.oid - 1 FROM o b WHERE b.qty = 2 AND b.id > 5000)) AS v, COUNT(*) FROM o a GROUP BY v ORDER BY v

-- compiled
SELECT COUNT(*) FROM o a WHERE a.qty = 0 OR a.id IN (SELECT b.oid * 2 FROM o b WHERE b.channel = 'store')

-- compiled
SELECT a.channel IN (SELECT LOWER(b.status) FROM o b WHERE b.qty > 3) AS v, COUNT(*) FROM o a GROUP BY v ORDER BY v
