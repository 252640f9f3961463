-- REGEXP, RLIKE and NOT REGEXP, which cohortdb matches with Go's regexp
-- where the pattern means the same there as in MySQL 8's ICU
-- (engine/mysqlfn/regexp.go) and with ICU otherwise. Case sensitivity
-- follows the collation (the default is case-insensitive, utf8mb4_bin
-- is not). Only what MariaDB's PCRE and MySQL's ICU agree on is here:
-- ASCII texts without line terminators (PCRE's `.`, `$` and \d, \s know
-- fewer of them), no REGEXP_LIKE (MariaDB has none), no [[:<:]].
-- feature: function: REGEXP
DROP TABLE IF EXISTS compat_rx;
CREATE TABLE compat_rx (id INT PRIMARY KEY, s VARCHAR(60), b VARCHAR(60) COLLATE utf8mb4_bin);
INSERT INTO compat_rx VALUES (1, 'joe@gmail.com', 'joe@gmail.com'), (2, 'JOE@GMAIL.COM', 'JOE@GMAIL.COM'), (3, 'ann@yahoo.com', 'Ann@Yahoo.com'), (4, 'x@yahoo.com.au', 'x@yahoo.com.au'), (5, NULL, NULL), (6, '', ''), (7, 'web', 'WEB'), (8, 'w1-app', 'w1-APP'), (9, 'store', 'Store'), (10, '123-4567', '12-345'), (11, 'a b', 'a  b'), (12, 'colour', 'color'), (13, 'aaa', 'ab'), (14, 'Mississippi', 'mississippi');
SELECT s REGEXP '@(gmail|yahoo)\\.com$' a, b REGEXP '@(gmail|yahoo)\\.com$' c, COUNT(*) FROM compat_rx GROUP BY a, c;
SELECT id, s REGEXP '^(web|app)$' a, s RLIKE '-(web|app)$' c, b NOT REGEXP '-(web|app)$' d, b REGEXP 'app' e FROM compat_rx ORDER BY id;
SELECT id, s REGEXP '^[0-9]{3}-[0-9]{4}$' a, b REGEXP '^\\d+-\\d+$' c, s REGEXP '\\s' d, b REGEXP '^\\S+$' e, s REGEXP 'colou?r' f, b REGEXP '^a{2,3}$' g FROM compat_rx ORDER BY id;
SELECT id, s REGEXP '^[^@]+@[^@]+\\.[a-z]{2,}$' a, b REGEXP '^[^@]+@[^@]+\\.[a-z]{2,}$' c, s REGEXP 'm(is)+' d, b REGEXP '^M' e, s REGEXP '^$' f, s REGEXP '(o|a)\\.' g FROM compat_rx ORDER BY id;
SELECT COUNT(*) FROM compat_rx WHERE s REGEXP '(gmail|yahoo)' AND b NOT REGEXP '^[A-Z]';
SELECT id, CASE WHEN s REGEXP '^[a-z]+$' THEN 'word' WHEN s REGEXP '@' THEN 'email' ELSE 'other' END k FROM compat_rx ORDER BY id;
SELECT 'abc' REGEXP 'B' a, 'abc' REGEXP NULL c, NULL REGEXP 'a' d, 'a.c' REGEXP 'a\\.c' e, 'abc' REGEXP 'a\\.c' f;
SELECT email REGEXP '@(example|test)\\.(com|org)$' a, COUNT(*) FROM customers GROUP BY a;
-- REGEXP_INSTR, REGEXP_SUBSTR and REGEXP_REPLACE with MariaDB's
-- arguments (it has no pos, occurrence, return_option or match_type;
-- its replacement's group references are \1, ICU's $1: none here).
-- feature: function: REGEXP_INSTR
-- ordered
SELECT id, REGEXP_INSTR(s, '@(gmail|yahoo)\\.') a, REGEXP_INSTR(b, '[A-Z]') c, REGEXP_INSTR(s, 'is+') d, REGEXP_INSTR(s, '[0-9]+') e FROM compat_rx ORDER BY id;
-- feature: function: REGEXP_SUBSTR
-- ordered
SELECT id, REGEXP_SUBSTR(s, '@[a-z]+') a, REGEXP_SUBSTR(b, '[A-Z]+') c, REGEXP_SUBSTR(s, 'colou?r') d, REGEXP_SUBSTR(s, '[0-9]{2,3}') e FROM compat_rx ORDER BY id;
-- feature: function: REGEXP_REPLACE
-- ordered
SELECT id, REGEXP_REPLACE(s, '[aeiou]', '*') a, REGEXP_REPLACE(b, '[A-Z]+', '_') c, REGEXP_REPLACE(s, '@(gmail|yahoo)\\.com', '@x') d, REGEXP_REPLACE(s, 'ss', 'S') e FROM compat_rx ORDER BY id;
SELECT REGEXP_REPLACE(email, '@.*', '') u, COUNT(*) FROM customers GROUP BY u HAVING COUNT(*) > 1;
DROP TABLE compat_rx;
