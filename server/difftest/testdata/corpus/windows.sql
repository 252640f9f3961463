-- Window functions GMS lacks or answers differently: CUME_DIST (the
-- share of the partition up to the current row's last peer, a DOUBLE),
-- beside PERCENT_RANK, over rows and over groups, partitioned, with ties,
-- nested in other expressions and in ORDER BY.

-- feature: function: CUME_DIST
SELECT channel, COUNT(*) AS v, CUME_DIST() OVER (ORDER BY COUNT(*) DESC) AS r FROM orders GROUP BY channel;
SELECT status, currency, CUME_DIST() OVER (PARTITION BY currency ORDER BY status) AS c, PERCENT_RANK() OVER (PARTITION BY currency ORDER BY status) AS p, COUNT(*) FROM orders GROUP BY status, currency;
-- ordered
SELECT product_id, price, CUME_DIST() OVER (PARTITION BY category_1 ORDER BY price) FROM products ORDER BY product_id LIMIT 40;
-- ordered
SELECT product_id, ROUND(CUME_DIST() OVER (ORDER BY price DESC), 3) AS r FROM products ORDER BY r, product_id LIMIT 20;
-- ordered
SELECT product_id FROM products ORDER BY CUME_DIST() OVER (ORDER BY price), product_id LIMIT 10;
