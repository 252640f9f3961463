-- Hand-worked fixture for new_vs_returning(), customer_events() and
-- revenue_impact() over 2024-03-01 .. 2024-04-30 with windows active 30,
-- lapsed 90 (functions/rfm/periods_test.go works through it). Statements
-- end with ";" at the end of a line. Customer 1: first order in the range;
-- 2: saved (51 days since the previous order); 3: won back (192 days);
-- 4: two orders the same day; 5: cancelled only; 6: an order before the
-- range and one after it; 7: repeat, one saved order (34 days) and the
-- returned line of another; 8: an order with a cancelled line; 9: won back
-- on the range's last day with a product outside the catalogue; 10: an
-- order whose first (cancelled) line is dated before the range; 11: lead;
-- 12: orders on a Sunday and the Monday after (a week and month border).
INSERT INTO customers (customer_id, email, country, signup_at, source) VALUES
 (1, 'c1@x', 'DE', '2023-01-01 00:00:00', 'search'),
 (2, 'c2@x', 'DE', '2023-01-01 00:00:00', 'search'),
 (3, 'c3@x', 'FR', '2023-01-01 00:00:00', 'social'),
 (4, 'c4@x', 'FR', '2023-01-01 00:00:00', 'social'),
 (5, 'c5@x', 'DE', '2023-01-01 00:00:00', 'search'),
 (6, 'c6@x', 'PL', '2023-01-01 00:00:00', 'social'),
 (7, 'c7@x', 'DE', '2023-01-01 00:00:00', 'newsletter'),
 (8, 'c8@x', 'DE', '2023-01-01 00:00:00', 'newsletter'),
 (9, 'c9@x', 'FR', '2023-01-01 00:00:00', 'search'),
 (10, 'c10@x', 'DE', '2023-01-01 00:00:00', 'search'),
 (11, 'c11@x', 'FR', '2023-01-01 00:00:00', 'search'),
 (12, 'c12@x', 'PL', '2023-01-01 00:00:00', 'search');
INSERT INTO products (product_id, name, category_1) VALUES
 (1, 'runner', 'shoes'), (2, 'tote', 'bags'), (3, 'socks', 'shoes');
INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, status, channel, coupon_code, source_medium) VALUES
 (101, 1, 1, '2024-03-05 10:00:00', 1, 1, 100.00, 100.00, 'valid', 'web', 'SPRING', 'google / cpc'),
 (202, 1, 2, '2024-03-01 12:00:00', 1, 1, 60.00, 60.00, 'valid', 'web', NULL, 'newsletter / email'),
 (201, 1, 2, '2024-01-10 10:00:00', 2, 1, 50.00, 50.00, 'valid', 'store', NULL, NULL),
 (301, 1, 3, '2023-10-01 10:00:00', 1, 1, 40.00, 40.00, 'valid', 'web', NULL, 'google / cpc'),
 (302, 1, 3, '2024-04-10 10:00:00', 3, 1, 20.00, 20.00, 'valid', 'web', 'WINBACK', 'newsletter / email'),
 (402, 1, 4, '2024-03-10 18:00:00', 2, 1, 70.00, 70.00, 'valid', 'app', NULL, NULL),
 (401, 1, 4, '2024-03-10 09:00:00', 1, 1, 30.00, 30.00, 'valid', 'web', NULL, 'google / cpc'),
 (501, 1, 5, '2024-03-15 10:00:00', 1, 1, 80.00, 80.00, 'cancelled', 'web', NULL, NULL),
 (601, 1, 6, '2024-02-01 10:00:00', 2, 1, 25.00, 25.00, 'valid', 'web', NULL, NULL),
 (602, 1, 6, '2024-05-20 10:00:00', 1, 1, 999.00, 999.00, 'valid', 'web', NULL, NULL),
 (701, 1, 7, '2024-02-20 10:00:00', 1, 1, 10.00, 10.00, 'valid', 'web', NULL, NULL),
 (702, 1, 7, '2024-03-02 10:00:00', 1, 1, 15.00, 15.00, 'valid', 'web', NULL, NULL),
 (702, 2, 7, '2024-03-02 10:00:00', 2, 1, 5.00, 5.00, 'returned', 'web', NULL, NULL),
 (703, 1, 7, '2024-04-05 10:00:00', 3, 1, 12.00, 12.00, 'valid', 'app', NULL, NULL),
 (704, 1, 7, '2024-04-06 10:00:00', 3, 1, 8.00, 8.00, 'valid', 'app', NULL, NULL),
 (801, 1, 8, '2024-04-20 10:00:00', 3, 1, 33.00, 33.00, 'valid', 'web', NULL, NULL),
 (801, 2, 8, '2024-04-20 10:00:00', 2, 1, 44.00, 44.00, 'cancelled', 'web', NULL, NULL),
 (901, 1, 9, '2023-12-31 10:00:00', 2, 1, 90.00, 90.00, 'valid', 'store', NULL, NULL),
 (902, 1, 9, '2024-04-30 23:00:00', 1, 1, 100.00, 100.00, 'valid', 'app', 'SPRING', NULL),
 (902, 2, 9, '2024-04-30 23:00:00', 4, 1, 50.00, 50.00, 'valid', 'app', 'SPRING', NULL),
 (1001, 1, 10, '2024-02-28 23:00:00', 1, 1, 11.00, 11.00, 'cancelled', 'web', NULL, NULL),
 (1001, 2, 10, '2024-03-01 01:00:00', 2, 1, 22.00, 22.00, 'valid', 'web', NULL, NULL),
 (1201, 1, 12, '2024-03-31 10:00:00', 1, 1, 5.00, 5.00, 'valid', 'web', NULL, NULL),
 (1202, 1, 12, '2024-04-01 10:00:00', 1, 1, 6.00, 6.00, 'valid', 'web', NULL, NULL);
