package clv_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/clv"
)

// clv() stops with its statement: its reads look at its context, its
// scoring at every distinct history. (Its summaries and scores are not
// charged to the statement's memory yet: issue 20.)
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	d := enginetest.NewStopShop(t,
		"SET clv_min_history_days = 28", "SET clv_min_repeat_customers = 10", "CALL clv_fit()")
	d.WantEachStops(t, clv.Module(), enginetest.StopCase{Name: "clv"})
}
