package leads_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/leads"
)

// The scoring passes stop with their statement and charge the contacts,
// their points and the rows as they build them.
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(5000)
	d.Exec("INSERT INTO scoring_rules (rule, event_type, points) VALUES ('visit', 'site_visit', 2), ('view', 'product_view', 1), ('cart', 'cart_add', 5)")
	for _, name := range []string{"lead_score", "lead_score_rules", "sales_ready_leads", "engagement_index"} {
		d.WantStops(t, leads.Module(), 64<<10, name)
	}
}
