-- Subqueries of a grouped query that read the outer query's rows: an
-- outer aggregate (MySQL evaluates it in the outer query, per group; GMS
-- v0.20.0's planner failed with 1105 "unable to find field with index
-- N"; engine/outer_agg.go) or an outer column outside GROUP BY
-- (ONLY_FULL_GROUP_BY: 1055).

-- feature: clause: subquery
SELECT o.customer_id, (SELECT COUNT(*) FROM products p WHERE p.product_id < MAX(o.product_id)) AS n FROM orders o GROUP BY o.customer_id;
SELECT (SELECT MAX(o.quantity) FROM products p LIMIT 1) AS m FROM orders o GROUP BY o.customer_id;
SELECT c.country, (SELECT COUNT(*) FROM orders o WHERE o.customer_id = MAX(c.customer_id)) AS n, (SELECT SUM(o.amount) FROM orders o WHERE o.customer_id = MIN(c.customer_id)) AS s FROM customers c GROUP BY c.country;
-- ordered
SELECT (SELECT MAX(o.quantity) FROM products p LIMIT 1) AS m, COUNT(*) FROM orders o GROUP BY o.customer_id ORDER BY 2 DESC, 1, o.customer_id LIMIT 6;
SELECT o.customer_id, (SELECT COUNT(*) FROM products p WHERE p.product_id < MAX(o.product_id)) + COUNT(*) AS n FROM orders o GROUP BY o.customer_id HAVING n > 100;
-- A grouping column read only by a subquery, which the query is ordered
-- or filtered by (GMS: 1105 "unable to find field with index N").
SELECT (SELECT MAX(p.product_id) FROM products p WHERE p.product_id < o.customer_id) AS m, COUNT(*) FROM orders o GROUP BY o.customer_id HAVING COUNT(*) > 30;
-- ordered
SELECT (SELECT MAX(p.product_id) FROM products p WHERE p.product_id < o.customer_id) AS m, COUNT(*) FROM orders o GROUP BY o.customer_id ORDER BY 2 DESC, 1 LIMIT 4;
-- ordered
SELECT (SELECT MAX(p.product_id) FROM products p WHERE p.product_id < o.customer_id) AS m, COUNT(*) AS n FROM orders o GROUP BY o.customer_id ORDER BY m DESC, n LIMIT 5;
SELECT o.customer_id, (SELECT COUNT(*) FROM products p WHERE p.product_id = o.product_id) AS n FROM orders o GROUP BY o.customer_id;

-- feature: clause: IN (subquery)
-- An IN subquery false for every row (GMS's join planner panicked:
-- "vertex not found"): IN an empty set is false, NOT IN true, NULL or not.
SELECT c0.customer_id FROM customers c0 WHERE c0.customer_id IN (SELECT o9.customer_id FROM orders o9 WHERE FALSE);
SELECT COUNT(*) FROM customers c0 WHERE c0.customer_id NOT IN (SELECT o9.customer_id FROM orders o9 WHERE NOT (1 = 1));
SELECT COUNT(*) FROM customers c0 WHERE c0.birth_date NOT IN (SELECT o9.ordered_at FROM orders o9 WHERE o9.quantity > 0 AND DATE '1990-05-17' IS NULL);
SELECT customer_id, customer_id IN (SELECT o9.customer_id FROM orders o9 WHERE FALSE) AS x FROM customers WHERE customer_id < 4;
SELECT COUNT(*) FROM customers WHERE customer_id IN (SELECT COUNT(*) + 1 FROM orders WHERE FALSE);

-- feature: clause: GROUP BY
-- ONLY_FULL_GROUP_BY: a column outside GROUP BY, selected or read by a
-- subquery, is 1055 (ER_WRONG_FIELD_WITH_GROUP); a grouped one is fine.
SELECT o.customer_id, o.product_id FROM orders o GROUP BY o.customer_id;
SELECT o.customer_id, (SELECT COUNT(*) FROM products p WHERE p.product_id = o.product_id) + 1 AS n FROM orders o GROUP BY o.customer_id HAVING COUNT(*) > 1;
SELECT o.customer_id, (SELECT COUNT(*) FROM orders p WHERE p.customer_id = o.customer_id) AS n FROM orders o GROUP BY o.customer_id;
SELECT c.country, SUM((SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.customer_id)) AS lines FROM customers c GROUP BY c.country;
-- Grouped by the alias or the position of a select expression holding a
-- correlated subquery: the subquery is the grouped expression (GMS's plan
-- re-evaluated it over the grouped row; engine/groupby_alias.go). The
-- subquery written out again in GROUP BY is 1055 in MariaDB, as here.
SELECT EXISTS(SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id) AS buyer, COUNT(*) FROM customers c GROUP BY buyer;
SELECT EXISTS(SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id) AS buyer, COUNT(*) FROM customers c GROUP BY 1;
SELECT YEAR((SELECT MAX(o.ordered_at) FROM orders o WHERE o.customer_id = c.customer_id)) AS y, COUNT(*) FROM customers c GROUP BY y;
-- ordered
SELECT (SELECT MAX(o.ordered_at) FROM orders o WHERE o.customer_id = c.customer_id) AS last_order, COUNT(*) FROM customers c GROUP BY last_order ORDER BY 2 DESC, 1 LIMIT 3;
SELECT (SELECT MAX(o.ordered_at) FROM orders o WHERE o.customer_id = c.customer_id) AS last_order, COUNT(*), SUM(c.customer_id) FROM customers c GROUP BY last_order HAVING COUNT(*) > 1;
SELECT c.country, (SELECT SUM(o.amount) FROM orders o WHERE o.customer_id = c.customer_id) > 100 AS big, COUNT(*) FROM customers c GROUP BY 1, 2;
SELECT NOT EXISTS(SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.status = 'returned') AS clean, COUNT(*) FROM customers c GROUP BY clean;
SELECT EXISTS(SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id) AS buyer, COUNT(*) FROM customers c GROUP BY EXISTS(SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id);
SELECT c.country, EXISTS(SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id) AS buyer, COUNT(*) FROM customers c GROUP BY c.country;

-- feature: clause: subquery
-- Correlated scalar subqueries of one aggregate (the executor runs them
-- once, grouped by the correlation key).
SELECT c.customer_id, (SELECT MAX(o.ordered_at) FROM orders o WHERE o.customer_id = c.customer_id) AS last_at FROM customers c;
SELECT c.country, COUNT(*) FROM customers c WHERE (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.customer_id AND o.status = 'valid') >= 2 GROUP BY c.country;
SELECT c.customer_id, (SELECT COALESCE(SUM(o.amount), 0) FROM orders o WHERE o.customer_id = c.customer_id) AS total FROM customers c;

-- FIRST and COMMENT are not reserved in MySQL: a CTE, a table alias and
-- a column alias may be called so (GMS's parser reserves them; cohortdb
-- parses such a statement again with them quoted).
-- feature: clause: WITH
WITH first AS (SELECT customer_id, MIN(ordered_at) AS f FROM orders GROUP BY customer_id) SELECT COUNT(*), MIN(first.f) FROM first;
SELECT country AS comment, COUNT(*) AS first FROM customers GROUP BY comment ORDER BY comment;
SELECT first.customer_id FROM customers AS first WHERE first.customer_id < 3 ORDER BY 1;
