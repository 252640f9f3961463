package engine

import "testing"

// TestEmptyInSubquery: an IN subquery false for every row answers as an
// empty set does (hand-worked: c holds ids 1..3, o orders of 1 and 2),
// where GMS's join planner panicked ("vertex not found"); an aggregate
// over no rows is still one row.
func TestEmptyInSubquery(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE c (id BIGINT PRIMARY KEY, name VARCHAR(10))")
	d.exec("CREATE TABLE o (oid BIGINT PRIMARY KEY, cid BIGINT, q INT)")
	d.exec("INSERT INTO c VALUES (1, 'a'), (2, 'b'), (3, NULL)")
	d.exec("INSERT INTO o VALUES (10, 1, 5), (11, 2, 7)")
	for _, c := range []struct{ q, want string }{
		{"SELECT id FROM c WHERE id IN (SELECT cid FROM o WHERE FALSE) ORDER BY id", ""},
		{"SELECT id FROM c WHERE id NOT IN (SELECT cid FROM o WHERE NOT (1 = 1)) ORDER BY id", "(1)\n(2)\n(3)\n"},
		{"SELECT id FROM c WHERE id NOT IN (SELECT cid FROM o WHERE q > 0 AND DATE '1990-05-17' IS NULL) ORDER BY id", "(1)\n(2)\n(3)\n"},
		{"SELECT id, name IN (SELECT 'a' FROM o WHERE FALSE) FROM c ORDER BY id", "(1, false)\n(2, false)\n(3, false)\n"},
		{"SELECT id FROM c WHERE id IN (SELECT COUNT(*) + 1 FROM o WHERE FALSE) ORDER BY id", "(1)\n"},
		{"SELECT id FROM c WHERE id NOT IN (SELECT cid FROM o WHERE q > 6) ORDER BY id", "(1)\n(3)\n"},
	} {
		rows, err := d.query(c.q)
		if err != nil {
			t.Errorf("%s: %v", c.q, err)
			continue
		}
		if got := normRows(rows); got != c.want {
			t.Errorf("%s: %s, want %s", c.q, got, c.want)
		}
	}
}
