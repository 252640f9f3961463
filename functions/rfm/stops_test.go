package rfm_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/rfm"
)

// rfm() and the lifecycle functions stop with their statement: their
// reads look at its context. Their per-customer facts are charged to the
// statement's memory as they are built, so under a limit smaller than
// the facts of 5,000 customers (about 100 bytes each) they fail with the
// memory error.
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	period := []any{"2024-01-01", "2024-12-31"}
	enginetest.NewStopShop(t).WantEachStops(t, rfm.Module(),
		enginetest.StopCase{Name: "rfm", Charged: true},
		enginetest.StopCase{Name: "lifecycle", Charged: true},
		enginetest.StopCase{Name: "customer_snapshot", Charged: true},
		enginetest.StopCase{Name: "dimension_matrix", Charged: true},
		enginetest.StopCase{Name: "new_vs_returning", Args: period, Charged: true},
		enginetest.StopCase{Name: "customer_events", Args: period, Charged: true},
		enginetest.StopCase{Name: "revenue_impact", Args: period, Charged: true},
	)
}
