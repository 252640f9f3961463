package behaviour_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
)

// TestFixture checks every function against the hand-worked values of
// testdata/fixture.sql (the customers are described there).
func TestFixture(t *testing.T) {
	d := fixtureShop(t)
	tests := []struct {
		name, q string
		want    []string
	}{
		{"carts 24h", "SELECT customer_id, cart_adds, products, value, DATE_FORMAT(first_added_at, '%m-%d %H:%i'), DATE_FORMAT(last_added_at, '%m-%d %H:%i'), hours_since FROM abandoned_carts(24, '2024-06-30')", []string{
			"3|1|1|10.00|06-13 08:00|06-13 08:00|424",
		}},
		{"carts 6h", "SELECT customer_id, cart_adds, products, value, hours_since FROM abandoned_carts(6, '2024-06-30')", []string{
			"3|1|1|10.00|424", "4|3|2|130.00|13.9",
		}},
		{"carts before the recovering order", "SELECT customer_id, cart_adds FROM abandoned_carts(24, '2024-06-14 12:00:00')", []string{
			"1|1", "3|1",
		}},
		{"carts default as-of", "SELECT customer_id, hours_since FROM abandoned_carts(1)", []string{"3|410.1"}},
		{"sessions", "SELECT * FROM session_stats('2024-06-10', '2024-06-13')", []string{
			"all|5|3|0.4|1080|1|0.2|50.00|10.00",
		}},
		{"by device", "SELECT * FROM session_stats('2024-06-10', '2024-06-13', 'device')", []string{
			"desktop|1|1|0|1200|1|1|50.00|50.00",
			"mobile|3|2|0.6667|200|0|0|0.00|0.00",
			"tablet|1|1|0|3600|0|0|0.00|0.00",
		}},
		{"by source", "SELECT dimension_value, sessions, bounce_rate, conversions FROM session_stats('2024-06-09', '2024-06-13', 'source')", []string{
			"NULL|1|0|0", "ad|1|1|0", "direct|1|0|0", "email|1|0|0", "search|1|0|1", "social|1|1|0",
		}},
		{"longer timeout", "SET session_timeout_minutes = 90", nil},
		{"sessions 90", "SELECT * FROM session_stats('2024-06-10', '2024-06-13')", []string{
			"all|4|3|0.25|2400|2|0.5|130.00|32.50",
		}},
		{"shift", "SELECT * FROM category_shift('2024-06-30')", []string{
			"1|1|2|Bags, Books|90.00|40.00|0.4444",
			"6|1|1|Books|10.00|10.00|1",
		}},
		{"shift short window", "SELECT customer_id, new_category_names FROM category_shift('2024-06-30', 30)", []string{
			"1|Bags, Books",
		}},
	}
	for _, tc := range tests {
		rows, err := d.Query(tc.q)
		if err != nil {
			t.Fatalf("%s: %s: %v", tc.name, tc.q, err)
		}
		if tc.want != nil {
			enginetest.WantRows(t, tc.q, rows, tc.want)
		}
	}
}
