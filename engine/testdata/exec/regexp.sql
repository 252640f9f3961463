# REGEXP, RLIKE, NOT REGEXP and REGEXP_LIKE (exec/regexp.go): a literal
# pattern Go's regexp matches as ICU does (mysqlfn.TranslateRegexp) is a
# kernel; case sensitivity follows the collation (s: utf8mb4_0900_ai_ci,
# b: utf8mb4_0900_bin) unless match_type says 'c' or 'i'. ICU's `$`
# matches before a final line terminator, `.` matches none of them.
-- compiled
SELECT s REGEXP '@(gmail|yahoo)\\.com$' AS k, COUNT(*) FROM rx GROUP BY k

-- compiled
SELECT b REGEXP '@(gmail|yahoo)\\.com$' AS k, COUNT(*) FROM rx GROUP BY k

-- compiled
SELECT s RLIKE '^(web|app)$' AS a, b NOT REGEXP '-(web|app)$' AS c, COUNT(*) FROM rx GROUP BY a, c

-- compiled
SELECT REGEXP_LIKE(s, 'COM', 'c') AS a, REGEXP_LIKE(b, 'com', 'i') AS c, REGEXP_LIKE(s, 'com') AS d, REGEXP_LIKE(b, 'com') AS e, COUNT(*) FROM rx GROUP BY a, c, d, e

-- compiled
SELECT REGEXP_LIKE(s, '^.$') AS a, REGEXP_LIKE(s, '^a.b$', 'u') AS c, REGEXP_LIKE(s, 'a$', 'u') AS d, REGEXP_LIKE(t, '^u[0-9]+-.+$', 'cu') AS e, COUNT(*) FROM rx GROUP BY a, c, d, e

-- compiled
SELECT REGEXP_LIKE(s, '^\\d+$') AS a, s REGEXP '\\s' AS c, s REGEXP '^\\S+$' AS d, b REGEXP '^\\d{3}-\\d{4}$' AS e, COUNT(*) FROM rx GROUP BY a, c, d, e

-- compiled
SELECT s REGEXP 'k' AS a, b REGEXP 'k' AS c, s REGEXP '[a-z]+@' AS d, b REGEXP '^[^@]+@[^@]+\\.[a-z]{2,}$' AS e, COUNT(*) FROM rx GROUP BY a, c, d, e

-- compiled
SELECT id % 3 AS g, SUM(CASE WHEN t REGEXP '(gmail|yahoo)' THEN 1 ELSE 0 END) AS n, COUNT(*) FROM rx WHERE s NOT REGEXP '^w[0-9]' GROUP BY g

# a dictionary-coded column: once per entry
-- compiled
SELECT segment REGEXP '^(gold|silver)$' AS k, email REGEXP '@(a|b)\\.(com|org)$' AS e, COUNT(*) FROM c GROUP BY k, e

# Left to GMS's ICU matcher: a backreference, \w, full case folding
# (ss and ß under a case-insensitive collation), 'm' with anchors, a
# pattern from a column; NULL patterns and match types.
-- compiled
SELECT s REGEXP '(o)\\1' AS a, s REGEXP '^\\w+$' AS c, s REGEXP 'strasse' AS d, REGEXP_LIKE(s, '^b$', 'm') AS e, COUNT(*) FROM rx GROUP BY a, c, d, e

-- compiled
SELECT REGEXP_LIKE(s, CONCAT('^', b)) AS a, REGEXP_LIKE(s, NULL) AS c, REGEXP_LIKE(s, 'a', NULL) AS d, COUNT(*) FROM rx GROUP BY a, c, d
