package segments_test

import (
	"strings"
	"testing"
)

// TestBadInput: every bad input gets a MySQL error code and a message
// that names the problem, and changes nothing.
func TestBadInput(t *testing.T) {
	d := newShop(t)
	d.exec("INSERT INTO customers (customer_id, country, signup_at) VALUES (1,'DE','2024-01-01'),(2,'FR','2024-01-01')")
	create(d, "de", defDE)
	create(d, "fr", "SELECT customer_id FROM customers WHERE country = 'FR'")
	cases := []struct {
		q    string
		code int
		msg  string
	}{
		{"SELECT * FROM segment_members('nope')", 1105, `segment "nope" not found in database shop`},
		{"SELECT * FROM segment_members('de', 'AND', 'nope')", 1105, `segment "nope" not found`},
		{"SELECT * FROM segment_members('de', 'MINUS', 'fr')", 1210, `unknown set operator "MINUS"`},
		{"SELECT * FROM segment_members('de', 'AND')", 1210, "expected segment [, operator, segment ...], got 2 arguments"},
		{"SELECT * FROM segment_members('de', 'AND', NULL)", 1210, "expected segment"},
		{"SELECT * FROM segment_members('bad name')", 1210, `segment name "bad name" must be`},
		{"SELECT * FROM customers WHERE in_segment(customer_id, 'nope')", 1105, `segment "nope" not found`},
		{"SELECT in_segment(1, NULL)", 1210, "the segment name is NULL"},
		{"SELECT in_segment('x', 'de')", 1210, "customer id x is not an integer"},
		{"CALL create_segment('x', 'SELECT country FROM customers')", 1210, "column country is varchar(2), not an integer column"},
		{"CALL create_segment('x', 'SELECT customer_id, country FROM customers')", 1210, "exactly one integer column of customer ids, it returns 2 (customer_id, country)"},
		{"CALL create_segment('x', 'SELECT -customer_id FROM customers')", 1210, "customer id -1; ids must not be negative"},
		{"CALL create_segment('x', 'DELETE FROM customers')", 1210, "must be a SELECT"},
		{"CALL create_segment('x', 'SELECT 1; DROP TABLE customers')", 1210, "must be one statement"},
		{"CALL create_segment('x', '')", 1210, "the segment query is empty"},
		{"CALL create_segment('x', 'SELECT customer_id FROM nosuch')", 1146, "nosuch"},
		{"CALL create_segment('', 'SELECT 1')", 1210, "segment name"},
		{"CALL create_segment('a-b', 'SELECT 1')", 1210, `segment name "a-b"`},
		{"CALL refresh_segment('nope')", 1105, `segment "nope" not found`},
		{"CALL drop_segment('nope')", 1105, `segment "nope" not found`},
		{"CALL create_control_group('de', 0, 1)", 1210, "percent 0 must be strictly between 0 and 100"},
		{"CALL create_control_group('de', 100, 1)", 1210, "percent 100 must be"},
		{"CALL create_control_group('de', -5, 1)", 1210, "percent -5 must be"},
		{"CALL create_control_group('nope', 10, 1)", 1105, `segment "nope" not found`},
		{"SELECT * FROM segment_groups('de')", 1210, "segment de has no control group"},
		{"SELECT * FROM uplift('de')", 1210, "segment de has no control group"},
		{"SELECT * FROM uplift('nope')", 1105, `segment "nope" not found`},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			_, err := d.query(c.q)
			if errCode(err) != c.code || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("got %v (code %d), want %d containing %q", err, errCode(err), c.code, c.msg)
			}
		})
	}
	same(t, "unchanged", d.lines("SELECT name, size, control_percent FROM segments ORDER BY name"), []string{"de|1|NULL", "fr|1|NULL"})
	d.exec("CALL create_control_group('de', 50, 1)")
	for _, q := range []string{
		"SELECT * FROM uplift('de', '2024-02-01', '2024-01-01')",
		"SELECT * FROM uplift('de', 'soon', '2024-01-01')",
	} {
		_, err := d.query(q)
		if errCode(err) != 1210 {
			t.Errorf("%s: got %v, want 1210", q, err)
		}
	}
}
