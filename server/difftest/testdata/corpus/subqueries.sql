-- Subqueries of a grouped query that read the outer query's rows: an
-- outer aggregate (MySQL evaluates it in the outer query) or an outer
-- column outside GROUP BY (ONLY_FULL_GROUP_BY: 1055). GMS v0.20.0's
-- planner fails on both with 1105 "unable to find field with index N".

-- feature: clause: subquery
SELECT o.customer_id, (SELECT COUNT(*) FROM products p WHERE p.product_id < MAX(o.product_id)) AS n FROM orders o GROUP BY o.customer_id;
SELECT (SELECT MAX(o.quantity) FROM products p LIMIT 1) AS m FROM orders o GROUP BY o.customer_id;
SELECT o.customer_id, (SELECT COUNT(*) FROM products p WHERE p.product_id = o.product_id) AS n FROM orders o GROUP BY o.customer_id;
