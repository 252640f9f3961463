package affinity_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/affinity"
)

// The affinity functions stop with their statement (their reads look at
// its context). Those that charge what they build — the pair counters of
// top_products_by, the rows of segment_recommendations — fail with the
// memory error under a small limit instead of growing the server.
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(5000)
	for _, c := range []struct {
		name    string
		args    []any
		charged bool // false: its own structures are not charged yet (issue 20)
	}{
		{"affinity_rules", nil, false}, // its pair counters are, past 64 KiB of them
		{"top_products", nil, false},
		{"top_products_by", nil, true},
		{"predictive_affinity", nil, false},
		{"predictive_affinity_report", nil, false},
		{"recommendations", []any{int64(1)}, false},
		{"segment_recommendations", []any{nil, int64(1000), "product"}, true},
		{"replenishment", nil, false},
		{"replenishment_intervals", nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.charged {
				d.WantStops(t, affinity.Module(), 64<<10, c.name, c.args...)
			} else {
				d.WantCancelStops(t, affinity.Module(), c.name, c.args...)
			}
		})
	}
}
