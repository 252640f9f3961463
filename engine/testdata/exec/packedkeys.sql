# GROUP BY keys packed into one word (engine/exec/keytable_pack.go): an
# integer key of known range as its offset, a string key as its text's
# number, 0 for NULL. The answers must not change: NULL keys beside the
# least value (cid 0), negative numbers (qty, amount), empty input, many
# groups, keys wider than the tag (DATETIME: a word kept per group) or
# than any word (BIGINT UNSIGNED), carried keys,
# and more texts than a string's field numbers (c.email in 5 bits: the
# table gives the packing up halfway and hashes its groups).
-- compiled
SELECT o.channel, o.qty, COUNT(*), SUM(o.amount) FROM o GROUP BY o.channel, o.qty

-- compiled
SELECT o.status, o.channel, o.cid, COUNT(*), MIN(o.qty) FROM o GROUP BY o.status, o.channel, o.cid

-- compiled
SELECT o.cid, o.qty, COUNT(*) FROM o GROUP BY o.cid, o.qty

-- compiled
SELECT o.amount, o.channel, COUNT(*) FROM o GROUP BY o.amount, o.channel

-- compiled
SELECT o.id, o.channel, o.qty, SUM(o.amount) FROM o GROUP BY o.id, o.channel, o.qty

-- compiled
SELECT o.day, o.status, o.qty, COUNT(*) FROM o GROUP BY o.day, o.status, o.qty

-- compiled
SELECT o.channel, o.qty, COUNT(*) FROM o WHERE o.qty > 100 GROUP BY o.channel, o.qty

-- compiled
SELECT e.v, e.cid, COUNT(*) FROM e GROUP BY e.v, e.cid

-- compiled
SELECT o.at, o.channel, COUNT(*) FROM o GROUP BY o.at, o.channel

-- compiled
SELECT o.big, o.status, COUNT(*) FROM o GROUP BY o.big, o.status

-- compiled
SELECT c.email, o.status, o.cid, o.qty, o.day, COUNT(*), SUM(o.amount) FROM o JOIN c ON c.cid = o.cid GROUP BY c.email, o.status, o.cid, o.qty, o.day

-- compiled
SELECT c.email, c.segment, o.cid, o.qty, o.day, COUNT(*) FROM o LEFT JOIN c ON c.cid = o.cid GROUP BY c.email, c.segment, o.cid, o.qty, o.day

-- compiled
SELECT c.segment, c.cid, c.email, o.channel, COUNT(*), SUM(o.amount) FROM o JOIN c ON c.cid = o.cid GROUP BY c.segment, c.cid, c.email, o.channel

-- compiled
SELECT DISTINCT o.channel, o.status, o.qty FROM o

# B91's shape: the top groups per string key by a sum, over a join.
-- compiled
SELECT c.segment, o.cid, SUM(o.amount) FROM o JOIN c ON c.cid = o.cid WHERE o.status = 'valid' GROUP BY c.segment, o.cid

-- compiled
SELECT seg, rn, cid, revenue FROM (SELECT c.segment AS seg, o.cid, SUM(o.amount) AS revenue, ROW_NUMBER() OVER (PARTITION BY c.segment ORDER BY SUM(o.amount) DESC, o.cid) AS rn FROM o JOIN c ON c.cid = o.cid WHERE o.status = 'valid' GROUP BY c.segment, o.cid) t WHERE rn <= 3

# A date part's range follows from its argument's (stats.go rangedExpr):
# MONTH, QUARTER and DAY have fixed ranges, YEAR and DATE() span the
# column's days, so these keys pack beside a string key too; NULL dates
# and keys from DATE and DATETIME columns.
-- compiled
SELECT channel, YEAR(at) AS y, MONTH(at) AS m, COUNT(*), SUM(amount) FROM o GROUP BY channel, y, m ORDER BY channel, y, m

-- compiled
SELECT status, QUARTER(day) AS q, DAY(day) AS d, COUNT(*) FROM o GROUP BY status, q, d ORDER BY status, q, d

-- compiled
SELECT DATE(at) AS d, channel, COUNT(DISTINCT cid) FROM o GROUP BY d, channel ORDER BY d, channel LIMIT 40

-- compiled
SELECT YEAR(day) AS y, MONTH(at) AS m, COUNT(DISTINCT YEAR(at), cid) AS n FROM o GROUP BY y, m ORDER BY y, m
