package clv_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/clv"
)

// clv() and clv_evaluate() stop with their statement: its reads look at its context, its
// scoring at every distinct history. Its orders, summaries and scores
// are charged to the statement's memory as they are built: 5,000
// customers' orders (24 bytes a customer-day) are past the stop limit.
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	d := enginetest.NewStopShop(t,
		"SET clv_min_history_days = 28", "SET clv_min_repeat_customers = 10", "CALL clv_fit()")
	d.WantEachStops(t, clv.Module(), enginetest.StopCase{Name: "clv", Charged: true},
		// A calibration fit and a holdout comparison: it stops within the
		// fit's likelihood evaluations as well as its reads (each model's
		// fit is stopped mid-way in TestFitsStopMidLoop).
		enginetest.StopCase{Name: "clv_evaluate", Args: []any{"2024-04-20", "2024-05-20", "bgnbd", "week"}})
}
