package leads_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
)

// TestScoringDoesNotAllocatePerRow: quadrupling the events adds far less
// than one allocation per added row to lead_score().
func TestScoringDoesNotAllocatePerRow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 16,000 events")
	}
	d := enginetest.NewShop(t)
	d.Exec("INSERT INTO customers (customer_id, signup_at) SELECT 1 + n, '2023-01-01' FROM (WITH RECURSIVE s (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 99) SELECT n FROM s) t")
	q := "SELECT COUNT(*) FROM lead_score('2024-12-31')"
	per := d.AllocsPerExtraRow(t, q, 4000, func(n int) { d.AddWebEvents(n, 100) })
	t.Logf("%s: %.4f allocations per extra event row", q, per)
	if per > 0.1 {
		t.Errorf("%s: %.3f allocations per extra event row", q, per)
	}
}
