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
DROP TABLE compat_rx;
