-- Hand-worked basket fixture for affinity_rules(), top_products(),
-- predictive_affinity(), recommendations() and replenishment();
-- docs/affinity.md works through it. Statements end with ";" at the end of
-- a line. Product 6 has no category; order 302 is cancelled whole (not a
-- basket); order 401 has a returned line (left out: a single-item
-- basket); order 202 is a single-item basket; order 501 holds product 1
-- on two lines (one item of the basket). Lines are inserted out of order
-- on purpose.
INSERT INTO products (product_id, name, category_1, category_2, category_3, price) VALUES
 (1, 'A', 'Fashion', 'Shoes', 'Sneakers', 10.00),
 (2, 'B', 'Fashion', 'Shoes', 'Boots', 20.00),
 (3, 'C', 'Fashion', 'Accessories', 'Bags', 5.00),
 (4, 'D', 'Food', 'Snacks', 'Nuts', 3.00),
 (5, 'E', 'Food', 'Drinks', 'Wine', 8.00),
 (6, 'F', NULL, NULL, NULL, 1.00);
INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, status) VALUES
 (501, 1, 5, '2024-03-05 10:00:00', 2, 1, 20.00, 20.00, 'valid'),
 (501, 2, 5, '2024-03-05 10:00:00', 1, 1, 10.00, 10.00, 'valid'),
 (501, 3, 5, '2024-03-05 10:00:00', 1, 2, 10.00, 20.00, 'valid'),
 (101, 1, 1, '2024-01-10 10:00:00', 1, 1, 10.00, 10.00, 'valid'),
 (101, 2, 1, '2024-01-10 10:00:00', 3, 1, 5.00, 5.00, 'valid'),
 (102, 1, 1, '2024-02-10 10:00:00', 2, 1, 20.00, 20.00, 'valid'),
 (102, 2, 1, '2024-02-10 10:00:00', 3, 2, 5.00, 10.00, 'valid'),
 (102, 3, 1, '2024-02-10 10:00:00', 4, 1, 3.00, 3.00, 'valid'),
 (201, 1, 2, '2024-01-05 10:00:00', 1, 1, 10.00, 10.00, 'valid'),
 (201, 2, 2, '2024-01-05 10:00:00', 3, 1, 5.00, 5.00, 'valid'),
 (202, 1, 2, '2024-03-01 10:00:00', 1, 1, 10.00, 10.00, 'valid'),
 (301, 1, 3, '2024-01-20 10:00:00', 4, 1, 3.00, 3.00, 'valid'),
 (301, 2, 3, '2024-01-20 10:00:00', 5, 1, 8.00, 8.00, 'valid'),
 (302, 1, 3, '2024-02-20 10:00:00', 1, 1, 10.00, 10.00, 'cancelled'),
 (302, 2, 3, '2024-02-20 10:00:00', 3, 1, 5.00, 5.00, 'cancelled'),
 (402, 1, 4, '2024-02-02 10:00:00', 6, 1, 1.00, 1.00, 'valid'),
 (402, 2, 4, '2024-02-02 10:00:00', 1, 1, 10.00, 10.00, 'valid'),
 (401, 1, 4, '2024-02-01 10:00:00', 5, 1, 8.00, 8.00, 'valid'),
 (401, 2, 4, '2024-02-01 10:00:00', 4, 1, 3.00, 3.00, 'returned');
