package segments_test

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// heldOut is the documented control-group rule (docs/segments.md),
// written out again here so the test does not trust the code under test:
// h = splitmix64(splitmix64(seed) XOR id), control iff (h>>11)/2^53 < pct/100.
func heldOut(seed int64, pct float64, id uint64) bool {
	sm := func(x uint64) uint64 {
		x += 0x9E3779B97F4A7C15
		x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
		x = (x ^ (x >> 27)) * 0x94D049BB133111EB
		return x ^ (x >> 31)
	}
	return float64(sm(sm(uint64(seed))^id)>>11)/(1<<53) < pct/100
}

// upliftFixture picks 10 treated and 6 control customers for seed 42,
// 40% by the documented rule, and gives them orders whose statistics
// were worked out independently (see TestUpliftFixture).
func upliftFixture(seed int64, pct float64) (treated, control []uint64, stmts []string) {
	for id := uint64(1); len(treated) < 10 || len(control) < 6; id++ {
		if heldOut(seed, pct, id) {
			if len(control) < 6 {
				control = append(control, id)
			}
		} else if len(treated) < 10 {
			treated = append(treated, id)
		}
	}
	var cust []string
	for _, id := range append(append([]uint64{}, treated...), control...) {
		cust = append(cust, fmt.Sprintf("(%d,'2023-01-01','seg')", id))
	}
	cust = append(cust, "(999999,'2023-01-01','other')") // not a member
	stmts = append(stmts, "INSERT INTO customers (customer_id, signup_at, source) VALUES "+strings.Join(cust, ","))
	type order struct {
		cust   uint64
		at     string
		amount string
		status string
	}
	os := []order{
		// Treated buyers: 10 (two lines: 4 + 6), 20, 30, 40, 50.
		{treated[0], "2024-03-01 00:00:00", "4.00", "valid"}, {treated[0], "2024-03-31 23:59:59", "6.00", "valid"},
		{treated[1], "2024-03-05 10:00:00", "20.00", "valid"}, {treated[2], "2024-03-06 10:00:00", "30.00", "valid"},
		{treated[3], "2024-03-07 10:00:00", "40.00", "valid"}, {treated[4], "2024-03-08 10:00:00", "50.00", "valid"},
		// Control buyers: 10, 20.
		{control[0], "2024-03-09 10:00:00", "10.00", "valid"}, {control[1], "2024-03-10 10:00:00", "20.00", "valid"},
		// Not counted: cancelled, returned, outside the window, not a member.
		{treated[5], "2024-03-11 10:00:00", "99.00", "cancelled"}, {control[2], "2024-03-12 10:00:00", "99.00", "returned"},
		{treated[6], "2024-02-29 23:59:59", "99.00", "valid"}, {control[3], "2024-04-01 00:00:00", "99.00", "valid"},
		{999999, "2024-03-15 10:00:00", "99.00", "valid"},
	}
	var vals []string
	for i, o := range os {
		vals = append(vals, fmt.Sprintf("(%d,1,%d,'%s',1,1,%s,%s,'%s')", i+1, o.cust, o.at, o.amount, o.amount, o.status))
	}
	stmts = append(stmts, "INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, status) VALUES "+
		strings.Join(vals, ","))
	stmts = append(stmts, "CALL create_segment('campaign', 'SELECT customer_id FROM customers WHERE source = ''seg''')",
		fmt.Sprintf("CALL create_control_group('campaign', %v, %d)", pct, seed))
	return treated, control, stmts
}

// upliftWant is the fixture's answer, computed independently with mpmath
// (30 digits) from the closed forms: treated revenue per customer
// [10,20,30,40,50,0,0,0,0,0], control [10,20,0,0,0,0]; conversion 5/10
// vs 2/6. Two-proportion z: pooled p = 7/16, z = (1/2−1/3)/√(p(1−p)(1/10+1/6))
// = 0.650600, p = erfc(z/√2); Wald 95% CI. Welch: means 15 and 5,
// variances 361.1 and 70, t = 1.446728, ν = 13.26293, p from the
// regularized incomplete beta, CI with t₀.₉₇₅(ν). Incremental revenue
// (15 − 5) × 10 = 100.
var upliftWant = map[string]float64{
	"treated_customers": 10, "control_customers": 6, "treated_buyers": 5, "control_buyers": 2,
	"treated_conversion": 0.5, "control_conversion": 1.0 / 3, "conversion_uplift": 1.0 / 6, "conversion_relative_uplift": 0.5,
	"conversion_ci_low": -0.321506174789773, "conversion_ci_high": 0.654839508123106,
	"conversion_z": 0.650600048632355, "conversion_p_value": 0.515304698967525,
	"treated_revenue_per_customer": 15, "control_revenue_per_customer": 5, "revenue_uplift": 10, "revenue_relative_uplift": 2,
	"revenue_ci_low": -4.90274882033904, "revenue_ci_high": 24.9027488203390,
	"revenue_t": 1.44672846651124, "revenue_df": 13.2629313780186, "revenue_p_value": 0.171191561682766,
	"incremental_revenue": 100,
}

func TestUpliftFixture(t *testing.T) {
	d := newShop(t)
	treated, control, stmts := upliftFixture(42, 40)
	for _, q := range stmts {
		d.exec(q)
	}
	// The groups are the ones the documented rule predicts.
	var wantGroups []string
	for _, id := range treated {
		wantGroups = append(wantGroups, fmt.Sprintf("%d|treated", id))
	}
	for _, id := range control {
		wantGroups = append(wantGroups, fmt.Sprintf("%d|control", id))
	}
	same(t, "groups", d.lines("SELECT customer_id, grp FROM segment_groups('campaign') ORDER BY grp DESC, customer_id"), wantGroups)
	checkUplift(t, d.lines("SELECT * FROM uplift('campaign', '2024-03-01', '2024-03-31')"), upliftWant)
	// Defaults: to_date = the day of the latest order (2024-04-01), from 29 days before.
	got := d.lines("SELECT from_date, to_date, treated_buyers, control_buyers FROM uplift('campaign')")
	same(t, "default window", got, []string{"2024-03-03|2024-04-01|5|3"})
}

// checkUplift compares uplift()'s one row (rendered by lines) with want.
func checkUplift(t *testing.T, got []string, want map[string]float64) {
	t.Helper()
	if len(got) != 1 {
		t.Fatalf("uplift returned %d rows", len(got))
	}
	cells := strings.Split(got[0], "|")
	for i, c := range upliftColumns {
		w, ok := want[c]
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(cells[i], 64)
		if err != nil || math.Abs(v-w) > 1e-9*math.Max(1, math.Abs(w)) {
			t.Errorf("%s = %s, want %.10g", c, cells[i], w)
		}
	}
}

var upliftColumns = strings.Split("segment from_date to_date treated_customers control_customers treated_buyers control_buyers "+
	"treated_conversion control_conversion conversion_uplift conversion_relative_uplift conversion_ci_low conversion_ci_high "+
	"conversion_z conversion_p_value treated_revenue_per_customer control_revenue_per_customer revenue_uplift "+
	"revenue_relative_uplift revenue_ci_low revenue_ci_high revenue_t revenue_df revenue_p_value incremental_revenue", " ")
