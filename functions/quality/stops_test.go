package quality_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/quality"
)

// data_quality's counts stop with their statement, and the e-mail
// addresses seen and the id sets are charged as they grow.
func TestDataQualityStopsAndStaysInBudget(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(5000)
	d.WantStops(t, quality.Module(), 64<<10, "data_quality")
}
