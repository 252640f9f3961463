package quality_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/quality"
)

// data_quality's counts stop with their statement, and the e-mail
// addresses seen and the id sets are charged as they grow.
func TestDataQualityStopsAndStaysInBudget(t *testing.T) {
	enginetest.NewStopShop(t).WantEachStops(t, quality.Module(),
		enginetest.StopCase{Name: "data_quality", Charged: true})
}
