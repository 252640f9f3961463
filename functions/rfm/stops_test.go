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
	period := []any{"2024-01-01", "2024-12-31"}
	enginetest.NewStopShop(t).WantEachStops(t, rfm.Module(),
		enginetest.StopCase{Name: "rfm"},
		enginetest.StopCase{Name: "lifecycle"},
		enginetest.StopCase{Name: "customer_snapshot"},
		enginetest.StopCase{Name: "dimension_matrix"},
		enginetest.StopCase{Name: "new_vs_returning", Args: period},
		enginetest.StopCase{Name: "customer_events", Args: period},
		enginetest.StopCase{Name: "revenue_impact", Args: period},
	)
}
