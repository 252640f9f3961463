# Correlated scalar subqueries of one aggregate over a table, correlated
# by equalities: computed once, grouped by the inner key, and looked up
# per outer row; a key without rows takes the aggregate over no rows
# (COUNT 0, anything else NULL). c has customers without orders, o has
# lines without a customer (NULL cid).
-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE (SELECT COUNT(*) FROM o WHERE o.cid = c.cid) >= 20 GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE (SELECT COUNT(*) FROM o WHERE o.cid = c.cid) = 0 GROUP BY c.segment

-- compiled
SELECT c.cid, (SELECT MAX(o.at) FROM o WHERE o.cid = c.cid) AS last_at, (SELECT COUNT(DISTINCT o.channel) FROM o WHERE o.cid = c.cid AND o.status = 'valid') AS channels FROM c ORDER BY c.cid LIMIT 400

-- compiled
SELECT c.segment, SUM((SELECT COALESCE(SUM(o.amount), 0) * 2 FROM o WHERE o.cid = c.cid AND o.status <> 'cancelled')) FROM c GROUP BY c.segment

-- compiled
SELECT c.cid, (SELECT MIN(o.day) FROM o WHERE o.cid = c.cid + 1) AS next_first FROM c ORDER BY next_first DESC, c.cid LIMIT 25

# A correlation that is not an equality stays GMS's, row by row.
SELECT c.segment, COUNT(*) FROM c WHERE (SELECT COUNT(*) FROM o WHERE o.cid < c.cid AND o.qty > 4) > 100 GROUP BY c.segment

# Inner aggregates the executor leaves to GMS (DISTINCT arguments,
# GROUP_CONCAT) keep the whole subquery GMS's, answered, not failed.
SELECT c.cid, (SELECT SUM(DISTINCT o.qty) FROM o WHERE o.cid = c.cid) AS s, (SELECT GROUP_CONCAT(DISTINCT o.channel ORDER BY o.channel SEPARATOR '|') FROM o WHERE o.cid = c.cid) AS g FROM c WHERE c.cid < 60

# EXISTS the planner cannot make a semi join (inside OR, NOT, CASE, a
# select list): decorrelated into the subquery's distinct keys, gathered
# once; NULL keys (o.cid, c.cid) find nothing.
-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE c.email LIKE '%a.com' OR EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.status = 'returned') GROUP BY c.segment

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE c.segment = 'gold' OR NOT EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.channel = 'web' AND o.qty > 2) GROUP BY c.segment

-- compiled
SELECT c.segment, SUM(CASE WHEN EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid AND o.amount > 100) THEN 1 ELSE 0 END) AS big, COUNT(*) FROM c GROUP BY c.segment

-- compiled
SELECT buyer, valid_buyer, COUNT(*) FROM (SELECT EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid) AS buyer, EXISTS (SELECT o.id FROM o WHERE o.cid = c.cid AND o.status = 'valid' LIMIT 1) AS valid_buyer FROM c) t GROUP BY buyer, valid_buyer

# The subquery may read a join (or a derived table) of its own, as long
# as nothing in it but the WHERE's equalities reads the outer row: the
# join runs once, grouped by the inner key (GMS ran it per outer row).
-- compiled
SELECT c.segment, COUNT(*), SUM((SELECT SUM(o.amount) FROM o JOIN c AS c2 ON c2.cid = o.cid WHERE o.oid = c.cid AND c2.segment = 'gold')) AS gold FROM c GROUP BY c.segment

-- compiled
SELECT c.cid, (SELECT COUNT(*) FROM o JOIN c AS c2 ON c2.cid = o.cid + 1 AND c2.since < o.day WHERE o.cid = c.cid AND o.status = 'valid') AS later FROM c WHERE c.cid < 80

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE c.email LIKE '%b.org' OR EXISTS (SELECT 1 FROM o JOIN c AS c2 ON c2.cid = o.cid WHERE o.oid = c.cid AND c2.segment IS NULL) GROUP BY c.segment

-- compiled
SELECT c.cid, (SELECT MAX(t.n) FROM (SELECT cid, COUNT(*) AS n FROM o GROUP BY cid, channel) t WHERE t.cid = c.cid) AS most FROM c ORDER BY c.cid LIMIT 80

# A join inside the subquery that reads the outer row itself stays GMS's.
SELECT c.cid, (SELECT COUNT(*) FROM o JOIN c AS c2 ON c2.cid = o.cid AND c2.segment = c.segment WHERE o.oid = c.cid) AS n FROM c WHERE c.cid < 26

# A correlation that is not an equality keeps the subquery GMS's, row by
# row; the derived table inside it still runs compiled, and the outer
# row GMS prepends to its rows (read by the WHERE above it) is given back.
SELECT c.cid, (SELECT MAX(t.n) FROM (SELECT cid, COUNT(*) AS n FROM o GROUP BY cid, channel) t WHERE t.cid > c.cid - 2 AND t.cid < c.cid) AS prev FROM c WHERE c.cid < 45

# Grouped by the alias or the position of a select expression holding a
# correlated subquery: the GroupBy selects the grouping expression itself
# (the decorrelated key, passed through), and the projections above read
# it (GMS re-evaluated it over the grouped row; groupby_alias.go).
-- compiled
SELECT EXISTS(SELECT 1 FROM o WHERE o.cid = c.cid AND o.status = 'valid') AS buyer, COUNT(*) FROM c GROUP BY buyer

-- compiled
SELECT YEAR((SELECT MAX(o.at) FROM o WHERE o.cid = c.cid)) AS y, COUNT(*), SUM(c.cid) FROM c GROUP BY y

-- compiled
SELECT (SELECT COUNT(*) FROM o WHERE o.cid = c.cid) AS n, c.segment, COUNT(*) FROM c GROUP BY 1, 2 HAVING COUNT(*) > 1 ORDER BY n DESC, c.segment LIMIT 20
