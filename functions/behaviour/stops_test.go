package behaviour_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/behaviour"
)

// The table functions' passes stop with their statement and charge what
// they build (per-customer maps, hits, sessions, rows) as they build it.
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(5000)
	for _, c := range []struct {
		name string
		args []any
	}{
		{"abandoned_carts", []any{1.0, "2025-01-01"}},
		{"session_stats", []any{"2024-01-01", "2024-12-31", "source"}},
		{"category_shift", nil},
	} {
		d.WantStops(t, behaviour.Module(), 64<<10, c.name, c.args...)
	}
}
