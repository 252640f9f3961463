package leads_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/leads"
)

// The scoring passes stop with their statement and charge the contacts,
// their points and the rows as they build them.
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	d := enginetest.NewStopShop(t,
		"INSERT INTO scoring_rules (rule, event_type, points) VALUES ('visit', 'site_visit', 2), ('view', 'product_view', 1), ('cart', 'cart_add', 5)")
	d.WantEachStops(t, leads.Module(),
		enginetest.StopCase{Name: "lead_score", Charged: true},
		enginetest.StopCase{Name: "lead_score_rules", Charged: true},
		enginetest.StopCase{Name: "sales_ready_leads", Charged: true},
		enginetest.StopCase{Name: "engagement_index", Charged: true},
	)
}
