package rfm_test

import "testing"

// Lifecycle of the fixture as of 2024-06-30 with windows active 30 and
// lapsed 180 days. Base AOV = 2195.50 / 14 orders = 156.82: customer 8
// (AOV 150, ratio 0.96) is medium, 9 (250, 1.59) high, 11 (1000, 6.38)
// very high, the rest (≤ 100, ratio ≤ 0.64) low. Engagement levels: 1 → low, 3 → low, 7 → medium.
var fixtureLifecycle = []string{
	"1|2024-01-01|0|0.00|NULL|NULL|NULL|lead|lead|NULL|NULL|low",
	"2|2024-06-30|1|100.00|2024-06-30|2024-06-30|0|first-time buyer|new|one-time|low|low",
	"3|2024-05-20|2|100.00|2024-06-01|2024-06-01|29|active|active|repeat|low|none",
	"4|2024-04-01|0|0.00|NULL|NULL|NULL|lead|lead|NULL|NULL|none",
	"5|2024-01-01|1|20.00|2024-05-01|2024-05-01|60|defecting|at risk|one-time|low|none", // one order, past the active window
	"7|2024-06-01|3|95.50|2024-06-20|2024-06-28|2|active|active|repeat|low|medium",
	"8|2023-12-31|2|300.00|2024-01-10|2024-02-10|141|defecting|at risk|repeat|medium|none",
	"9|2021-12-01|2|500.00|2022-01-01|2022-06-01|760|inactive|lapsed|repeat|high|none",
	"10|2023-01-01|1|35.00|2023-01-01|2023-01-01|546|inactive|lapsed|one-time|low|none",
	"11|2024-06-01|1|1000.00|2024-06-10|2024-06-10|20|first-time buyer|new|one-time|very high|low",
	"12|2024-06-14|1|45.00|2024-06-15|2024-06-15|15|first-time buyer|new|one-time|low|none",
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
