package behaviour_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/behaviour"
)

// The table functions' passes stop with their statement and charge what
// they build (per-customer maps, hits, sessions, rows) as they build it.
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	enginetest.NewStopShop(t).WantEachStops(t, behaviour.Module(),
		enginetest.StopCase{Name: "abandoned_carts", Args: []any{1.0, "2025-01-01"}, Charged: true},
		enginetest.StopCase{Name: "session_stats", Args: []any{"2024-01-01", "2024-12-31", "source"}, Charged: true},
		enginetest.StopCase{Name: "category_shift", Charged: true},
	)
}
