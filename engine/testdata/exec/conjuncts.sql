# A conjunction is tested a conjunct at a time, column comparisons first,
# each later conjunct on the rows kept so far (gathered with only the
# columns it reads). Conjuncts that keep all rows, none, some; NULLs; a
# subexpression shared by conjuncts tested on different row sets.
-- compiled
SELECT status, COUNT(*) FROM o WHERE channel LIKE 'w%' AND status = 'valid' GROUP BY status

-- compiled
SELECT channel, COUNT(*), SUM(amount) FROM o WHERE LOWER(channel) = 'web' AND qty > 2 AND amount IS NOT NULL GROUP BY channel

-- compiled
SELECT COUNT(*), SUM(qty) FROM o WHERE cid IS NULL AND amount > 10

-- compiled
SELECT COUNT(*) FROM o WHERE id > 0 AND status LIKE '%a%' AND CONCAT(channel, '-', status) LIKE 'app-%'

-- compiled
SELECT COUNT(*) FROM o WHERE status = 'nope' AND channel LIKE '%'

-- compiled
SELECT channel, COUNT(*) FROM o WHERE DATE(at) >= '2024-03-01' AND qty > 1 AND DATE(at) < '2024-06-01' AND MONTH(DATE(at)) <> 4 GROUP BY channel

-- compiled
SELECT COUNT(*) FROM o WHERE qty > 3 AND cid IN (SELECT cid FROM c WHERE segment = 'gold')

-- compiled
SELECT COUNT(*) FROM o WHERE (channel = 'web' OR amount > 400) AND CASE WHEN qty > 2 THEN status ELSE channel END = 'valid'

-- compiled
SELECT cid, COUNT(*) AS n, SUM(amount) AS s FROM o GROUP BY cid HAVING COUNT(*) > 20 AND SUM(amount) > 5000 AND MAX(channel) LIKE 's%'

-- compiled
SELECT COUNT(*), SUM(amount) FROM o WHERE amount - qty * 100 > 150 AND qty <> 0 AND id < 2000
