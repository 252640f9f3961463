# A conjunction's constant lower and upper bounds of one column are one
# range test (exec/rangecmp.go): strict and inclusive bounds, the literal
# on either side, the bounds apart in a longer AND chain, DECIMALs,
# DATEs and DATETIMEs against string literals, an empty range, bounds
# at BIGINT's ends, NULL columns, and the range as a value (NULL where
# the column is) in a select list and under NOT and OR.
-- compiled
SELECT COUNT(*), SUM(qty) FROM o WHERE at >= '2024-03-01' AND at < '2024-06-01'

-- compiled
SELECT COUNT(*), SUM(qty) FROM o WHERE at > '2024-03-01 10:00:00' AND at <= '2024-06-01 23:59:00'

-- compiled
SELECT COUNT(*), SUM(qty) FROM o WHERE '2023-05-01' <= day AND '2023-09-01' > day

-- compiled
SELECT channel, COUNT(*) FROM o WHERE amount >= 10 AND status = 'valid' AND amount < 100.50 GROUP BY channel

-- compiled
SELECT COUNT(*), SUM(amount) FROM o WHERE amount > 0.99 AND amount <= 250

-- compiled
SELECT COUNT(*) FROM o WHERE qty >= 3 AND qty <= 3

-- compiled
SELECT COUNT(*) FROM o WHERE qty > 5 AND qty < 2

-- compiled
SELECT COUNT(*) FROM o WHERE cid >= -9223372036854775808 AND cid <= 9223372036854775807

-- compiled
SELECT COUNT(*) FROM o WHERE cid > 9223372036854775806 AND cid < 9223372036854775807

-- compiled
SELECT COUNT(*) FROM o WHERE cid > 100 AND cid < 200 AND cid >= 150 AND cid <= 190

-- compiled
SELECT id, cid > 100 AND cid < 200 AS mid, NOT (cid >= 10 AND cid <= 20) AS outside, (amount >= 5 AND amount < 6) OR cid IS NULL AS either FROM o WHERE id < 400 ORDER BY id

-- compiled
SELECT COUNT(*), SUM(CASE WHEN at >= '2024-01-01' AND at < '2024-07-01' THEN 1 ELSE 0 END) FROM o

-- compiled
SELECT COUNT(*) FROM dt WHERE at >= '1999-12-31 12:00:00' AND at < '2000-01-02' AND n > -2 AND n <= 4

-- compiled
SELECT COUNT(*) FROM o WHERE cid IS NOT NULL AND channel IS NULL

-- compiled
SELECT id, cid IS NULL, NOT (cid IS NULL), NOT (qty > 3), amount IS NOT NULL FROM o WHERE id < 200 ORDER BY id

-- compiled
SELECT qty, COUNT(*) FROM o WHERE qty > 2 AND qty < 6 GROUP BY qty

-- compiled
SELECT day, COUNT(*) FROM o WHERE day > '2023-05-01' AND day <= '2023-05-28' GROUP BY day
