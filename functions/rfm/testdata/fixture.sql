-- Hand-worked fixture for rfm(), lifecycle() and customer_snapshot() as of
-- 2024-06-30 (docs/analytics.md works through it). Statements end with ";"
-- at the end of a line. Customer 1: lead; 2: one order on the as-of day;
-- 3: two orders the same day; 4: cancelled orders only; 5: one order plus a
-- future-dated one; 6: signs up after as-of; 7: repeat, recent, with a
-- returned line; 8: repeat, defecting; 9: repeat, long inactive; 10: one old
-- order; 11: one big order; 12: an order with a cancelled line.
-- Lines are inserted out of order_id order on purpose (the map path).
INSERT INTO customers (customer_id, email, country, signup_at, source) VALUES
 (1, 'c1@x', 'DE', '2024-01-01 10:00:00', 'newsletter'),
 (2, 'c2@x', 'DE', '2024-06-30 09:00:00', 'search'),
 (3, 'c3@x', 'FR', '2024-05-20 12:00:00', 'search'),
 (4, 'c4@x', 'FR', '2024-04-01 08:00:00', 'social'),
 (5, 'c5@x', 'DE', '2024-01-01 00:00:00', 'search'),
 (6, 'c6@x', 'PL', '2024-08-01 00:00:00', 'social'),
 (7, 'c7@x', NULL, '2024-06-01 00:00:00', 'search'),
 (8, 'c8@x', 'DE', '2023-12-31 23:00:00', 'newsletter'),
 (9, 'c9@x', 'FR', '2021-12-01 00:00:00', 'search'),
 (10, 'c10@x', 'DE', '2023-01-01 00:00:00', 'social'),
 (11, 'c11@x', 'FR', '2024-06-01 00:00:00', 'search'),
 (12, 'c12@x', 'PL', '2024-06-14 00:00:00', 'search');
INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, status, channel) VALUES
 (21, 1, 2, '2024-06-30 10:00:00', 1, 1, 100.00, 100.00, 'valid', 'web'),
 (32, 1, 3, '2024-06-01 18:00:00', 1, 1, 50.00, 50.00, 'valid', 'web'),
 (31, 1, 3, '2024-06-01 09:00:00', 1, 1, 50.00, 50.00, 'valid', 'store'),
 (41, 1, 4, '2024-05-01 10:00:00', 1, 1, 80.00, 80.00, 'cancelled', 'web'),
 (42, 1, 4, '2024-05-02 10:00:00', 1, 1, 80.00, 80.00, 'cancelled', 'web'),
 (51, 1, 5, '2024-05-01 23:59:59', 1, 2, 10.00, 20.00, 'valid', 'app'),
 (52, 1, 5, '2024-07-15 10:00:00', 1, 1, 999.00, 999.00, 'valid', 'app'),
 (71, 1, 7, '2024-06-20 10:00:00', 1, 1, 30.00, 30.00, 'valid', 'web'),
 (71, 2, 7, '2024-06-20 10:00:00', 2, 1, 10.00, 10.00, 'returned', 'web'),
 (72, 1, 7, '2024-06-25 10:00:00', 1, 1, 40.00, 40.00, 'valid', 'web'),
 (73, 1, 7, '2024-06-28 10:00:00', 1, 1, 25.50, 25.50, 'valid', 'web'),
 (81, 1, 8, '2024-01-10 10:00:00', 1, 1, 150.00, 150.00, 'valid', 'store'),
 (82, 1, 8, '2024-02-10 10:00:00', 1, 1, 150.00, 150.00, 'valid', 'store'),
 (91, 1, 9, '2022-01-01 10:00:00', 1, 1, 200.00, 200.00, 'valid', 'web'),
 (92, 1, 9, '2022-06-01 10:00:00', 1, 1, 300.00, 300.00, 'valid', 'web'),
 (101, 1, 10, '2023-01-01 10:00:00', 1, 1, 35.00, 35.00, 'valid', 'marketplace'),
 (111, 1, 11, '2024-06-10 10:00:00', 1, 1, 1000.00, 1000.00, 'valid', 'web'),
 (121, 1, 12, '2024-06-15 10:00:00', 1, 1, 45.00, 45.00, 'valid', 'web'),
 (121, 2, 12, '2024-06-15 10:00:00', 2, 1, 15.00, 15.00, 'cancelled', 'web');
INSERT INTO events (customer_id, occurred_at, type) VALUES
 (7, '2024-06-01 10:00:00', 'email_open'),
 (7, '2024-06-02 10:00:00', 'email_open'),
 (7, '2024-06-02 10:01:00', 'email_click'),
 (7, '2024-06-20 09:50:00', 'site_visit'),
 (7, '2024-06-20 09:51:00', 'product_view'),
 (2, '2024-06-30 08:00:00', 'email_open'),
 (11, '2024-04-02 00:00:00', 'email_click'),
 (3, '2024-04-01 23:59:59', 'email_open'),
 (8, '2024-05-01 10:00:00', 'email_sent'),
 (8, '2024-05-02 10:00:00', 'unsubscribe'),
 (9, '2024-07-01 10:00:00', 'site_visit'),
 (1, '2024-06-10 10:00:00', 'email_open');
