# TIMESTAMPDIFF over strings (DATE_FORMAT month starts, CTE columns of
# them, strings that are no date: NULL), read as DATETIMEs once each.
-- compiled
SELECT TIMESTAMPDIFF(MONTH, DATE_FORMAT(day, '%Y-%m-01'), DATE_FORMAT(at, '%Y-%m-01')) AS m, COUNT(*) FROM o GROUP BY m

-- compiled
WITH f AS (SELECT cid, DATE_FORMAT(MIN(at), '%Y-%m-01') AS cm FROM o GROUP BY cid) SELECT f.cm, TIMESTAMPDIFF(MONTH, f.cm, DATE_FORMAT(o.at, '%Y-%m-01')) AS k, COUNT(DISTINCT o.cid) FROM o JOIN f ON f.cid = o.cid GROUP BY 1, 2

-- compiled
SELECT TIMESTAMPDIFF(DAY, s, at) AS d, TIMESTAMPDIFF(YEAR, CONCAT(s, '-01-01'), day) AS y, COUNT(*) FROM dt GROUP BY d, y

# A DATE column against a constant: computed once per day (diffOp's
# memo), in either order, every unit, NULL days among them.
-- compiled
SELECT TIMESTAMPDIFF(YEAR, day, '2024-06-30') AS y, TIMESTAMPDIFF(MONTH, '2023-03-15 12:00:00', day) AS m, TIMESTAMPDIFF(QUARTER, day, '2022-11-30') AS q, COUNT(*) FROM o GROUP BY y, m, q

-- compiled
SELECT TIMESTAMPDIFF(WEEK, day, '2023-07-01') AS w, TIMESTAMPDIFF(HOUR, '2023-05-05 05:05:05', day) AS h, TIMESTAMPDIFF(DAY, day, '2023-12-31') AS d, SUM(qty) FROM o WHERE day IS NOT NULL GROUP BY w, h, d

-- compiled
SELECT CASE WHEN TIMESTAMPDIFF(YEAR, day, '2026-06-30') < 3 THEN 'a' WHEN TIMESTAMPDIFF(YEAR, day, '2026-06-30') < 4 THEN 'b' ELSE 'c' END AS band, COUNT(*) FROM dt GROUP BY band
