# CONVERT_TZ between literal zones: a kernel that shifts each hour by its
# offset change and converts hours with a transition inside row by row;
# expressions over it (DATE, HOUR, DATE_FORMAT, Metabase's month start)
# read the converted values as a column.
-- compiled
SELECT id, CONVERT_TZ(at, 'UTC', 'Europe/Berlin') AS a, CONVERT_TZ(at, 'Europe/Berlin', 'UTC') AS b, CONVERT_TZ(at, 'America/New_York', 'Europe/Berlin') AS c, CONVERT_TZ(at, '+00:00', '-05:30') AS d, COUNT(*) FROM tz GROUP BY id, a, b, c, d

-- compiled
SELECT DATE(CONVERT_TZ(at, 'UTC', 'Europe/Berlin')) AS d, HOUR(CONVERT_TZ(at, 'UTC', 'America/New_York')) AS h, COUNT(*) FROM tz GROUP BY d, h

-- compiled
SELECT STR_TO_DATE(CONCAT(DATE_FORMAT(CONVERT_TZ(at, 'UTC', 'Europe/Berlin'), '%Y-%m'), '-01'), '%Y-%m-%d') AS m, DATE_FORMAT(CONVERT_TZ(at, 'Europe/Berlin', 'UTC'), '%Y-%m-%d %H:%i') AS f, COUNT(*) FROM tz GROUP BY m, f

-- compiled
SELECT COUNT(*), MIN(id), MAX(id) FROM tz WHERE CONVERT_TZ(at, 'UTC', 'Europe/Berlin') >= '2026-03-29 03:00:00' AND CONVERT_TZ(at, 'UTC', 'Europe/Berlin') < '2026-10-25 02:30:00'

-- compiled
SELECT DATE(CONVERT_TZ(at, 'UTC', 'Europe/Berlin')) AS d, COUNT(*) FROM dt GROUP BY d

-- compiled
SELECT CONVERT_TZ(at, 'SYSTEM', 'europe/berlin') AS a, CONVERT_TZ(at, 'Nowhere/Town', 'UTC') AS b, COUNT(*) FROM tz GROUP BY a, b
