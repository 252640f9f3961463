# Packed radix sorts (exec/radix.go): keys of integers, DECIMALs, DATEs,
# DATETIMEs, DOUBLEs and strings (by rank) packed into one word by their
# ranges, radix sorted stably. Ties keep arrival order as GMS's window
# does (ROW_NUMBER and NTILE over many ties), NULLs first ascending and
# last descending, several keys in both directions; partitions and peers
# from the packed keys. o has ~5,300 rows, over the radix threshold; a
# cross join with a few rows makes ~27,000.
-- compiled
SELECT id, ROW_NUMBER() OVER (ORDER BY qty) AS rn, ROW_NUMBER() OVER (ORDER BY qty DESC) AS rd, NTILE(7) OVER (ORDER BY channel) AS t FROM o

-- compiled
SELECT id, ROW_NUMBER() OVER (PARTITION BY channel ORDER BY amount DESC, day, score) AS rn, RANK() OVER (PARTITION BY status ORDER BY amount, at DESC) AS r, DENSE_RANK() OVER (ORDER BY cid DESC, day) AS dr FROM o

-- compiled
SELECT cid, NTILE(5) OVER (ORDER BY r DESC, cid) AS rq, NTILE(5) OVER (ORDER BY f, cid) AS fq, NTILE(5) OVER (ORDER BY m, cid) AS mq, ROW_NUMBER() OVER (ORDER BY m DESC) AS mr FROM (SELECT cid, DATEDIFF('2025-01-01', MAX(at)) AS r, COUNT(DISTINCT oid) AS f, SUM(amount) AS m FROM o GROUP BY cid) t

# -0.0 and 0.0 are peers (every row of the first window ranks 1).
-- compiled
SELECT id, RANK() OVER (ORDER BY (score - 4.5) * 0) AS z, RANK() OVER (ORDER BY score - 4.5 DESC, big) AS r, ROW_NUMBER() OVER (PARTITION BY score ORDER BY big DESC, id) AS rn FROM o

# A join's rows arrive in another order on each executor: ties are
# broken by the keys.
-- compiled
SELECT o.id, k.k, ROW_NUMBER() OVER (ORDER BY o.amount, k.k DESC, o.id) AS rn, RANK() OVER (PARTITION BY k.k ORDER BY o.day DESC, o.qty) AS r, NTILE(9) OVER (ORDER BY o.at, o.id, k.k) AS t FROM o CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) k

-- compiled
-- ordered
SELECT o.id, k.k, o.amount FROM o CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) k ORDER BY o.amount DESC, o.day, k.k, o.id LIMIT 5000

-- compiled
-- ordered
SELECT o.id, k.k, o.at FROM o CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) k ORDER BY o.channel DESC, o.at, o.id DESC, k.k

-- compiled
-- ordered
SELECT cid, COUNT(*) AS n, SUM(amount) AS s FROM o GROUP BY cid ORDER BY s DESC, cid
