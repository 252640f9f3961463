# TIMESTAMPDIFF over strings (DATE_FORMAT month starts, CTE columns of
# them, strings that are no date: NULL), read as DATETIMEs once each.
-- compiled
SELECT TIMESTAMPDIFF(MONTH, DATE_FORMAT(day, '%Y-%m-01'), DATE_FORMAT(at, '%Y-%m-01')) AS m, COUNT(*) FROM o GROUP BY m

-- compiled
WITH f AS (SELECT cid, DATE_FORMAT(MIN(at), '%Y-%m-01') AS cm FROM o GROUP BY cid) SELECT f.cm, TIMESTAMPDIFF(MONTH, f.cm, DATE_FORMAT(o.at, '%Y-%m-01')) AS k, COUNT(DISTINCT o.cid) FROM o JOIN f ON f.cid = o.cid GROUP BY 1, 2

-- compiled
SELECT TIMESTAMPDIFF(DAY, s, at) AS d, TIMESTAMPDIFF(YEAR, CONCAT(s, '-01-01'), day) AS y, COUNT(*) FROM dt GROUP BY d, y
