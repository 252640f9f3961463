package rfm_test

import "testing"

// The range reports on testdata/periods.sql, over 2024-03-01 .. 2024-04-30
// with windows active 30 and lapsed 90, worked by hand. Each customer's
// valid orders with k (1-based place) and the days since the previous one:
//
//	cust  order  day         k  gap  lines (valid)              status just before
//	1     101    2024-03-05  1   -   p1 100 web SPRING           lead
//	2     201    2024-01-10  1   -   p2  50 store                lead
//	2     202    2024-03-01  2  51   p1  60 web                  at risk (saved)
//	3     301    2023-10-01  1   -   p1  40 web                  lead
//	3     302    2024-04-10  2  192  p3  20 web WINBACK          lapsed (won back)
//	4     401    2024-03-10  1   -   p1  30 web                  lead
//	4     402    2024-03-10  2   0   p2  70 app                  new
//	6     601    2024-02-01  1   -   p2  25 web                  lead
//	7     701    2024-02-20  1   -   p1  10 web                  lead
//	7     702    2024-03-02  2  11   p1  15 web (p2 returned)    new
//	7     703    2024-04-05  3  34   p3  12 app                  at risk (saved)
//	7     704    2024-04-06  4   1   p3   8 app                  active
//	8     801    2024-04-20  1   -   p3  33 web (p2 cancelled)   lead
//	9     901    2023-12-31  1   -   p2  90 store                lead
//	9     902    2024-04-30  2  121  p1 100 + p4 50 app SPRING   lapsed (won back)
//	10    1001   2024-03-01  1   -   p2  22 web (p1 cancelled 02-28) lead
//	12    1201   2024-03-31  1   -   p1   5 web                  lead
//	12    1202   2024-04-01  2   1   p1   6 web                  new
//
// Customer 5 has only a cancelled order, 11 none; 6's order of 05-20 is
// after the range. Categories: p1 and p3 shoes, p2 bags, p4 not in the
// catalogue (NULL).
func periodsShop(t *testing.T) *shopDB {
	d := newShop(t)
	d.script("testdata/periods.sql")
	return d
}

func TestNewVsReturningFixture(t *testing.T) {
	d := periodsShop(t)
	// March: new 1, 4 (first order of the period is their first ever; both
	// same-day orders count for new), 10 (its valid line is 03-01) and 12;
	// returning 2 (51 days) and 7 (11 days). April: new 8; returning 7 and
	// 12 (1 day: Sunday then Monday), 3 and 9 (back after 192 and 121
	// days: returning customers, who lapsed before). Lapsed (Ometria: lapsed
	// in the range): 9, on 2023-12-31 + 91 = 2024-03-31.
	q := "SELECT * FROM new_vs_returning('2024-03-01', '2024-04-30', 'month', 30, 90)"
	wantRows(t, q, d.exec(q), []string{
		"2024-03-01|2024-03-31|6|4|2|1|7|302.00|227.00|75.00",
		"2024-04-01|2024-04-30|5|1|4|0|6|229.00|33.00|196.00",
	})
	// Weeks start on Monday; the first and last are cut to the range.
	q = "SELECT period_start, period_end, customers, new_customers, returning_customers, lapsed_customers, orders, revenue FROM new_vs_returning('2024-03-01', '2024-04-30', 'week', 30, 90)"
	wantRows(t, q, d.exec(q), []string{
		"2024-03-01|2024-03-03|3|1|2|0|3|97.00",
		"2024-03-04|2024-03-10|2|2|0|0|3|200.00",
		"2024-03-11|2024-03-17|0|0|0|0|0|0.00",
		"2024-03-18|2024-03-24|0|0|0|0|0|0.00",
		"2024-03-25|2024-03-31|1|1|0|1|1|5.00",
		"2024-04-01|2024-04-07|2|0|2|0|3|26.00",
		"2024-04-08|2024-04-14|1|0|1|0|1|20.00",
		"2024-04-15|2024-04-21|1|1|0|0|1|33.00",
		"2024-04-22|2024-04-28|0|0|0|0|0|0.00",
		"2024-04-29|2024-04-30|1|0|1|0|1|150.00",
	})
	// Lapsed 200: nobody's 201st day without an order falls in April (3's
	// would be 04-19, but 3 came back on 04-10, 192 days after 2023-10-01).
	q = "SELECT returning_customers, lapsed_customers FROM new_vs_returning('2024-04-01', '2024-04-30', 'month', 30, 200)"
	wantRows(t, q, d.exec(q), []string{"4|0"})
	// Lapsed 60: a customer lapses on the 61st day after an order with no
	// order since. 9 (2023-12-31, back only on 04-30) lapses on 03-01; 6
	// (02-01, next order 05-20, after the range) on 04-02; 2 came back
	// after 51 days and 3 lapsed on 2023-12-01, before the range.
	q = "SELECT period_start, lapsed_customers FROM new_vs_returning('2024-03-01', '2024-04-30', 'month', 30, 60)"
	wantRows(t, q, d.exec(q), []string{"2024-03-01|1", "2024-04-01|1"})
	q = "SELECT period_start, lapsed_customers FROM new_vs_returning('2024-03-01', '2024-03-01', 'day', 30, 60)"
	wantRows(t, q, d.exec(q), []string{"2024-03-01|1"})
	q = "SELECT period_start, lapsed_customers FROM new_vs_returning('2024-04-02', '2024-04-02', 'day', 30, 60)"
	wantRows(t, q, d.exec(q), []string{"2024-04-02|1"})
}

func TestCustomerEventsFixture(t *testing.T) {
	d := periodsShop(t)
	// Default comparison: the 61 days before 03-01, 2023-12-31 .. 02-29:
	// first orders of 9, 2, 6 and 7 (10's line of 02-28 is cancelled).
	q := "SELECT * FROM customer_events('2024-03-01', '2024-04-30', 'all', NULL, NULL, 30, 90)"
	wantRows(t, q, d.exec(q), []string{
		"all|unique_customers|9|4|5|125",
		"all|gained|5|4|1|25",
		"all|second_order|6|0|6|NULL",
		"all|won_back|2|0|2|NULL",
		"all|saved|2|0|2|NULL",
	})
	// By category of the triggering order's valid lines: 9's won-back order
	// has a shoe and an uncatalogued product; 4's second order is a bag.
	q = "SELECT * FROM customer_events('2024-03-01', '2024-04-30', 'category', NULL, NULL, 30, 90)"
	wantRows(t, q, d.exec(q), []string{
		"NULL|unique_customers|1|0|1|NULL",
		"NULL|gained|0|0|0|NULL",
		"NULL|second_order|1|0|1|NULL",
		"NULL|won_back|1|0|1|NULL",
		"NULL|saved|0|0|0|NULL",
		"bags|unique_customers|2|3|-1|-33.3333",
		"bags|gained|1|3|-2|-66.6667",
		"bags|second_order|1|0|1|NULL",
		"bags|won_back|0|0|0|NULL",
		"bags|saved|0|0|0|NULL",
		"shoes|unique_customers|8|1|7|700",
		"shoes|gained|4|1|3|300",
		"shoes|second_order|5|0|5|NULL",
		"shoes|won_back|2|0|2|NULL",
		"shoes|saved|2|0|2|NULL",
	})
	// By coupon, explicit comparison range: nobody used a coupon in it.
	q = "SELECT breakdown_value, event, customers, compare_customers FROM customer_events('2024-03-01', '2024-04-30', 'coupon', '2024-01-01', '2024-01-31', 30, 90) WHERE customers > 0"
	wantRows(t, q, d.exec(q), []string{
		"NULL|unique_customers|6|1",
		"NULL|gained|4|1",
		"NULL|second_order|4|0",
		"NULL|saved|2|0",
		"SPRING|unique_customers|2|0",
		"SPRING|gained|1|0",
		"SPRING|second_order|1|0",
		"SPRING|won_back|1|0",
		"WINBACK|unique_customers|1|0",
		"WINBACK|second_order|1|0",
		"WINBACK|won_back|1|0",
	})
}

func TestRevenueImpactFixture(t *testing.T) {
	d := periodsShop(t)
	q := "SELECT * FROM revenue_impact('2024-03-01', '2024-04-30', 'month', 'lifecycle', 30, 90)"
	wantRows(t, q, d.exec(q), []string{
		"2024-03-01|2024-03-31|active|0|0|0.00|NULL|0",
		"2024-03-01|2024-03-31|at risk|1|1|60.00|60|0.198675",
		"2024-03-01|2024-03-31|lapsed|0|0|0.00|NULL|0",
		"2024-03-01|2024-03-31|lead|4|4|157.00|39.25|0.519868",
		"2024-03-01|2024-03-31|new|2|2|85.00|42.5|0.281457",
		"2024-04-01|2024-04-30|active|1|1|8.00|8|0.0349345",
		"2024-04-01|2024-04-30|at risk|1|1|12.00|12|0.0524017",
		"2024-04-01|2024-04-30|lapsed|2|2|170.00|85|0.742358",
		"2024-04-01|2024-04-30|lead|1|1|33.00|33|0.144105",
		"2024-04-01|2024-04-30|new|1|1|6.00|6|0.0262009",
	})
	// Emarsys stages: one prior order within the lapsed window is a
	// first-time buyer, beyond it inactive; 7's fourth order (1 day after
	// the third) active, its third (34 days) defecting.
	q = "SELECT dimension_value, orders, revenue FROM revenue_impact('2024-04-01', '2024-04-30', 'month', 'stage', 30, 90)"
	wantRows(t, q, d.exec(q), []string{
		"active|1|8.00",
		"defecting|1|12.00",
		"first-time buyer|1|6.00",
		"inactive|2|170.00",
		"lead|1|33.00",
	})
	// Channel is the line's: 7's returned line and 8's cancelled one do
	// not count.
	q = "SELECT * FROM revenue_impact('2024-03-01', '2024-04-30', 'month', 'channel', 30, 90)"
	wantRows(t, q, d.exec(q), []string{
		"2024-03-01|2024-03-31|app|1|1|70.00|70|0.231788",
		"2024-03-01|2024-03-31|web|6|6|232.00|38.6667|0.768212",
		"2024-04-01|2024-04-30|app|3|2|170.00|56.6667|0.742358",
		"2024-04-01|2024-04-30|web|3|3|59.00|19.6667|0.257642",
	})
}

func TestDimensionMatrixFixture(t *testing.T) {
	d := fixtureShop(t)
	// Lifecycle as of 2024-06-30 (30, 180) as in docs/analytics.md;
	// engagement: 1 (lead, one open) low, 2 low, 7 medium, 11 low, others
	// none. Every pair of values met is listed, empty ones with zeros.
	q := "SELECT a_value, b_value, contacts, customers, revenue, share, share_of_a FROM dimension_matrix('lifecycle', 'engagement', 'contacts', '2024-06-30', 30, 180)"
	wantRows(t, q, d.exec(q), []string{
		"active|low|0|0|0.00|0|0",
		"active|medium|1|1|95.50|0.0909091|0.5",
		"active|none|1|1|100.00|0.0909091|0.5",
		"at risk|low|0|0|0.00|0|0",
		"at risk|medium|0|0|0.00|0|0",
		"at risk|none|2|2|320.00|0.181818|1",
		"lapsed|low|0|0|0.00|0|0",
		"lapsed|medium|0|0|0.00|0|0",
		"lapsed|none|2|2|535.00|0.181818|1",
		"lead|low|1|0|0.00|0.0909091|0.5",
		"lead|medium|0|0|0.00|0|0",
		"lead|none|1|0|0.00|0.0909091|0.5",
		"new|low|2|2|1100.00|0.181818|0.666667",
		"new|medium|0|0|0.00|0|0",
		"new|none|1|1|45.00|0.0909091|0.333333",
	})
	// Revenue shares by country × source (two customers columns); 7 has no
	// country. Search brought 100 + 100 + 20 + 95.50 + 500 + 1000 + 45 =
	// 1860.50.
	q = "SELECT a_value, b_value, revenue, share_of_b FROM dimension_matrix('country', 'source', 'revenue', '2024-06-30') WHERE revenue > 0"
	wantRows(t, q, d.exec(q), []string{
		"NULL|search|95.50|0.0513303",
		"DE|newsletter|300.00|1",
		"DE|search|120.00|0.0644988",
		"DE|social|35.00|1",
		"FR|search|1600.00|0.859984",
		"PL|search|45.00|0.024187",
	})
}

func TestRangeReportArgs(t *testing.T) {
	d := periodsShop(t)
	for _, tc := range []struct {
		q    string
		code int
	}{
		{"SELECT * FROM new_vs_returning('2024-04-30', '2024-03-01')", 1210},
		{"SELECT * FROM new_vs_returning('2024-03-01', '2024-04-30', 'year')", 1210},
		{"SELECT * FROM new_vs_returning('2024-03-01', 'soon')", 1210},
		{"SELECT * FROM new_vs_returning('1900-01-01', '2024-04-30')", 1210},
		{"SELECT * FROM new_vs_returning(NULL, '2024-04-30')", 1210},
		{"SELECT * FROM new_vs_returning('2024-03-01', '2024-04-30', 'day', 90, 30)", 1210},
		{"SELECT * FROM new_vs_returning('2024-03-01')", 1105},
		{"SELECT * FROM customer_events('2024-03-01', '2024-04-30', 'brand')", 1210},
		{"SELECT * FROM customer_events('2024-03-01', '2024-04-30', 'all', '2024-01-01')", 1210},
		{"SELECT * FROM customer_events('2024-03-01', '2024-04-30', 'all', '2024-02-01', '2024-01-01')", 1210},
		{"SELECT * FROM customer_events('2024-03-01', '2024-04-30', 'all', NULL, NULL, 0)", 1210},
		{"SELECT * FROM revenue_impact('2024-03-01', '2024-04-30', 'month', 'country')", 1210},
		{"SELECT * FROM revenue_impact('2024-03-01', '2024-04-30', 'quarter')", 1210},
		{"SELECT * FROM dimension_matrix('lifecycle', 'colour')", 1210},
		{"SELECT * FROM dimension_matrix('lifecycle', 'country', 'profit')", 1210},
		{"SELECT * FROM dimension_matrix('country', 'source', 'contacts', 'today')", 1210},
		{"SELECT * FROM dimension_matrix('country', 'source', 'contacts', '2024-06-30', 10, 5)", 1210},
	} {
		if _, err := d.query(tc.q); errCode(err) != tc.code {
			t.Errorf("%s: want error %d, got %v", tc.q, tc.code, err)
		}
	}
	// An empty shop gives zero rows per period, not an error.
	e := newShop(t)
	q := "SELECT customers, revenue FROM new_vs_returning('2024-03-01', '2024-04-30')"
	wantRows(t, q, e.exec(q), []string{"0|0.00", "0|0.00"})
	q = "SELECT event, customers FROM customer_events('2024-03-01', '2024-04-30')"
	wantRows(t, q, e.exec(q), []string{"unique_customers|0", "gained|0", "second_order|0", "won_back|0", "saved|0"})
}
