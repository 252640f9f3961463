package clv_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// line is one order line of a fixture: customer, day (YYYY-MM-DD), amount.
type line struct {
	customer int64
	day      string
	amount   float64
	status   string // "" is valid
}

// ordersCSV renders order lines as a CSV with a header, one order each.
func ordersCSV(lines []line) *strings.Reader {
	var b strings.Builder
	b.WriteString("order_id,line_no,customer_id,ordered_at,product_id,quantity,unit_price,amount,status\n")
	for i, l := range lines {
		status := l.status
		if status == "" {
			status = "valid"
		}
		fmt.Fprintf(&b, "%d,1,%d,%s 12:00:00,1,1,%.2f,%.2f,%s\n", i+1, l.customer, l.day, l.amount, l.amount, status)
	}
	return strings.NewReader(b.String())
}

func errNum(err error) int {
	if err == nil {
		return 0
	}
	return int(sql.CastSQLError(err).Num)
}

// TestErrors checks that each misuse gets a MySQL code and a message that
// names the problem.
func TestErrors(t *testing.T) {
	s := newShop(t)
	steps := []struct {
		name, q string
		code    int
		msg     string
	}{
		{"no orders", "CALL clv_fit()", 1105, "no valid orders"},
		{"no model", "SELECT * FROM clv()", 1105, "run CALL clv_fit() first"},
	}
	for _, st := range steps {
		_, err := s.query(st.q)
		if errNum(err) != st.code || !strings.Contains(fmt.Sprint(err), st.msg) {
			t.Errorf("%s: %s: got %v (code %d), want %d %q", st.name, st.q, err, errNum(err), st.code, st.msg)
		}
	}
	// Five repeat customers and ten one-time buyers: too few to fit.
	var lines []line
	for c := int64(1); c <= 15; c++ {
		lines = append(lines, line{c, "2024-01-05", 10, ""})
		if c <= 5 {
			lines = append(lines, line{c, "2024-02-01", 12, ""})
		}
	}
	lines = append(lines, line{99, "2024-03-01", 10, "cancelled"})
	s.loadOrders(ordersCSV(lines))
	steps = []struct {
		name, q string
		code    int
		msg     string
	}{
		// Dynamics 365's limits first: a year of history, 100 repeat customers;
		// each refusal names the reason and the variable that overrides it.
		{"four weeks of history", "CALL clv_fit()", 1105, "2024-01-05 to 2024-02-01 holds 28 days of orders; a fit needs at least 365"},
		{"the override is named", "CALL clv_fit()", 1105, "SET clv_min_history_days = 28 to fit anyway"},
		{"evaluate: same refusal", "SELECT * FROM clv_evaluate('2024-01-20', '2024-02-01')", 1105, "holds 16 days of orders"},
		{"override the history", "SET clv_min_history_days = 0", 0, ""},
		{"too few repeat customers for the limit", "CALL clv_fit()", 1105,
			"5 of 15 customers bought again by 2024-02-01; a fit needs at least 100 repeat customers"},
		{"its override", "CALL clv_fit()", 1105, "SET clv_min_repeat_customers = 5 to fit anyway"},
		{"override both", "SET clv_min_repeat_customers = 0", 0, ""},
		{"too few repeat customers", "CALL clv_fit()", 1105, "needs 10, got 5"},
		{"zero high-value share", "SELECT * FROM clv(365, 0.1, NULL, 0)", 1210, "high_value_percent must be more than 0 and at most 100"},
		{"high-value share over 100", "SELECT * FROM clv(365, 0.1, NULL, 101)", 1210, "high_value_percent"},
		{"calibration before the data", "CALL clv_fit('2023-12-31')", 1210, "outside the orders (2024-01-05 to 2024-02-01)"},
		{"calibration after the data (cancelled order ignored)", "CALL clv_fit('2024-03-01')", 1210, "outside the orders"},
		{"bad date", "CALL clv_fit('soon')", 1210, "not a date"},
		{"unknown model", "CALL clv_fit(NULL, 'arima')", 1210, "want 'mbgnbd', 'bgnbd' or 'paretonbd'"},
		{"unknown unit", "CALL clv_fit(NULL, 'bgnbd', 'month')", 1210, "want 'day' or 'week'"},
		{"zero horizon", "SELECT * FROM clv(0)", 1210, "horizon_days must be positive"},
		{"negative horizon", "SELECT * FROM clv(-30)", 1210, "horizon_days must be positive"},
		{"discount -100%", "SELECT * FROM clv(365, -1)", 1210, "discount_rate_annual"},
		{"unknown model id", "SELECT * FROM clv(365, 0.1, 42)", 1210, "no model 42 in shop.clv_models"},
		{"holdout before calibration", "SELECT * FROM clv_evaluate('2024-01-20', '2024-01-10')", 1210, "must be after calibration_end"},
		{"holdout after the data", "SELECT * FROM clv_evaluate('2024-01-20', '2024-05-01')", 1210, "after the last order"},
		{"evaluate: too few", "SELECT * FROM clv_evaluate('2024-01-20', '2024-02-01')", 1105, "too few repeat customers"},
	}
	for _, st := range steps {
		_, err := s.query(st.q)
		if errNum(err) != st.code || !strings.Contains(fmt.Sprint(err), st.msg) {
			t.Errorf("%s: %s: got %v (code %d), want %d %q", st.name, st.q, err, errNum(err), st.code, st.msg)
		}
	}
	if _, err := s.query("SET clv_high_value_percent = 0"); err == nil {
		t.Errorf("SET clv_high_value_percent = 0 accepted, want an error (1 to 100)")
	}
}

// published BG/NBD and Gamma-Gamma parameters of the CDNOW sample (in
// weeks), used as a hand-entered model.
const handModel = `INSERT INTO clv_models (fitted_at, calibration_end, model, time_unit, parameters, customers, repeat_customers)
VALUES ('2024-01-01 00:00:00', '2024-03-31', 'bgnbd', 'week',
 '{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426,"p":6.25,"q":3.74,"gamma":15.44}', 0, 0)`

// TestHandModel scores a hand-worked fixture with a model inserted by hand:
// the summaries are worked out from the order lines below, P(alive) from
// its closed form, the ranking columns from plain SQL over the result.
func TestHandModel(t *testing.T) {
	s := newShop(t)
	s.loadOrders(ordersCSV([]line{
		// Customer 1: first on Jan 7, repeats on Jan 21 (two lines, one
		// customer-day: 30 + 10) and Mar 3; April is after calibration.
		{1, "2024-01-07", 50, ""}, {1, "2024-01-21", 30, ""}, {1, "2024-01-21", 10, ""},
		{1, "2024-03-03", 20, ""}, {1, "2024-04-10", 99, ""},
		// Customer 2: one purchase: x = 0, P(alive) = 1 in the BG/NBD.
		{2, "2024-02-04", 15, ""},
		// Customer 3: a returned repeat order does not count.
		{3, "2024-01-07", 80, ""}, {3, "2024-01-14", 70, ""}, {3, "2024-02-11", 60, "returned"},
		// Customer 4: born after the calibration end: not scored.
		{4, "2024-04-02", 10, ""},
	}))
	s.mustQuery("CREATE TABLE clv_models (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, fitted_at DATETIME, " +
		"calibration_end DATE, model VARCHAR(16), time_unit VARCHAR(8), parameters TEXT, log_likelihood DOUBLE, " +
		"spend_log_likelihood DOUBLE, customers BIGINT, repeat_customers BIGINT)")
	s.mustQuery(handModel)
	// Calibration ends Sunday 2024-03-31 = day 0 + 12 weeks after Jan 7.
	type want struct {
		id     int64
		x      int64
		tx, T  float64
		mbar   float64
		pAlive float64
		eValue float64
	}
	r, alpha, a, b := 0.243, 4.414, 0.793, 2.426
	palive := func(x, tx, T float64) float64 {
		return 1 / (1 + a/(b+x-1)*math.Pow((alpha+T)/(alpha+tx), r+x))
	}
	p, q, g := 6.25, 3.74, 15.44
	ev := func(x, mbar float64) float64 { return p * (g + x*mbar) / (p*x + q - 1) }
	wants := []want{
		{1, 2, 8, 12, 30, palive(2, 8, 12), ev(2, 30)},
		{2, 0, 0, 8, 0, 1, p * g / (q - 1)},
		{3, 1, 1, 12, 70, palive(1, 1, 12), ev(1, 70)},
	}
	rows := s.mustQuery("SELECT customer_id, frequency, recency, T, monetary_value, p_alive, expected_avg_order_value FROM clv(365, 0)")
	if len(rows) != len(wants) {
		t.Fatalf("got %d rows %v, want %d", len(rows), rows, len(wants))
	}
	for i, w := range wants {
		got := rows[i]
		if got[0] != w.id || got[1] != w.x {
			t.Errorf("row %d: id, x = %v, %v; want %d, %d", i, got[0], got[1], w.id, w.x)
		}
		for j, v := range []float64{w.tx, w.T, w.mbar, w.pAlive, w.eValue} {
			if g := got[2+j].(float64); math.Abs(g-v) > 1e-9*math.Max(1, math.Abs(v)) {
				t.Errorf("customer %d column %d = %.12g, want %.12g", w.id, 2+j, g, v)
			}
		}
	}
	// clv_percentile is 100 · PERCENT_RANK over predicted_clv; high_value the
	// top ⌈20% · 3⌉ = 1 customer.
	check := s.mustQuery("SELECT COUNT(*) FROM (SELECT clv_percentile, 100 * PERCENT_RANK() OVER (ORDER BY predicted_clv) AS pr " +
		"FROM clv()) x WHERE ABS(clv_percentile - pr) > 1e-9")
	if check[0][0] != int64(0) {
		t.Errorf("clv_percentile differs from PERCENT_RANK in %v rows", check[0][0])
	}
	top := s.mustQuery("SELECT customer_id FROM clv() ORDER BY predicted_clv DESC LIMIT 1")
	flagged := s.mustQuery("SELECT customer_id FROM clv() WHERE high_value")
	if len(flagged) != 1 || flagged[0][0] != top[0][0] {
		t.Errorf("high_value = %v, want the top customer %v", flagged, top)
	}
	// The share is a parameter: 50 % of 3 is ⌈1.5⌉ = 2 customers, 100 % all
	// three; the session variable sets the default.
	for _, c := range []struct {
		set, q string
		want   int64
	}{
		{"", "SELECT COUNT(*) FROM clv(365, 0.1, NULL, 50) WHERE high_value", 2},
		{"", "SELECT COUNT(*) FROM clv(365, 0.1, NULL, 100) WHERE high_value", 3},
		{"", "SELECT COUNT(*) FROM clv(365, 0.1, NULL, 1) WHERE high_value", 1},
		{"SET clv_high_value_percent = 34", "SELECT COUNT(*) FROM clv() WHERE high_value", 2},
		{"SET clv_high_value_percent = 33", "SELECT COUNT(*) FROM clv() WHERE high_value", 1},
	} {
		if c.set != "" {
			s.mustQuery(c.set)
		}
		if got := s.mustQuery(c.q)[0][0]; got != c.want {
			t.Errorf("%s; %s = %v, want %d", c.set, c.q, got, c.want)
		}
	}
	two := s.mustQuery("SELECT customer_id FROM clv(365, 0.1, NULL, 50) WHERE high_value ORDER BY customer_id")
	best := s.mustQuery("SELECT customer_id FROM (SELECT customer_id FROM clv() ORDER BY predicted_clv DESC LIMIT 2) x ORDER BY customer_id")
	if fmt.Sprint(two) != fmt.Sprint(best) {
		t.Errorf("50 %% high_value = %v, want the two best %v", two, best)
	}
}
