package quality_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/quality"
)

// Eight sessions running data_quality() at once each get its rows as
// run alone, and every call is a computation or a share of one.
func TestConcurrentDataQualityShared(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(2000)
	f := quality.Shared()
	runs, joins := f.Runs(), f.Joins()
	d.WantSameConcurrently(t, 8, "SELECT * FROM data_quality() ORDER BY 1, 2", "SELECT * FROM data_quality('shop') ORDER BY 2, 1")
	if n := f.Runs() - runs + f.Joins() - joins; n != 2+8 {
		t.Errorf("%d computations and shares for 10 calls", n)
	}
}
