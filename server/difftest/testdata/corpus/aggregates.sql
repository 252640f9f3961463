-- Aggregates' results as MySQL 8 gives them: GROUP_CONCAT cut at
-- group_concat_max_len (1024 bytes, MySQL 8's default; the harness sets
-- MariaDB's to it) at a whole character when the cut falls inside a
-- multi-byte one.

-- feature: function: GROUP_CONCAT
SELECT LENGTH(GROUP_CONCAT(name ORDER BY product_id)), CHAR_LENGTH(GROUP_CONCAT(name ORDER BY product_id)) FROM products;
SELECT category_1, LENGTH(GROUP_CONCAT(name ORDER BY product_id SEPARATOR ', ')) FROM products GROUP BY category_1;
SELECT GROUP_CONCAT(CONCAT('x', REPEAT('é', 600))) FROM products WHERE product_id = 1;
SELECT LENGTH(GROUP_CONCAT(CONCAT('x', REPEAT('é', 600)))), CHAR_LENGTH(GROUP_CONCAT(CONCAT('x', REPEAT('é', 600)))) FROM products WHERE product_id = 1;
SELECT LENGTH(GROUP_CONCAT(CONCAT('ab', REPEAT('€', 400)) SEPARATOR '')), CHAR_LENGTH(GROUP_CONCAT(CONCAT('ab', REPEAT('€', 400)) SEPARATOR '')) FROM products WHERE product_id < 3;
SELECT LENGTH(GROUP_CONCAT(DISTINCT p0.name ORDER BY p0.name SEPARATOR '|')), COUNT(*) FROM products p0 JOIN orders o0 ON o0.product_id = p0.product_id;
