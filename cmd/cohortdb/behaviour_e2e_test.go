package main

// End-to-end tests of issue 24's lead scoring and behavioural functions
// (functions/leads, functions/behaviour) over the wire: on the hand-worked
// fixtures, and on a generated shop where every function's output is
// compared row by row with its plain-SQL definition run on the same server.

import (
	"database/sql"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// loadBehaviourFixture creates database name with the canonical tables
// (scoring_rules included) and runs a fixture file in it.
func loadBehaviourFixture(t *testing.T, db *sql.DB, name, path string) {
	t.Helper()
	mustExec(t, db, "CREATE DATABASE "+name)
	for _, tb := range []string{"customers", "orders", "products", "events", "scoring_rules", "fx_rates"} {
		mustExec(t, db, "CREATE TABLE "+name+"."+tb+" LIKE shop."+tb)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	conn := s2conn(t, db, name)
	var stmt strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		stmt.WriteString(line + "\n")
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			if _, err := conn.ExecContext(t.Context(), strings.TrimSuffix(strings.TrimSpace(stmt.String()), ";")); err != nil {
				t.Fatalf("fixture: %v", err)
			}
			stmt.Reset()
		}
	}
}

// TestLeadScoringWire runs lead scoring on its fixture as a client does:
// the session variable, the functions in a join, errors with their codes.
func TestLeadScoringWire(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "")
	loadBehaviourFixture(t, root, "leads", "../../functions/leads/testdata/fixture.sql")
	db := s.root(t, "leads")
	db.SetMaxOpenConns(1) // one session: SET must reach the next query
	want := []string{
		"1|28.5|6|1|pricing:15, spring_click:4, visit:4, ad_visit:3, open:2.5",
		"2|-11.75|4|0|unsubscribe:-20, open:6.25, visit:2",
		"4|0|0|0|",
		"6|22|5|1|pricing:15, open:5, visit:2",
		"7|10.07|6|0|visit:10, open:0.07",
	}
	if got := rowsText(t, db, "SELECT customer_id, score, events, sales_ready, contributions FROM lead_score('2024-06-30')"); !slicesEqual(got, want) {
		t.Fatalf("lead_score:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	mustExec(t, db, "SET lead_sales_ready_score = 25")
	if got := rowsText(t, db, "SELECT c.email, r.score FROM sales_ready_leads('2024-06-30') r JOIN customers c ON c.customer_id = r.customer_id"); !slicesEqual(got, []string{"ana@example.com|28.5"}) {
		t.Fatalf("sales_ready_leads at 25: %v", got)
	}
	got := rowsText(t, db, "SELECT stage, COUNT(*) FROM engagement_index('2024-06-30') GROUP BY stage ORDER BY stage")
	if !slicesEqual(got, []string{"exit|1", "nurture|2", "purchase|1", "retention|1"}) {
		t.Fatalf("engagement_index stages at 25: %v", got)
	}
	_, err := db.Exec("SELECT * FROM lead_score('last week')")
	wantErrNum(t, err, 1210, "lead_score with a bad date")
	mustExec(t, db, "UPDATE scoring_rules SET half_life_days = 0 WHERE rule = 'open'")
	_, err = db.Exec("SELECT * FROM lead_score('2024-06-30')")
	wantErrNum(t, err, 1210, "a rule with a zero half-life")
	mustExec(t, db, "UPDATE scoring_rules SET half_life_days = 10 WHERE rule = 'open'")

	// A user who may not read events gets MySQL's 1142, not a score.
	mustExec(t, root, "CREATE USER ana IDENTIFIED BY 'pw'")
	mustExec(t, root, "GRANT SELECT ON leads.customers TO ana")
	mustExec(t, root, "GRANT SELECT ON leads.orders TO ana")
	mustExec(t, root, "GRANT SELECT ON leads.scoring_rules TO ana")
	_, err = s.open(t, "ana", "pw", "leads").Exec("SELECT * FROM lead_score('2024-06-30')")
	wantErrNum(t, err, 1142, "lead_score without SELECT on events")
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// sameResults runs q and ref and compares their rows cell by cell:
// numbers within tol, everything else as text.
func sameResults(t *testing.T, db *sql.DB, what, q, ref string, tol float64) int {
	t.Helper()
	got, want := rowsText(t, db, q), rowsText(t, db, ref)
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d (plain SQL)\nfirst got:  %v\nfirst want: %v", what, len(got), len(want), got[:min(3, len(got))], want[:min(3, len(want))])
	}
	for i := range got {
		g, w := strings.Split(got[i], "|"), strings.Split(want[i], "|")
		if len(g) != len(w) {
			t.Fatalf("%s row %d: %s, want %s", what, i, got[i], want[i])
		}
		for j := range g {
			gf, err1 := strconv.ParseFloat(g[j], 64)
			wf, err2 := strconv.ParseFloat(w[j], 64)
			if err1 == nil && err2 == nil {
				if math.Abs(gf-wf) > tol {
					t.Fatalf("%s row %d: %s, want %s", what, i, got[i], want[i])
				}
			} else if g[j] != w[j] {
				t.Fatalf("%s row %d: %s, want %s", what, i, got[i], want[i])
			}
		}
	}
	return len(got)
}

// e2eRules are scoring rules on every condition the generated data has:
// pages, sources, a campaign, decay and caps.
const e2eRules = `INSERT INTO scoring_rules (rule, event_type, url_pattern, source_pattern, campaign_id, points, half_life_days, cap) VALUES
 ('visit', 'site_visit', NULL, NULL, NULL, 2, 30, NULL),
 ('sale_page', 'site_visit', '/sale%', NULL, NULL, 4, NULL, 12),
 ('search', 'site_visit', NULL, 'search', NULL, 3, 14, NULL),
 ('category_page', 'site_visit', '/c/%', NULL, NULL, 1, NULL, NULL),
 ('view', 'product_view', '/p/%', NULL, NULL, 1, 7, 10),
 ('cart', 'cart_add', NULL, NULL, NULL, 5, 30, NULL),
 ('open', 'email_open', NULL, NULL, NULL, 5, 60, NULL),
 ('first_campaign', 'email_click', NULL, NULL, 3, 10, NULL, NULL),
 ('unsubscribe', 'unsubscribe', NULL, NULL, NULL, -25, NULL, 25)`

// TestBehaviourMatchesSQL compares every function with its plain-SQL
// definition (docs/behaviour.md) on a generated shop whose amounts are in
// one currency.
func TestBehaviourMatchesSQL(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, 300)
	db.SetMaxOpenConns(1)
	mustExec(t, db, e2eRules)
	var last string
	if err := db.QueryRow("SELECT DATE_FORMAT(MAX(occurred_at), '%Y-%m-%d') FROM events").Scan(&last); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, asOf := range []string{last, "2025-12-31"} {
		n += sameResults(t, db, "lead_score_rules "+asOf,
			fmt.Sprintf("SELECT customer_id, rule, events, points FROM lead_score_rules('%s') ORDER BY customer_id, rule", asOf),
			fmt.Sprintf(e2eRulesSQL, asOf), 0.0101)
		n += sameResults(t, db, "engagement_index "+asOf,
			fmt.Sprintf("SELECT customer_id, score FROM engagement_index('%s')", asOf), fmt.Sprintf(e2eHalvesSQL, asOf), 0.0101)
		n += sameResults(t, db, "abandoned_carts "+asOf,
			fmt.Sprintf("SELECT customer_id, cart_adds, products, value, first_added_at, last_added_at FROM abandoned_carts(24, '%s 12:00:00')", asOf),
			fmt.Sprintf(e2eCartsSQL, 24, asOf+" 12:00:00"), 0)
		n += sameResults(t, db, "category_shift "+asOf,
			fmt.Sprintf("SELECT * FROM category_shift('%s', 120)", asOf), fmt.Sprintf(e2eShiftSQL, asOf, 120), 0.0001)
	}
	var anonymous int
	if err := db.QueryRow(`SELECT COUNT(*) FROM events WHERE customer_id IS NULL AND visitor_id IS NOT NULL
AND type IN ('site_visit', 'product_view', 'cart_add') AND occurred_at >= '2025-07-01'`).Scan(&anonymous); err != nil || anonymous == 0 {
		t.Fatalf("the generated shop has %d anonymous web events in the sessions' range (%v): session_stats would not meet one", anonymous, err)
	}
	for _, c := range []struct{ from, to, dim, col string }{
		{"2026-01-01", "2026-06-30", "'source'", "source"},
		{"2025-07-01", "2026-06-30", "'device'", "device"},
		{"2026-06-01", "2026-06-30", "NULL", "'all'"},
	} {
		table := "ref_sessions_" + strings.Trim(c.col, "'")
		mustExec(t, db, fmt.Sprintf(e2eSessionsTable, table, c.col, 30))
		n += sameResults(t, db, "session_stats "+c.dim,
			fmt.Sprintf("SELECT * FROM session_stats('%s', '%s', %s)", c.from, c.to, c.dim),
			fmt.Sprintf(e2eSessionsSQL, c.from, c.to, table, 30), 0.0101)
	}
	if n < 200 {
		t.Fatalf("only %d rows compared: the generated shop lacks data", n)
	}
}

// The plain-SQL definitions of docs/behaviour.md, as the packages' own
// tests state them.
const (
	e2eRulesSQL = `
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

	e2eHalvesSQL = `
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
  WHERE DATE(e.occurred_at) <= '%[1]s' AND ((fo.first_at IS NULL) OR e.occurred_at >= fo.first_at)
), per_rule AS (
  SELECT customer_id, rule,
    CASE WHEN cap IS NULL THEN SUM(p) WHEN points >= 0 THEN LEAST(SUM(p), cap) ELSE GREATEST(SUM(p), -cap) END AS pts
  FROM hits GROUP BY customer_id, rule, points, cap
)
SELECT c.customer_id, ROUND(COALESCE(SUM(pr.pts), 0), 2)
FROM customers c LEFT JOIN per_rule pr ON pr.customer_id = c.customer_id
WHERE DATE(c.signup_at) <= '%[1]s'
GROUP BY c.customer_id ORDER BY c.customer_id`

	// e2eCartsSQL states "no valid order in [t, T]" as "the customer's
	// last valid order up to T is before t" (a hash join: GMS runs the
	// NOT EXISTS of docs/behaviour.md as a nested loop, minutes here).
	e2eCartsSQL = `
SELECT e.customer_id, COUNT(*), COUNT(DISTINCT e.product_id), SUM(p.price), MIN(e.occurred_at), MAX(e.occurred_at)
FROM events e LEFT JOIN products p ON p.product_id = e.product_id
LEFT JOIN (SELECT customer_id, MAX(ordered_at) AS last_at FROM orders
           WHERE status = 'valid' AND ordered_at <= TIMESTAMP('%[2]s') GROUP BY customer_id) lo
  ON lo.customer_id = e.customer_id
WHERE e.type = 'cart_add' AND e.occurred_at <= TIMESTAMP('%[2]s') - INTERVAL %[1]d HOUR
  AND (lo.last_at IS NULL OR lo.last_at < e.occurred_at)
GROUP BY e.customer_id ORDER BY e.customer_id`

	// e2eSessionsTable numbers the sessions with window functions into a
	// table (%[1]s), labelled by column %[2]s, timeout %[3]d minutes. A
	// visitor is a customer, or an anonymous visitor_id.
	e2eSessionsTable = `
CREATE TABLE %[1]s AS
SELECT vkey, MIN(customer_id) AS customer_id, sid, MIN(occurred_at) AS start_at, MAX(occurred_at) AS end_at,
    COUNT(*) AS hits, MAX(CASE WHEN fresh = 1 THEN dim END) AS dim
FROM (
  SELECT vkey, customer_id, occurred_at, dim, fresh,
    SUM(fresh) OVER (PARTITION BY vkey ORDER BY occurred_at ROWS UNBOUNDED PRECEDING) AS sid
  FROM (
    SELECT vkey, customer_id, occurred_at, dim,
      CASE WHEN LAG(occurred_at) OVER (PARTITION BY vkey ORDER BY occurred_at) IS NULL
        OR occurred_at > LAG(occurred_at) OVER (PARTITION BY vkey ORDER BY occurred_at) + INTERVAL %[3]d MINUTE
        THEN 1 ELSE 0 END AS fresh
    FROM (
      SELECT COALESCE(CONCAT('c', customer_id), CONCAT('v', visitor_id)) AS vkey, customer_id, occurred_at, %[2]s AS dim
      FROM events WHERE type IN ('site_visit', 'product_view', 'cart_add')
        AND (customer_id IS NOT NULL OR visitor_id IS NOT NULL)
    ) k
  ) w
) n GROUP BY vkey, sid`

	// e2eSessionsSQL computes the KPIs from that table (%[3]s) for the
	// sessions starting on days %[1]s..%[2]s, timeout %[4]d minutes; an
	// order is its customer's (anonymous sessions never convert).
	e2eSessionsSQL = `
SELECT s.dim, COUNT(*), COUNT(DISTINCT s.vkey),
  ROUND(SUM(s.hits = 1) / COUNT(*), 4),
  ROUND(AVG(TIMESTAMPDIFF(SECOND, s.start_at, s.end_at)), 1),
  COUNT(r.sid), ROUND(COUNT(r.sid) / COUNT(*), 4),
  COALESCE(SUM(r.revenue), 0), ROUND(COALESCE(SUM(r.revenue), 0) / COUNT(*), 2)
FROM %[3]s s LEFT JOIN (
  SELECT x.vkey, x.sid, SUM(o.amount) AS revenue
  FROM %[3]s x JOIN orders o ON o.customer_id = x.customer_id
  WHERE o.status = 'valid' AND o.ordered_at >= x.start_at AND o.ordered_at <= x.end_at + INTERVAL %[4]d MINUTE
  GROUP BY x.vkey, x.sid
) r ON r.vkey = s.vkey AND r.sid = s.sid
WHERE DATE(s.start_at) BETWEEN '%[1]s' AND '%[2]s'
GROUP BY s.dim ORDER BY s.dim`

	e2eShiftSQL = `
WITH l AS (
  SELECT o.customer_id, p.category_1 AS cat, o.amount,
    DATE(o.ordered_at) > DATE_SUB('%[1]s', INTERVAL %[2]d DAY) AS recent
  FROM orders o JOIN products p ON p.product_id = o.product_id
  WHERE o.status = 'valid' AND DATE(o.ordered_at) <= '%[1]s' AND p.category_1 IS NOT NULL
), cc AS (
  SELECT customer_id, cat, MAX(CASE WHEN recent THEN 0 ELSE 1 END) AS usual,
    SUM(CASE WHEN recent THEN amount ELSE 0 END) AS amt, SUM(CASE WHEN recent THEN 1 ELSE 0 END) AS nlines
  FROM l GROUP BY customer_id, cat
)
SELECT customer_id, SUM(usual), SUM(CASE WHEN usual = 0 AND nlines > 0 THEN 1 ELSE 0 END),
  GROUP_CONCAT(CASE WHEN usual = 0 AND nlines > 0 THEN cat END ORDER BY cat SEPARATOR ', '),
  SUM(amt), SUM(CASE WHEN usual = 0 THEN amt ELSE 0 END),
  ROUND(SUM(CASE WHEN usual = 0 THEN amt ELSE 0 END) / SUM(amt), 4)
FROM cc GROUP BY customer_id
HAVING SUM(usual) > 0 AND SUM(CASE WHEN usual = 0 AND nlines > 0 THEN 1 ELSE 0 END) > 0
ORDER BY customer_id`
)
