-- A session as typed into the mysql client, run as one script
-- (mysql --batch < session.sql): its output must equal session.out.
SELECT DATABASE() AS db, COUNT(*) AS customers FROM customers;
SET @from = '2024-03-01';
PREPARE orders_from FROM 'SELECT COUNT(*) AS orders_from FROM orders WHERE ordered_at >= ?';
EXECUTE orders_from USING @from;
SET @from = '2024-04-01';
EXECUTE orders_from USING @from;
DEALLOCATE PREPARE orders_from;
SELECT COUNT(*) AS customers, MAX(spent) AS top FROM
  (SELECT customer_id, CAST(SUM(amount) AS DECIMAL(12,2)) AS spent FROM orders GROUP BY customer_id) spend;
SELECT country, COUNT(*) AS customers FROM customers GROUP BY country WITH ROLLUP;
DO SLEEP(0);
SELECT customer_id, email, email_opt_in AS opt_in, DATE(signup_at) AS signup
FROM customers WHERE customer_id IN (1, 2) ORDER BY customer_id;
SHOW ERRORS;
