-- Hand-worked fixture for abandoned_carts(), session_stats() and
-- category_shift() (docs/behaviour.md works through it). Statements end
-- with ";" at the end of a line. Products: 1, 2 Shoes; 3 Bags; 4 Books.
-- Customer 1: a converting session, a bounce 70 minutes later, a cart on
-- 06-12 recovered by an order on 06-15 in two new categories; 2: a
-- four-event session whose order comes 40 minutes after its last event;
-- 3: an abandoned cart and only a cancelled order; 4: a fresh cart on
-- 06-30; 5: a session across midnight of 06-09; 6: a new category after a
-- cancelled line in it.
INSERT INTO products (product_id, name, category_1, price) VALUES
 (1, 'Runner', 'Shoes', 50.00), (2, 'Boot', 'Shoes', 80.00), (3, 'Tote', 'Bags', 30.00), (4, 'Novel', 'Books', 10.00);
INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, status) VALUES
 (1000, 1, 1, '2024-01-10 12:00:00', 1, 1, 50.00, 50.00, 'valid'),
 (1001, 1, 1, '2024-06-10 10:30:00', 1, 1, 50.00, 50.00, 'valid'),
 (1002, 1, 1, '2024-06-15 12:00:00', 3, 1, 30.00, 30.00, 'valid'),
 (1002, 2, 1, '2024-06-15 12:00:00', 4, 1, 10.00, 10.00, 'valid'),
 (2000, 1, 2, '2024-03-01 12:00:00', 2, 1, 80.00, 80.00, 'valid'),
 (2001, 1, 2, '2024-06-11 21:40:00', 2, 1, 80.00, 80.00, 'valid'),
 (3001, 1, 3, '2024-06-13 08:20:00', 4, 1, 10.00, 10.00, 'cancelled'),
 (5001, 1, 5, '2024-06-20 12:00:00', 3, 1, 30.00, 30.00, 'valid'),
 (6000, 1, 6, '2024-02-01 12:00:00', 3, 1, 30.00, 30.00, 'valid'),
 (6000, 2, 6, '2024-02-01 12:00:00', 4, 1, 10.00, 10.00, 'cancelled'),
 (6001, 1, 6, '2024-05-01 12:00:00', 4, 1, 10.00, 10.00, 'valid');
INSERT INTO events (customer_id, occurred_at, type, channel, product_id, url, source, device) VALUES
 (1, '2024-06-10 10:00:00', 'site_visit', 'web', NULL, '/', 'search', 'desktop'),
 (1, '2024-06-10 10:10:00', 'product_view', 'web', 1, '/p/1', 'search', 'desktop'),
 (1, '2024-06-10 10:20:00', 'cart_add', 'web', 1, '/p/1', 'search', 'desktop'),
 (1, '2024-06-10 11:30:00', 'site_visit', 'web', NULL, '/', 'ad', 'mobile'),
 (1, '2024-06-11 10:00:00', 'email_open', 'email', NULL, NULL, NULL, NULL),
 (1, '2024-06-12 09:00:00', 'site_visit', 'web', NULL, '/', 'email', 'mobile'),
 (1, '2024-06-12 09:05:00', 'product_view', 'web', 3, '/p/3', 'email', 'mobile'),
 (1, '2024-06-12 09:10:00', 'cart_add', 'web', 3, '/p/3', 'email', 'mobile'),
 (2, '2024-06-11 20:00:00', 'product_view', 'web', 2, '/p/2', 'direct', 'tablet'),
 (2, '2024-06-11 20:29:00', 'product_view', 'web', 4, '/p/4', 'direct', 'tablet'),
 (2, '2024-06-11 20:58:00', 'cart_add', 'web', 2, '/p/2', 'direct', 'tablet'),
 (2, '2024-06-11 21:00:00', 'cart_add', 'web', 4, '/p/4', 'direct', 'tablet'),
 (3, '2024-06-13 08:00:00', 'cart_add', 'app', 4, '/p/4', 'social', 'mobile'),
 (4, '2024-06-30 10:00:00', 'cart_add', 'web', 1, '/p/1', 'ad', 'mobile'),
 (4, '2024-06-30 10:05:00', 'cart_add', 'web', 1, '/p/1', 'ad', 'mobile'),
 (4, '2024-06-30 10:06:00', 'cart_add', 'web', 3, '/p/3', 'ad', 'mobile'),
 (5, '2024-06-09 23:50:00', 'site_visit', 'web', NULL, '/', NULL, 'desktop'),
 (5, '2024-06-10 00:10:00', 'product_view', 'web', 1, '/p/1', NULL, 'desktop');
