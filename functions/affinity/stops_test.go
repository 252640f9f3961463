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
	// Charged false: its own structures are not charged yet (issue 20).
	enginetest.NewStopShop(t).WantEachStops(t, affinity.Module(),
		enginetest.StopCase{Name: "affinity_rules"}, // its pair counters are, past 64 KiB of them
		enginetest.StopCase{Name: "top_products"},
		enginetest.StopCase{Name: "top_products_by", Charged: true},
		enginetest.StopCase{Name: "predictive_affinity"},
		enginetest.StopCase{Name: "predictive_affinity_report"},
		enginetest.StopCase{Name: "recommendations", Args: []any{int64(1)}},
		enginetest.StopCase{Name: "segment_recommendations", Args: []any{nil, int64(1000), "product"}, Charged: true},
		enginetest.StopCase{Name: "replenishment"},
		enginetest.StopCase{Name: "replenishment_intervals"},
	)
}
