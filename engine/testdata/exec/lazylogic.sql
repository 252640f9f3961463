# An AND's dear right side is computed only on the rows its left side
# leaves undecided (TRUE or NULL), an OR's on those it leaves FALSE or
# NULL (lazylogic.go). Left sides deciding no row, some, all; NULLs on
# either side; nested ANDs and ORs; a right side shared with another
# expression (computed on the whole batch instead).
-- compiled
SELECT channel, SUM(CASE WHEN status = 'valid' AND channel LIKE '%e%' THEN 1 ELSE 0 END), COUNT(*) FROM o GROUP BY channel

-- compiled
SELECT status, SUM(IF(cid > 150 AND LOWER(channel) = 'web', amount, 0)), SUM(qty > 2 OR CONCAT(channel, status) LIKE 'app%') FROM o GROUP BY status

-- compiled
SELECT COUNT(*), SUM(CASE WHEN cid IS NULL AND channel LIKE 'w%' THEN 1 END), SUM(CASE WHEN status = 'nope' AND channel LIKE '%' THEN 1 ELSE 0 END) FROM o

-- compiled
SELECT (amount > 100) AND (UPPER(status) LIKE 'V%') AS a, (amount > 100) OR (UPPER(channel) LIKE 'S%') AS b, channel IS NULL OR LENGTH(channel) > 3 AS c, COUNT(*) FROM o GROUP BY a, b, c

-- compiled
SELECT channel, SUM(CASE WHEN qty >= -1 AND status LIKE '%d' THEN 1 ELSE 0 END), SUM(CASE WHEN qty > 9 OR status LIKE '%d' THEN 1 ELSE 0 END) FROM o GROUP BY channel

-- compiled
SELECT DATE_FORMAT(at, '%Y-%m') AS m, SUM(CASE WHEN status = 'valid' AND (channel LIKE '%p%' OR CONCAT(status, cid) LIKE 'valid1%') AND qty > 0 THEN amount END) FROM o GROUP BY m

-- compiled
SELECT channel, SUM(CASE WHEN status = 'valid' AND channel LIKE '%e%' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'returned' AND channel LIKE '%e%' THEN 1 ELSE 0 END) FROM o GROUP BY channel

-- compiled
SELECT COUNT(*) FROM o WHERE status = 'valid' OR (channel LIKE '%o%' AND MONTH(at) = 3)
