package affinity_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/affinity"
)

// The affinity functions stop with their statement (their reads look at
// its context), and charge what they build — the purchase history every
// one of them loads (about 40 bytes an order line), the pair counters of
// top_products_by, the rows of segment_recommendations — so under a small
// limit they fail with the memory error instead of growing the server.
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	enginetest.NewStopShop(t).WantEachStops(t, affinity.Module(),
		enginetest.StopCase{Name: "affinity_rules", Charged: true},
		enginetest.StopCase{Name: "top_products", Charged: true},
		enginetest.StopCase{Name: "top_products_by", Charged: true},
		enginetest.StopCase{Name: "predictive_affinity", Charged: true},
		enginetest.StopCase{Name: "predictive_affinity_report", Charged: true},
		enginetest.StopCase{Name: "recommendations", Args: []any{int64(1)}, Charged: true},
		enginetest.StopCase{Name: "segment_recommendations", Args: []any{nil, int64(1000), "product"}, Charged: true},
		enginetest.StopCase{Name: "replenishment", Charged: true},
		enginetest.StopCase{Name: "replenishment_intervals", Charged: true},
	)
}
