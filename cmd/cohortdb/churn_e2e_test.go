package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// TestChurnRiskAgreesWithLifecycle: on a generated shop, the default
// churn model's P(alive) (clv(), fitted by CALL clv_fit() as of the latest
// order) agrees in direction with lifecycle()'s stage on the same day:
// among one-time buyers and among repeat buyers alike, the mean P(alive)
// falls from the buyers within the active window (first-time buyer,
// active) to defecting to inactive; most active buyers are low risk and
// most inactive ones high; no one-time buyer past the active window is
// low risk, and a one-time buyer's P(alive) never rises with the days
// since their purchase. The BG/NBD, the default before, gives every
// one-time buyer P(alive) = 1, inactive ones included (issue 23: 17 712
// "low churn risk" one-time buyers lifecycle() called lapsed): that is
// checked too, so the test shows what the default fixes.
// docs/clv.md shows the same comparison on the demo.
func TestChurnRiskAgreesWithLifecycle(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	dir := t.TempDir()
	if _, err := gen.Generate(dir, gen.Config{Customers: 3000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	for table, cols := range map[string][]string{"customers": gen.CustomerColumns, "orders": gen.OrderColumns, "fx_rates": gen.FxRateColumns} {
		mustExec(t, db, fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE shop.%s FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' IGNORE 1 LINES (%s)",
			filepath.Join(dir, table+".csv"), table, strings.Join(cols, ", ")))
	}
	fitSmallShop(t, db) // the default model, as of the latest order
	const join = ` FROM clv() c JOIN lifecycle() l ON l.customer_id = c.customer_id `
	if n, m := queryInt(t, db, "SELECT COUNT(*)"+join), queryInt(t, db, "SELECT COUNT(*) FROM lifecycle() WHERE orders > 0"); n != m || n == 0 {
		t.Fatalf("clv() joins %d of lifecycle()'s %d buyers: not scored on the same day?", n, m)
	}
	type cell struct {
		n               int
		mean, low, high float64
	}
	byStage := map[string]cell{} // "stage/buyer_status"
	for _, r := range cells(t, db, "SELECT l.emarsys_stage, l.buyer_status, COUNT(*), AVG(c.p_alive), "+
		"AVG(c.churn_risk = 'low'), AVG(c.churn_risk = 'high')"+join+"GROUP BY l.emarsys_stage, l.buyer_status") {
		var c cell
		c.n, _ = strconv.Atoi(r[2])
		c.mean, _ = strconv.ParseFloat(r[3], 64)
		c.low, _ = strconv.ParseFloat(r[4], 64)
		c.high, _ = strconv.ParseFloat(r[5], 64)
		byStage[r[0]+"/"+r[1]] = c
		t.Logf("%-18s %-9s %5d customers, mean P(alive) %.3f, low risk %.2f, high risk %.2f", r[0], r[1], c.n, c.mean, c.low, c.high)
	}
	for _, order := range [][]string{
		{"first-time buyer/one-time", "defecting/one-time", "inactive/one-time"},
		{"active/repeat", "defecting/repeat", "inactive/repeat"},
	} {
		for i := 1; i < len(order); i++ {
			a, b := byStage[order[i-1]], byStage[order[i]]
			if a.n == 0 || b.n == 0 {
				t.Fatalf("%s or %s has no customer: the shop does not cover every stage", order[i-1], order[i])
			}
			if a.mean <= b.mean {
				t.Errorf("mean P(alive) of %s (%.3f) not above %s (%.3f)", order[i-1], a.mean, order[i], b.mean)
			}
		}
	}
	if c := byStage["active/repeat"]; c.low <= 0.5 {
		t.Errorf("only %.2f of active repeat buyers are low churn risk", c.low)
	}
	for _, k := range []string{"inactive/one-time", "inactive/repeat"} {
		if c := byStage[k]; c.high <= 0.5 {
			t.Errorf("only %.2f of %s buyers are high churn risk", c.high, k)
		}
	}
	if n := queryInt(t, db, "SELECT COUNT(*)"+join+"WHERE l.orders = 1 AND l.emarsys_stage <> 'first-time buyer' AND c.churn_risk = 'low'"); n != 0 {
		t.Errorf("%d one-time buyers past the active window are low churn risk", n)
	}
	// A one-time buyer's P(alive) never rises with recency.
	prevMin := 2.0
	for _, r := range cells(t, db, "SELECT l.recency_days, MIN(c.p_alive), MAX(c.p_alive)"+join+"WHERE l.orders = 1 GROUP BY l.recency_days ORDER BY l.recency_days") {
		lo, _ := strconv.ParseFloat(r[1], 64)
		hi, _ := strconv.ParseFloat(r[2], 64)
		if hi > prevMin+1e-12 {
			t.Errorf("one-time buyers %s days since the purchase: P(alive) up to %.6f, above %.6f of a more recent one", r[0], hi, prevMin)
		}
		prevMin = min(prevMin, lo)
	}

	// The BG/NBD: every one-time buyer alive, inactive ones included.
	conn := s.root(t, "shop")
	conn.SetMaxOpenConns(1)
	mustExec(t, conn, "SET clv_min_repeat_customers = 10")
	mustExec(t, conn, "CALL clv_fit(NULL, 'bgnbd')")
	if n, m := queryInt(t, conn, "SELECT COUNT(*)"+join+"WHERE l.orders = 1 AND l.emarsys_stage = 'inactive' AND c.churn_risk = 'low' AND c.p_alive = 1"),
		queryInt(t, conn, "SELECT COUNT(*) FROM lifecycle() WHERE orders = 1 AND emarsys_stage = 'inactive'"); n != m || n == 0 {
		t.Errorf("BG/NBD: %d of %d inactive one-time buyers low risk with P(alive) 1, want all", n, m)
	}
}
