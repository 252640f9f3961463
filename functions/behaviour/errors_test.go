package behaviour_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
)

func TestBadArguments(t *testing.T) {
	d := fixtureShop(t)
	for _, q := range []string{
		"SELECT * FROM abandoned_carts(0)",
		"SELECT * FROM abandoned_carts(-3, '2024-06-30')",
		"SELECT * FROM abandoned_carts(NULL)",
		"SELECT * FROM abandoned_carts(24, 'yesterday')",
		"SELECT * FROM session_stats('2024-06-10', '2024-06-01')",
		"SELECT * FROM session_stats('2024-06-10', NULL)",
		"SELECT * FROM session_stats('2024-06-01', '2024-06-30', 'nope')",
		"SELECT * FROM session_stats('2024-06-01', '2024-06-30', 'customer_id')",
		"SELECT * FROM category_shift('2024-06-30', 0)",
		"SELECT * FROM category_shift('2024-06-30', 90, 4)",
		"SELECT * FROM category_shift('June')",
	} {
		_, err := d.Query(q)
		if got := enginetest.ErrCode(err); got != 1210 {
			t.Errorf("%s: error %d (%v), want 1210", q, got, err)
		}
	}
}
