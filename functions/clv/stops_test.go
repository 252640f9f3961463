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
	d := enginetest.NewShop(t)
	d.AddBulk(5000)
	d.Exec("SET clv_min_history_days = 28")
	d.Exec("SET clv_min_repeat_customers = 10")
	d.Exec("CALL clv_fit()")
	for _, c := range []struct {
		name string
		args []any
	}{
		{"clv", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			d.WantCancelStops(t, clv.Module(), c.name, c.args...)
		})
	}
}
