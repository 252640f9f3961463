# String group keys from a join's build side and from several segments of
# the probe side: a group table holds one copy per text, shared by the
# groups of that text (keyTable.keyText); NULLs, empty strings and one
# text from two CASE branches must keep their groups apart or together.
-- compiled
SELECT c.segment, o.channel, COUNT(*), SUM(o.qty) FROM o JOIN c ON c.cid = o.cid GROUP BY c.segment, o.channel

-- compiled
SELECT c.segment, o.status, o.qty, COUNT(*), SUM(o.amount) FROM o JOIN c ON c.cid = o.cid GROUP BY c.segment, o.status, o.qty

SELECT CASE WHEN c.segment = 'gold' THEN 'x' WHEN c.segment = 'silver' THEN 'x' WHEN c.segment IS NULL THEN '' ELSE 'y' END AS k, o.channel, COUNT(*) FROM o JOIN c ON c.cid = o.cid GROUP BY k, o.channel

SELECT c.email, o.status, COUNT(*), MAX(o.qty) FROM o JOIN c ON c.cid = o.cid GROUP BY c.email, o.status

SELECT SUBSTRING(c.email, 1, 2) AS p, c.segment, o.channel, COUNT(*) FROM o JOIN c ON c.cid = o.cid WHERE o.qty > 2 GROUP BY p, c.segment, o.channel

SELECT seg, rn, channel, n FROM (SELECT c.segment AS seg, o.channel, COUNT(*) AS n, ROW_NUMBER() OVER (PARTITION BY c.segment ORDER BY COUNT(*) DESC, o.channel) AS rn FROM o JOIN c ON c.cid = o.cid GROUP BY c.segment, o.channel) t WHERE rn <= 2
