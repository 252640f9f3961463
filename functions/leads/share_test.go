package leads_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/leads"
)

// Eight sessions running the lead functions at once each get their rows
// as run alone, and every call is a computation or a share of one.
func TestConcurrentLeadScoreShared(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(2000)
	f := leads.Shared()
	runs, joins := f.Runs(), f.Joins()
	d.WantSameConcurrently(t, 8, "SELECT * FROM lead_score() ORDER BY 1", "SELECT * FROM engagement_index() ORDER BY 1")
	if n := f.Runs() - runs + f.Joins() - joins; n != 2+8 {
		t.Errorf("%d computations and shares for 10 calls", n)
	}
}
