package leads_test

import (
	"fmt"
	"testing"
)

// rulesSQL is lead_score_rules(asOf) in plain SQL: every event of a
// contact joined to the rules it matches, decayed, summed and capped.
const rulesSQL = `
SELECT customer_id, rule, events,
  ROUND(CASE WHEN cap IS NULL THEN raw WHEN points >= 0 THEN LEAST(raw, cap) ELSE GREATEST(raw, -cap) END, 2) AS pts
FROM (
  SELECT e.customer_id, r.rule, r.points, r.cap, COUNT(*) AS events,
    SUM(r.points * POW(0.5, COALESCE(DATEDIFF('%[1]s', DATE(e.occurred_at)) / r.half_life_days, 0))) AS raw
  FROM events e
  JOIN scoring_rules r ON LOWER(e.type) = LOWER(r.event_type)
    AND (r.url_pattern IS NULL OR LOWER(e.url) LIKE LOWER(r.url_pattern))
    AND (r.source_pattern IS NULL OR LOWER(e.source) LIKE LOWER(r.source_pattern))
    AND (r.campaign_id IS NULL OR e.campaign_id = r.campaign_id)
  JOIN customers c ON c.customer_id = e.customer_id AND DATE(c.signup_at) <= '%[1]s'
  WHERE DATE(e.occurred_at) <= '%[1]s'
  GROUP BY e.customer_id, r.rule, r.points, r.cap
) t ORDER BY customer_id, rule`

// halvesSQL is engagement_index's score in plain SQL: the capped rule
// totals of the events before the first valid order (leads: all of them)
// or, for buyers, of the others.
const halvesSQL = `
WITH fo AS (
  SELECT customer_id, MIN(ordered_at) AS first_at FROM orders
  WHERE status = 'valid' AND DATE(ordered_at) <= '%[1]s' GROUP BY customer_id
), hits AS (
  SELECT e.customer_id, r.rule, r.points, r.cap,
    r.points * POW(0.5, COALESCE(DATEDIFF('%[1]s', DATE(e.occurred_at)) / r.half_life_days, 0)) AS p
  FROM events e
  JOIN scoring_rules r ON LOWER(e.type) = LOWER(r.event_type)
    AND (r.url_pattern IS NULL OR LOWER(e.url) LIKE LOWER(r.url_pattern))
    AND (r.source_pattern IS NULL OR LOWER(e.source) LIKE LOWER(r.source_pattern))
    AND (r.campaign_id IS NULL OR e.campaign_id = r.campaign_id)
  LEFT JOIN fo ON fo.customer_id = e.customer_id
  WHERE DATE(e.occurred_at) <= '%[1]s'
    AND ((fo.first_at IS NULL) OR e.occurred_at >= fo.first_at)
), per_rule AS (
  SELECT customer_id, rule,
    CASE WHEN cap IS NULL THEN SUM(p) WHEN points >= 0 THEN LEAST(SUM(p), cap) ELSE GREATEST(SUM(p), -cap) END AS pts
  FROM hits GROUP BY customer_id, rule, points, cap
)
SELECT c.customer_id, ROUND(COALESCE(SUM(pr.pts), 0), 2)
FROM customers c LEFT JOIN per_rule pr ON pr.customer_id = c.customer_id
WHERE DATE(c.signup_at) <= '%[1]s'
GROUP BY c.customer_id ORDER BY c.customer_id`

// TestPlainSQL compares the functions with their plain-SQL definitions on
// the fixture at several as-of days.
func TestPlainSQL(t *testing.T) {
	d := fixtureShop(t)
	for _, asOf := range []string{"2024-04-30", "2024-06-10", "2024-06-20", "2024-06-30", "2024-07-31"} {
		got, err := d.Query(fmt.Sprintf("SELECT customer_id, rule, events, points FROM lead_score_rules('%s') ORDER BY customer_id, rule", asOf))
		if err != nil {
			t.Fatal(err)
		}
		want, err := d.Query(fmt.Sprintf(rulesSQL, asOf))
		if err != nil {
			t.Fatal(err)
		}
		sameRows(t, "lead_score_rules "+asOf, got, want, 0.005)

		got, err = d.Query(fmt.Sprintf("SELECT customer_id, score FROM engagement_index('%s')", asOf))
		if err != nil {
			t.Fatal(err)
		}
		want, err = d.Query(fmt.Sprintf(halvesSQL, asOf))
		if err != nil {
			t.Fatal(err)
		}
		sameRows(t, "engagement_index "+asOf, got, want, 0.005)
	}
}
