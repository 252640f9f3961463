package rfm_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/rfm"
)

// rfm() and the lifecycle functions stop with their statement: their
// reads look at its context. (Their per-customer facts are not charged
// to the statement's memory yet, only the rows the engine keeps: issue
// 20.)
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(5000)
	for _, c := range []struct {
		name string
		args []any
	}{
		{"rfm", nil},
		{"lifecycle", nil},
		{"customer_snapshot", nil},
		{"dimension_matrix", nil},
		{"new_vs_returning", []any{"2024-01-01", "2024-12-31"}},
		{"customer_events", []any{"2024-01-01", "2024-12-31"}},
		{"revenue_impact", []any{"2024-01-01", "2024-12-31"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d.WantCancelStops(t, rfm.Module(), c.name, c.args...)
		})
	}
}
