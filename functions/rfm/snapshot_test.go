package rfm_test

import "testing"

// The fixture's snapshot by lifecycle status (windows 30/180, as of
// 2024-06-30), worked by hand from the lifecycle table in lifecycle_test.go:
//
//	active  3, 7: orders 2+3, revenue 100+95.50, recency 29, 2; first-order
//	        delays 12 (05-20→06-01), 19 (06-01→06-20); second-order delays
//	        0 (same day), 5
//	at risk 5, 8: orders 1+2 (5's future order ignored), revenue 20+300,
//	        recency 60, 141; first delays 121, 10; second delay 31 (8 only)
//	lapsed  9, 10: orders 2+1, revenue 500+35, recency 760, 546; first
//	        delays 31, 0; second delay 151 (9 only)
//	lead    1, 4: no valid order; 4 attempted 2 cancelled orders
//	new     2, 11, 12: one order each, 100+1000+45, recency 0, 20, 15,
//	        first delays 0, 9, 1
var fixtureSnapshot = []string{
	"active|2|2|2|0|5|5|195.50|97.75|2.5|39.1|1|1|15.5|15.5|2.5",
	"at risk|2|2|1|1|3|3|320.00|160|1.5|106.667|1|0.5|100.5|65.5|31",
	"lapsed|2|2|1|1|3|3|535.00|267.5|1.5|178.333|1|0.5|653|15.5|151",
	"lead|2|0|0|0|0|2|0.00|NULL|NULL|NULL|0|NULL|NULL|NULL|NULL",
	"new|3|3|0|3|3|3|1145.00|381.667|1|381.667|1|0|11.6667|3.33333|NULL",
}

func TestSnapshotFixture(t *testing.T) {
	d := fixtureShop(t)
	q := "SELECT * FROM customer_snapshot('lifecycle', '2024-06-30', 30, 180)"
	wantRows(t, q, d.exec(q), fixtureSnapshot)
	// Customer 7 has no country: a NULL group, listed first.
	q = "SELECT dimension_value, contacts, customers, total_orders_attempted FROM customer_snapshot('country', '2024-06-30')"
	wantRows(t, q, d.exec(q), []string{"NULL|1|1|3", "DE|5|4|5", "FR|4|3|7", "PL|1|1|1"})
	q = "SELECT dimension_value, contacts FROM customer_snapshot('all', '2024-06-30')"
	wantRows(t, q, d.exec(q), []string{"all|11"})
}

func TestSnapshotArgs(t *testing.T) {
	d := fixtureShop(t)
	for _, tc := range []struct {
		q    string
		code int
	}{
		{"SELECT * FROM customer_snapshot('planet')", 1210},
		{"SELECT * FROM customer_snapshot('lifecycle', 'soon')", 1210},
		{"SELECT * FROM customer_snapshot('lifecycle', NULL, -1)", 1210},
	} {
		if _, err := d.query(tc.q); errCode(err) != tc.code {
			t.Errorf("%s: want error %d, got %v", tc.q, tc.code, err)
		}
	}
}
