package rfm_test

import "testing"

// Lifecycle of the fixture as of 2024-06-30 with windows active 30 and
// lapsed 180 days. Base AOV = 2195.50 / 14 orders = 156.82: customer 8
// (AOV 150, ratio 0.96) is medium, 9 (250, 1.59) high, 11 (1000, 6.38)
// very high, the rest (≤ 100, ratio ≤ 0.64) low. Engagement levels: 1 → low, 3 → low, 7 → medium.
// Emarsys buyer status names rfm()'s m (quintiles, see fixtureRFM): 1 low
// spender, 2 normal, 3 silver, 4 gold, 5 platinum. Lead statuses: 1 opened
// an e-mail on 06-10 (active lead); 4 signed up 2024-04-01, 90 days before
// as-of, so not within the last 90 days, and never responded: cold lead.
var fixtureLifecycle = []string{
	"1|2024-01-01|0|0.00|NULL|NULL|NULL|lead|lead|NULL|NULL|low|NULL|active lead",
	"2|2024-06-30|1|100.00|2024-06-30|2024-06-30|0|first-time buyer|new|one-time|low|low|silver|NULL",
	"3|2024-05-20|2|100.00|2024-06-01|2024-06-01|29|active|active|repeat|low|none|silver|NULL",
	"4|2024-04-01|0|0.00|NULL|NULL|NULL|lead|lead|NULL|NULL|none|NULL|cold lead",
	"5|2024-01-01|1|20.00|2024-05-01|2024-05-01|60|defecting|at risk|one-time|low|none|low spender|NULL", // one order, past the active window
	"7|2024-06-01|3|95.50|2024-06-20|2024-06-28|2|active|active|repeat|low|medium|normal|NULL",
	"8|2023-12-31|2|300.00|2024-01-10|2024-02-10|141|defecting|at risk|repeat|medium|none|gold|NULL",
	"9|2021-12-01|2|500.00|2022-01-01|2022-06-01|760|inactive|lapsed|repeat|high|none|gold|NULL",
	"10|2023-01-01|1|35.00|2023-01-01|2023-01-01|546|inactive|lapsed|one-time|low|none|low spender|NULL",
	"11|2024-06-01|1|1000.00|2024-06-10|2024-06-10|20|first-time buyer|new|one-time|very high|low|platinum|NULL",
	"12|2024-06-14|1|45.00|2024-06-15|2024-06-15|15|first-time buyer|new|one-time|low|none|normal|NULL",
}

func TestLifecycleFixture(t *testing.T) {
	d := fixtureShop(t)
	q := "SELECT * FROM lifecycle('2024-06-30', 30, 180)"
	wantRows(t, q, d.exec(q), fixtureLifecycle)
	// Default windows: repurchase intervals of distinct order days whose
	// later day is within two years: 7 (5 and 3 days, weight 1/2 each), 8
	// (31 days, weight 1); 3's same-day orders and 9's 2022-06-01 repeat do
	// not count. Of the total weight 2, P80 needs 1.6 and P95 1.9: the
	// cumulative weights are 0.5 (3), 1 (5), 2 (31), so both are 31.
	q = "SELECT customer_id, emarsys_stage, ometria_status FROM lifecycle('2024-06-30') WHERE customer_id IN (3, 5, 7, 8)"
	wantRows(t, q, d.exec(q), []string{
		"3|active|active", "5|inactive|lapsed", "7|active|active", "8|inactive|lapsed"})
	// One window given: the other is still derived (lapsed 31).
	q = "SELECT customer_id, ometria_status FROM lifecycle('2024-06-30', 30) WHERE customer_id IN (3, 5, 7, 8)"
	wantRows(t, q, d.exec(q), []string{"3|active", "5|lapsed", "7|active", "8|lapsed"})
	q = "SELECT customer_id, ometria_status FROM lifecycle('2024-06-30', 140, 141) WHERE customer_id = 8"
	wantRows(t, q, d.exec(q), []string{"8|at risk"})
}

func TestLifecycleArgs(t *testing.T) {
	d := fixtureShop(t)
	for _, tc := range []struct {
		q    string
		code int
	}{
		{"SELECT * FROM lifecycle('2024-06-30', 0)", 1210},
		{"SELECT * FROM lifecycle('2024-06-30', 30, 29)", 1210},
		{"SELECT * FROM lifecycle('2024-06-30', 'x')", 1210},
		{"SELECT * FROM lifecycle('2024-13-01')", 1210},
		{"SELECT * FROM lifecycle(NULL, 30, 90, 1)", 1105},
	} {
		if _, err := d.query(tc.q); errCode(err) != tc.code {
			t.Errorf("%s: want error %d, got %v", tc.q, tc.code, err)
		}
	}
}

// TestEmarsysLeadStatuses: Emarsys' lead statuses on hand-worked leads as
// of 2024-06-30 (the 90 days: from 04-02; the 180 days: from 01-03).
// A response is an open, click or visit; a sent e-mail is not one.
func TestEmarsysLeadStatuses(t *testing.T) {
	d := newShop(t)
	d.exec(`INSERT INTO customers (customer_id, email, signup_at) VALUES
		(21, 'a', '2024-06-01 00:00:00'), (22, 'b', '2024-04-02 00:00:00'), (23, 'c', '2024-04-01 23:59:59'),
		(24, 'd', '2024-01-03 00:00:00'), (25, 'e', '2024-01-02 23:59:59'), (26, 'f', '2023-01-01 00:00:00'),
		(27, 'g', '2023-01-01 00:00:00'), (28, 'h', '2023-01-01 00:00:00'), (29, 'i', '2023-01-01 00:00:00'),
		(30, 'j', '2023-01-01 00:00:00'), (31, 'k', '2024-06-20 00:00:00'), (100, 'z', '2023-01-01 00:00:00')`)
	d.exec(`INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, status)
		VALUES (1, 1, 100, '2024-06-30 10:00:00', 1, 1, 10.00, 10.00, 'valid')`)
	d.exec(`INSERT INTO events (customer_id, occurred_at, type) VALUES
		(26, '2024-04-02 00:00:00', 'email_click'), (27, '2024-04-01 23:59:59', 'email_open'),
		(28, '2024-01-03 00:00:00', 'site_visit'), (29, '2024-01-02 23:59:59', 'email_open'),
		(29, '2024-06-01 10:00:00', 'email_sent'), (30, '2024-07-01 10:00:00', 'site_visit'),
		(31, '2024-06-25 10:00:00', 'email_open'), (100, '2024-06-01 10:00:00', 'email_open')`)
	q := "SELECT customer_id, emarsys_lead_status, emarsys_buyer_status FROM lifecycle('2024-06-30', 30, 180)"
	wantRows(t, q, d.exec(q), []string{
		"21|new lead|NULL",      // signed up 29 days ago
		"22|new lead|NULL",      // 89 days ago: within the 90
		"23|cold lead|NULL",     // 90 days ago, no response
		"24|cold lead|NULL",     // 179 days ago
		"25|inactive lead|NULL", // 180 days ago, no response
		"26|active lead|NULL",   // a click 89 days ago
		"27|cold lead|NULL",     // an open 90 days ago
		"28|cold lead|NULL",     // a visit 179 days ago
		"29|inactive lead|NULL", // an open 180 days ago; a send is no response
		"30|inactive lead|NULL", // a visit after as-of does not count
		"31|active lead|NULL",   // new, and opened an e-mail
		"100|NULL|low spender",  // the one buyer: m is 1, the worst (and only) value
	})
}

// TestEmarsysBuyerStatusThresholds: with saved thresholds the buyer status
// follows the saved monetary breaks, as rfm()'s m does: on the fixture as
// of 2024-06-30, breaks 50, 100, 400, 900 put 20, 35 and 45 in the first
// class, 95.50 in the second, 100 and 300 in the third (a value equal to a
// break reaches it), 500 in the fourth and 1000 in the fifth.
func TestEmarsysBuyerStatusThresholds(t *testing.T) {
	d := fixtureShop(t)
	d.exec("CALL erfm_reset()") // creates the settings table
	d.exec(`INSERT INTO settings (name, value) VALUES ('rfm.recency_breaks', '10,30,100,365'),
		('rfm.frequency_breaks', '2,3'), ('rfm.monetary_breaks', '50,100,400,900'), ('rfm.engagement_breaks', '1')`)
	q := "SELECT l.customer_id, l.emarsys_buyer_status, r.m FROM lifecycle('2024-06-30', 30, 180) l " +
		"JOIN rfm('2024-06-30') r ON r.customer_id = l.customer_id ORDER BY l.customer_id"
	wantRows(t, q, d.exec(q), []string{
		"2|silver|3", "3|silver|3", "5|low spender|1", "7|normal|2", "8|silver|3",
		"9|gold|4", "10|low spender|1", "11|platinum|5", "12|low spender|1",
	})
}
