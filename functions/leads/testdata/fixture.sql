-- Hand-worked fixture for lead scoring as of 2024-06-30 with the rules
-- below (docs/behaviour.md works through it). Statements end with ";" at
-- the end of a line. Contact 1: a lead with visits, pricing-page views
-- over the cap, a decayed open and a campaign click; 2: a buyer whose
-- engagement since the first order is negative (unsubscribed); 3: signs up
-- after the as-of day; 4: a lead with a cancelled order and no events;
-- 6: a lead with a valid order after the as-of day; 7: a buyer engaged
-- after the first order; 99: events without a contact.
INSERT INTO scoring_rules (rule, event_type, url_pattern, source_pattern, campaign_id, points, half_life_days, cap) VALUES
 ('visit', 'site_visit', NULL, NULL, NULL, 2, NULL, NULL),
 ('ad_visit', 'site_visit', NULL, 'ad', NULL, 3, NULL, NULL),
 ('pricing', 'product_view', '%/pricing%', NULL, NULL, 10, NULL, 15),
 ('open', 'email_open', NULL, NULL, NULL, 5, 10, NULL),
 ('spring_click', 'email_click', NULL, NULL, 7, 4, NULL, NULL),
 ('unsubscribe', 'unsubscribe', NULL, NULL, NULL, -20, NULL, NULL);
INSERT INTO customers (customer_id, email, signup_at) VALUES
 (1, 'ana@example.com', '2024-01-01 10:00:00'),
 (2, 'ben@example.com', '2024-02-01 10:00:00'),
 (3, 'cy@example.com', '2024-07-10 10:00:00'),
 (4, 'dee@example.com', '2024-03-01 10:00:00'),
 (6, 'fay@example.com', '2024-04-01 10:00:00'),
 (7, 'gus@example.com', '2024-04-01 10:00:00');
INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, status) VALUES
 (201, 1, 2, '2024-06-10 12:00:00', 1, 1, 50.00, 50.00, 'valid'),
 (401, 1, 4, '2024-06-01 12:00:00', 1, 1, 50.00, 50.00, 'cancelled'),
 (601, 1, 6, '2024-07-02 12:00:00', 1, 1, 50.00, 50.00, 'valid'),
 (701, 1, 7, '2024-05-01 12:00:00', 1, 1, 50.00, 50.00, 'valid');
INSERT INTO events (customer_id, occurred_at, type, campaign_id, url, source) VALUES
 (1, '2024-06-30 09:00:00', 'site_visit', NULL, '/', 'ad'),
 (1, '2024-06-20 09:00:00', 'site_visit', NULL, '/', 'search'),
 (1, '2024-06-25 09:00:00', 'product_view', NULL, '/pricing', 'search'),
 (1, '2024-06-26 09:00:00', 'product_view', NULL, '/en/pricing/pro', 'search'),
 (1, '2024-06-20 08:00:00', 'email_open', 7, NULL, NULL),
 (1, '2024-06-20 08:05:00', 'email_click', 7, NULL, NULL),
 (1, '2024-06-21 08:05:00', 'email_click', 8, NULL, NULL),
 (1, '2024-07-05 09:00:00', 'site_visit', NULL, '/', 'ad'),
 (2, '2024-06-10 10:00:00', 'email_open', 8, NULL, NULL),
 (2, '2024-06-10 13:00:00', 'site_visit', NULL, '/', 'direct'),
 (2, '2024-06-30 08:00:00', 'email_open', 9, NULL, NULL),
 (2, '2024-06-30 08:30:00', 'unsubscribe', NULL, NULL, NULL),
 (3, '2024-06-30 08:00:00', 'site_visit', NULL, '/', 'ad'),
 (6, '2024-06-28 09:00:00', 'product_view', NULL, '/pricing', 'direct'),
 (6, '2024-06-28 09:01:00', 'product_view', NULL, '/PRICING', 'direct'),
 (6, '2024-06-29 09:00:00', 'product_view', NULL, '/pricing#faq', 'direct'),
 (6, '2024-06-30 09:00:00', 'email_open', 9, NULL, NULL),
 (6, '2024-06-30 10:00:00', 'site_visit', NULL, '/', NULL),
 (7, '2024-04-30 09:00:00', 'email_open', 6, NULL, NULL),
 (7, '2024-06-01 09:00:00', 'site_visit', NULL, '/', 'direct'),
 (7, '2024-06-02 09:00:00', 'site_visit', NULL, '/', 'direct'),
 (7, '2024-06-03 09:00:00', 'site_visit', NULL, '/', 'direct'),
 (7, '2024-06-04 09:00:00', 'site_visit', NULL, '/', 'direct'),
 (7, '2024-06-05 09:00:00', 'site_visit', NULL, '/', 'direct'),
 (99, '2024-06-30 09:00:00', 'site_visit', NULL, '/', 'ad');
