# DECIMALs past the kernels' 18 digits (engine/exec/exactrange.go): MySQL's
# DECIMAL holds 65, so the subtree is run again row by row and answers
# as GMS does, in an aggregate (the error comes before any row), in a
# streamed projection (with the first batch) and under a division.

SELECT channel, SUM(amount * 100000000000000 * cid), MAX(amount * 100000000000000 * cid) FROM o GROUP BY channel

SELECT o.id, o.amount * 100000000000000 * c.cid FROM o JOIN c ON c.cid = o.cid WHERE o.qty > 1

SELECT COUNT(*), SUM(amount * cid) FROM o WHERE amount * 100000000000000 * cid > 0
