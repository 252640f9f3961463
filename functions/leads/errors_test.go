package leads_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
)

func TestDefaultsAndErrors(t *testing.T) {
	d := fixtureShop(t)
	// The default as-of day is the latest event's (2024-07-05): contact
	// 1's visit of that day counts, contact 3 (signed up 07-10) does not.
	enginetest.WantRows(t, "default as-of", d.Exec("SELECT customer_id, events FROM lead_score() WHERE customer_id IN (1, 3)"),
		[]string{"1|7"})
	tests := []struct {
		name, q string
		code    int
	}{
		{"bad date", "SELECT * FROM lead_score('June')", 1210},
		{"bad half-life", "UPDATE scoring_rules SET half_life_days = -1 WHERE rule = 'open'", 0},
		{"rejected rule", "SELECT * FROM lead_score('2024-06-30')", 1210},
		{"fixed", "UPDATE scoring_rules SET half_life_days = NULL, cap = -1 WHERE rule = 'open'", 0},
		{"bad cap", "SELECT * FROM engagement_index('2024-06-30')", 1210},
	}
	for _, tc := range tests {
		_, err := d.Query(tc.q)
		if got := enginetest.ErrCode(err); got != tc.code {
			t.Errorf("%s: %s: error %d (%v), want %d", tc.name, tc.q, got, err, tc.code)
		}
	}
	// An empty scoring_rules scores with the default rules (in their
	// order; half-life 30 days): 2 + 2·2^(-10/30) for the visits of
	// 06-30 and 06-20, 3 for the ad visit, 2^(-5/30) + 2^(-4/30) for the
	// views, 5·2^(-10/30) for the open, 3·2^(-10/30) + 3·2^(-9/30) for
	// the clicks.
	d.Exec("DELETE FROM scoring_rules")
	enginetest.WantRows(t, "default rules", d.Exec("SELECT rule, events, points FROM lead_score_rules('2024-06-30') WHERE customer_id = 1"),
		[]string{"site_visit|2|3.59", "ad_visit|1|3", "search_visit|1|1.59", "product_view|2|1.8", "email_open|1|3.97", "email_click|2|4.82"})
}

// TestRulesTableAddedToOldShop: a shop created before scoring_rules
// existed gets it when the engine opens it, and scores with the defaults
// until then.
func TestRulesTableAddedToOldShop(t *testing.T) {
	d := fixtureShop(t)
	d.Exec("DROP TABLE scoring_rules")
	enginetest.WantRows(t, "defaults without the table", d.Exec("SELECT COUNT(DISTINCT rule) FROM lead_score_rules('2024-06-30')"), []string{"7"})
	d.E.EnsureCompactionHistory(d.Ctx())
	enginetest.WantRows(t, "table added", d.Exec("SELECT COUNT(*) FROM scoring_rules"), []string{"0"})
}
