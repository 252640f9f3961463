package behaviour_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
)

// TestScansDoNotAllocatePerRow: quadrupling the events adds far less than
// one allocation per added row to each function.
func TestScansDoNotAllocatePerRow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 16,000 events")
	}
	for _, q := range []string{
		"SELECT COUNT(*) FROM session_stats('2024-01-01', '2024-12-31', 'source')",
		"SELECT COUNT(*) FROM abandoned_carts(1, '2025-01-01')",
	} {
		d := enginetest.NewShop(t)
		d.Exec("INSERT INTO products (product_id, category_1, price) VALUES (1, 'a', 1), (2, 'a', 2), (3, 'b', 3), (4, 'b', 4), (5, 'c', 5), (6, 'c', 6), (7, 'd', 7)")
		per := d.AllocsPerExtraRow(t, q, 4000, func(n int) { d.AddWebEvents(n, 100) })
		t.Logf("%s: %.4f allocations per extra event row", q, per)
		if per > 0.1 {
			t.Errorf("%s: %.3f allocations per extra event row", q, per)
		}
	}
}
