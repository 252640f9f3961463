package leads_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
)

// TestFixture checks every function against the hand-worked values of
// testdata/fixture.sql (the contacts are described there).
func TestFixture(t *testing.T) {
	d := fixtureShop(t)
	tests := []struct {
		name, q string
		want    []string
	}{
		{"scores", "SELECT customer_id, score, events, sales_ready, top_rule, contributions FROM lead_score('2024-06-30')", []string{
			"1|28.5|6|1|pricing|pricing:15, spring_click:4, visit:4, ad_visit:3, open:2.5",
			"2|-11.75|4|0|unsubscribe|unsubscribe:-20, open:6.25, visit:2",
			"4|0|0|0|NULL|",
			"6|22|5|1|pricing|pricing:15, open:5, visit:2",
			"7|10.07|6|0|visit|visit:10, open:0.07",
		}},
		{"rules", "SELECT * FROM lead_score_rules('2024-06-30') WHERE customer_id IN (1, 7)", []string{
			"1|ad_visit|1|3", "1|open|1|2.5", "1|pricing|2|15", "1|spring_click|1|4", "1|visit|2|4",
			"7|open|1|0.07", "7|visit|5|10",
		}},
		{"threshold", "SET lead_sales_ready_score = 25", nil},
		{"higher threshold", "SELECT customer_id FROM sales_ready_leads('2024-06-30')", []string{"1"}},
		{"default threshold", "SET lead_sales_ready_score = DEFAULT", nil},
		{"ready", "SELECT customer_id, score, top_rule FROM sales_ready_leads('2024-06-30')", []string{
			"1|28.5|pricing", "6|22|pricing",
		}},
		{"ready flag", "SELECT customer_id FROM lead_score('2024-06-30') WHERE sales_ready", []string{"1", "6"}},
		{"index", "SELECT customer_id, half, stage, score, DATE_FORMAT(first_order_at, '%Y-%m-%d %H:%i') FROM engagement_index('2024-06-30')", []string{
			"1|before_first_purchase|purchase|28.5|NULL",
			"2|retention|exit|-13|2024-06-10 12:00",
			"4|before_first_purchase|nurture|0|NULL",
			"6|before_first_purchase|purchase|22|NULL",
			"7|retention|retention|10|2024-05-01 12:00",
		}},
		{"retention threshold", "SET lead_retention_score = 10.5", nil},
		{"exit", "SELECT customer_id, stage FROM engagement_index('2024-06-30') WHERE half = 'retention'", []string{"2|exit", "7|exit"}},
	}
	for _, tc := range tests {
		rows, err := d.Query(tc.q)
		if err != nil {
			t.Fatalf("%s: %s: %v", tc.name, tc.q, err)
		}
		if tc.want != nil {
			enginetest.WantRows(t, tc.q, rows, tc.want)
		}
	}
}
