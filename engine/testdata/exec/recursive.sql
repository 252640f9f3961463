# A recursive CTE is GMS's to run (a row source: its rows are few), and
# what reads it runs vectorised: a date series LEFT JOINed to the lines
# on a date expression fills the days without lines with 0; a number
# series joined on an integer column.
-- compiled
WITH RECURSIVE days AS (SELECT DATE('2024-01-01') AS d UNION ALL SELECT d + INTERVAL 1 DAY FROM days WHERE d < '2024-03-31') SELECT days.d, COUNT(o.id), SUM(o.amount) FROM days LEFT JOIN o ON DATE(o.at) = days.d GROUP BY days.d

-- compiled
WITH RECURSIVE n AS (SELECT 1 AS k UNION ALL SELECT k + 1 FROM n WHERE k < 12) SELECT n.k, COUNT(o.id) FROM n LEFT JOIN o ON o.qty = n.k AND o.status = 'valid' GROUP BY n.k

-- compiled
WITH RECURSIVE n AS (SELECT 0 AS k UNION ALL SELECT k + 1 FROM n WHERE k < 3) SELECT COUNT(*), SUM(o.qty) FROM o WHERE o.qty IN (SELECT k FROM n)
