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
SELECT c.cid, (SELECT COUNT(*) FROM o JOIN c AS c2 ON c2.cid = o.cid + 1 AND c2.since < o.day WHERE o.cid = c.cid AND o.status = 'valid') AS later FROM c WHERE c.cid < 30

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE c.email LIKE '%b.org' OR EXISTS (SELECT 1 FROM o JOIN c AS c2 ON c2.cid = o.cid WHERE o.oid = c.cid AND c2.segment IS NULL) GROUP BY c.segment

-- compiled
SELECT c.cid, (SELECT MAX(t.n) FROM (SELECT cid, COUNT(*) AS n FROM o GROUP BY cid, channel) t WHERE t.cid = c.cid) AS most FROM c ORDER BY c.cid LIMIT 80

# A join inside the subquery that reads the outer row itself stays GMS's.
SELECT c.cid, (SELECT COUNT(*) FROM o JOIN c AS c2 ON c2.cid = o.cid AND c2.segment = c.segment WHERE o.oid = c.cid) AS n FROM c WHERE c.cid < 12

# A correlation that is not an equality keeps the subquery GMS's, row by
# row; the derived table inside it still runs compiled, and the outer
# row GMS prepends to its rows (read by the WHERE above it) is given back.
SELECT c.cid, (SELECT MAX(t.n) FROM (SELECT cid, COUNT(*) AS n FROM o GROUP BY cid, channel) t WHERE t.cid > c.cid - 2 AND t.cid < c.cid) AS prev FROM c WHERE c.cid < 45

# The correlation may sit inside a derived table of the subquery: the key
# is carried up to the aggregate through the derived table's WHERE, its
# projection (one more output), DISTINCT (the key joins the distinct
# row), GROUP BY (one more grouping key) and HAVING, and the derived
# table runs once, grouped by it. Customers from 300 have no orders
# (COUNT 0, SUM NULL); o has lines without a customer (NULL o.cid).
-- compiled
SELECT c.cid, (SELECT COUNT(*) FROM (SELECT DISTINCT oid FROM o WHERE o.cid = c.cid) x) AS n FROM c WHERE c.cid < 60 OR c.cid >= 290 AND c.cid < 320

-- compiled
SELECT c.cid, (SELECT MAX(t.n) FROM (SELECT channel, COUNT(*) AS n FROM o WHERE o.cid = c.cid AND o.status = 'valid' GROUP BY channel) t) AS most FROM c WHERE c.cid < 60 OR c.cid >= 290 AND c.cid < 320

-- compiled
SELECT c.cid, (SELECT SUM(x.v) FROM (SELECT o.qty * 2 + 1 AS v FROM o WHERE o.cid = c.cid AND o.qty > 0) x) AS s, (SELECT SUM(x.amount) FROM (SELECT DISTINCT oid, amount FROM o WHERE o.cid = c.cid AND o.qty > 3) x) AS big FROM c WHERE c.cid < 60 OR c.cid >= 290 AND c.cid < 320

-- compiled
SELECT c.cid, (SELECT MAX(x.n) FROM (SELECT channel, COUNT(*) AS n FROM o WHERE o.cid = c.cid GROUP BY channel HAVING COUNT(*) > 1) x) AS n FROM c WHERE c.cid < 60

# Nested derived tables, the key in the middle one; a derived table with
# its own column names; the subquery's own WHERE above the derived table.
-- compiled
SELECT c.cid, (SELECT COUNT(*) FROM (SELECT DISTINCT x.oid FROM (SELECT oid, cid FROM o WHERE o.status <> 'cancelled') x WHERE x.cid = c.cid) y) AS n FROM c WHERE c.cid < 60

-- compiled
SELECT c.cid, (SELECT COUNT(*) FROM (SELECT DISTINCT oid FROM o WHERE o.cid = c.cid) AS x(id) WHERE x.id > 10) AS n FROM c WHERE c.cid < 60

# NULL keys on both sides: an outer key NULLIF(...) is NULL for every
# fifth customer, and finds nothing.
-- compiled
SELECT c.cid, (SELECT COUNT(*) FROM (SELECT DISTINCT channel FROM o WHERE o.qty = NULLIF(c.cid % 5, 0)) x) AS n, (SELECT SUM(x.amount) FROM (SELECT DISTINCT amount FROM o WHERE o.qty = NULLIF(c.cid % 5, 0) AND o.cid = c.cid) x) AS s FROM c WHERE c.cid < 25

# Empty tables, inside and outside.
-- compiled
SELECT c.cid, (SELECT COUNT(*) FROM (SELECT DISTINCT v FROM e WHERE e.cid = c.cid) x) AS n, (SELECT SUM(x.v) FROM (SELECT v FROM e WHERE e.cid = c.cid) x) AS s, EXISTS (SELECT 1 FROM (SELECT DISTINCT v FROM e WHERE e.cid = c.cid) x) AS b FROM c WHERE c.cid < 30

-- compiled
SELECT COUNT(*), SUM((SELECT COUNT(*) FROM (SELECT DISTINCT oid FROM o WHERE o.cid = c.cid) x)) FROM c WHERE c.cid < 0

# EXISTS over such a derived table, in a select list and inside an OR.
-- compiled
SELECT c.cid, EXISTS (SELECT 1 FROM (SELECT DISTINCT oid FROM o WHERE o.cid = c.cid AND o.status = 'returned') x) AS r FROM c WHERE c.cid < 60 OR c.cid >= 290 AND c.cid < 320

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE c.cid < 100 AND (c.segment = 'gold' OR EXISTS (SELECT 1 FROM (SELECT oid, COUNT(*) AS n FROM o WHERE o.cid = c.cid GROUP BY oid) x WHERE x.n >= 2)) GROUP BY c.segment

# What a key cannot be carried through stays GMS's, row by row, and
# answers as MySQL does: a LIMIT per customer is not a LIMIT over all; an
# aggregate without GROUP BY answers a row (COUNT 0) even for no orders;
# a window, a UNION, a non-equality, the outer row read elsewhere; a
# LIMIT 0 under EXISTS.
SELECT c.cid, (SELECT SUM(amount) FROM (SELECT amount FROM o WHERE o.cid = c.cid ORDER BY at DESC, id LIMIT 3) x) AS last3 FROM c WHERE c.cid < 40 OR c.cid >= 295 AND c.cid < 305

SELECT c.cid, (SELECT MAX(x.n) FROM (SELECT COUNT(*) AS n FROM o WHERE o.cid = c.cid) x) AS n FROM c WHERE c.cid < 30 OR c.cid >= 295 AND c.cid < 305

SELECT c.cid, (SELECT SUM(x.r) FROM (SELECT ROW_NUMBER() OVER (ORDER BY id) AS r FROM o WHERE o.cid = c.cid) x) AS n FROM c WHERE c.cid < 30

SELECT c.cid, (SELECT COUNT(*) FROM (SELECT oid FROM o WHERE o.cid = c.cid UNION SELECT oid FROM o WHERE o.cid = c.cid + 1) x) AS n FROM c WHERE c.cid < 30

SELECT c.cid, (SELECT COUNT(*) FROM (SELECT DISTINCT oid FROM o WHERE o.cid < c.cid AND o.cid > c.cid - 3) x) AS n FROM c WHERE c.cid < 30

SELECT c.cid, (SELECT SUM(x.v) FROM (SELECT o.qty + c.cid AS v FROM o WHERE o.cid = c.cid) x) AS n FROM c WHERE c.cid < 30

SELECT c.cid, EXISTS (SELECT 1 FROM (SELECT oid FROM o WHERE o.cid = c.cid LIMIT 0) x) AS e, EXISTS (SELECT 1 FROM o WHERE o.cid = c.cid LIMIT 0) AS f FROM c WHERE c.cid < 30

# A derived table's select-list subquery, which GMS plans twice (where it
# is computed and again in the projection above that names the derived
# table's columns), is computed once and read by the upper projection.
-- compiled
SELECT SUM(n), COUNT(*), MAX(n) FROM (SELECT c.cid, (SELECT COUNT(*) FROM (SELECT DISTINCT oid FROM o WHERE o.cid = c.cid) x) AS n FROM c) t

-- compiled
SELECT t.segment, SUM(t.n), SUM(t.m) FROM (SELECT c.segment, c.cid + 1 AS next, (SELECT COUNT(*) FROM o WHERE o.cid = c.cid) AS n, (SELECT COUNT(*) FROM o WHERE o.cid = c.cid + 1) AS m FROM c) t GROUP BY t.segment

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

# The value of the first row in an order (ORDER BY ... LIMIT 1), per
# outer key: run once as the rows ROW_NUMBER() numbers 1 per key (the
# latest line's channel, the cheapest valid line's amount with NULL
# amounts first, an expression of the first row, in a filter); a key
# without rows is NULL. Ties are broken by id, so the oracle agrees.
-- compiled
SELECT c.cid, (SELECT o.channel FROM o WHERE o.cid = c.cid ORDER BY o.at DESC, o.id DESC LIMIT 1) AS last_ch FROM c

-- compiled
SELECT c.cid, (SELECT o.amount FROM o WHERE o.cid = c.cid AND o.status = 'valid' ORDER BY o.amount, o.id LIMIT 1) AS low, (SELECT CONCAT(o.channel, '-', o.qty) FROM o WHERE o.cid = c.cid ORDER BY o.score DESC, o.id LIMIT 1) AS top FROM c

-- compiled
SELECT c.segment, COUNT(*) FROM c WHERE (SELECT o.channel FROM o WHERE o.cid = c.cid ORDER BY o.at DESC, o.id DESC LIMIT 1) = 'web' GROUP BY c.segment
