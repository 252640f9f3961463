# A scan narrows each segment to the rows a comparison on an ascending
# column can pass (binary search, narrowToSpan) before the filters run. The
# row path narrows the same way, so the oracle hides oid from the scan's
# filters (oid + 0):
# o.oid = id/3 rises through every segment, and o has deleted rows, so
# spans start and end inside, before and after the live positions.
-- compiled
-- equals: SELECT id, oid, cid, amount FROM o WHERE oid + 0 = 400 ORDER BY id
SELECT id, oid, cid, amount FROM o WHERE oid = 400 ORDER BY id

-- compiled
-- equals: SELECT COUNT(*), SUM(amount) FROM o WHERE oid + 0 = 0
SELECT COUNT(*), SUM(amount) FROM o WHERE oid = 0

-- compiled
-- equals: SELECT COUNT(*), MIN(id), MAX(id) FROM o WHERE oid + 0 < 170
SELECT COUNT(*), MIN(id), MAX(id) FROM o WHERE oid < 170

-- compiled
-- equals: SELECT COUNT(*), MIN(id), MAX(id) FROM o WHERE oid + 0 <= 171 AND status = 'valid'
SELECT COUNT(*), MIN(id), MAX(id) FROM o WHERE oid <= 171 AND status = 'valid'

-- compiled
-- equals: SELECT COUNT(*), MIN(id), MAX(id) FROM o WHERE oid + 0 > 1700
SELECT COUNT(*), MIN(id), MAX(id) FROM o WHERE oid > 1700

-- compiled
-- equals: SELECT COUNT(*), MIN(id), MAX(id) FROM o WHERE oid + 0 >= 1701 AND oid + 0 < 1710
SELECT COUNT(*), MIN(id), MAX(id) FROM o WHERE oid >= 1701 AND oid < 1710

-- compiled
-- equals: SELECT COUNT(*), MIN(id), MAX(id) FROM o WHERE oid + 0 BETWEEN 333 AND 334
SELECT COUNT(*), MIN(id), MAX(id) FROM o WHERE oid BETWEEN 333 AND 334

-- compiled
-- equals: SELECT channel, COUNT(*) FROM o WHERE oid + 0 > 900 AND oid + 0 < 905 AND qty > 0 GROUP BY channel
SELECT channel, COUNT(*) FROM o WHERE oid > 900 AND oid < 905 AND qty > 0 GROUP BY channel

# a value in no segment's span, and one past every row
-- compiled
-- equals: SELECT COUNT(*) FROM o WHERE oid + 0 = -1
SELECT COUNT(*) FROM o WHERE oid = -1

-- compiled
-- equals: SELECT COUNT(*) FROM o WHERE oid + 0 > 99999
SELECT COUNT(*) FROM o WHERE oid > 99999

# the id deleted rows were at (id % 97 = 0): a span of dead rows only
-- compiled
-- equals: SELECT COUNT(*) FROM o WHERE id = 97 OR oid + 0 = 32
SELECT COUNT(*) FROM o WHERE id = 97 OR oid = 32

-- compiled
-- equals: SELECT COUNT(*) FROM o WHERE oid + 0 IN (32, 33) AND id <> 97
SELECT COUNT(*) FROM o WHERE oid IN (32, 33) AND id <> 97
