# Uncorrelated scalar subqueries: run once, then constants (the same
# rules as queries.sql).
-- compiled
SELECT channel, COUNT(*), SUM(amount) FROM o WHERE at >= (SELECT MAX(at) FROM o) - INTERVAL 90 DAY GROUP BY channel

-- compiled
SELECT channel, SUM(amount) / (SELECT SUM(x.amount) FROM o x WHERE x.status = 'valid') AS share, COUNT(*) FROM o GROUP BY channel

-- compiled
SELECT status, COUNT(*) FROM o WHERE amount > (SELECT AVG(amount) FROM o WHERE status = 'valid') GROUP BY status

# A subquery with no row is NULL: nothing compares true.
-- compiled
SELECT COUNT(*), SUM(qty > (SELECT qty FROM o WHERE id < 0)) FROM o GROUP BY channel

-- compiled
SELECT c.segment, COUNT(*) FROM c JOIN o ON o.cid = c.cid WHERE o.day > (SELECT MIN(since) FROM c) GROUP BY c.segment
