package harness

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Analytic is one of cohortdb's analytics functions (issues 5-8) timed
// against plain SQL computing the same result in DuckDB on the same data.
type Analytic struct {
	Query // ID, Title, Text (cohortdb), DuckText (DuckDB; "" = not compared), RelTol
	Issue int
	// Targets: cohortdb / DuckDB at most MaxVsDuck, or (no DuckDB
	// counterpart) cohortdb's median at most MaxTime; both 0: none.
	MaxVsDuck float64
	MaxTime   time.Duration
}

// AnalyticRun is what one Analytic measured.
type AnalyticRun struct {
	Analytic
	Duck, Cohort Timing
	// Compacted is cohortdb on the daily-loaded orders after OPTIMIZE
	// TABLE (the load-order dimension; zero when not measured).
	Compacted Timing
	Rows      int // rows of DuckDB's result (the compared result)
}

// Analysis setup names.
const (
	segmentName = "active3"
	segCountry  = "DE"
)

// sqlString quotes s as a SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// q3Count is Q3: the count of its customer set, computed from orders.
const q3Count = `SELECT COUNT(*) AS customers FROM (` + activeCustomers + `) AS a`

// segmentAnalytics are issue 7's: Q3's customer set saved as a segment,
// counted alone and intersected with a bitmap-indexed customers filter,
// against DuckDB computing the same set from orders each time.
func segmentAnalytics() []Analytic {
	return []Analytic{
		{Issue: 7, MaxVsDuck: 0.1, Query: Query{ID: "A7a", Title: "saved segment count (Q3's set): COUNT(*) FROM segment_members('" + segmentName + "')",
			Text: "SELECT COUNT(*) FROM segment_members('" + segmentName + "')", DuckText: q3Count}},
		{Issue: 7, MaxVsDuck: 0.1, Query: Query{ID: "A7b", Title: "segment AND country = '" + segCountry + "' (bitmap index): in_segment(customer_id, '" + segmentName + "')",
			Text:     "SELECT COUNT(*) FROM customers WHERE country = '" + segCountry + "' AND in_segment(customer_id, '" + segmentName + "')",
			DuckText: "SELECT COUNT(*) FROM customers WHERE country = '" + segCountry + "' AND customer_id IN (" + activeCustomers + ")"}},
	}
}

// staticAnalytics are the comparisons whose SQL needs nothing from the run.
func staticAnalytics() []Analytic {
	return []Analytic{
		{Issue: 5, MaxVsDuck: 0.5, Query: Query{ID: "A5a", Title: "rfm('" + rfmAsOf + "'): eRFM values, quintile scores, code, segment",
			Text: "SELECT * FROM rfm('" + rfmAsOf + "')", DuckText: duckRFM(rfmAsOf)}},
		{Issue: 5, Query: Query{ID: "A5b", Title: "customer_snapshot(): by lifecycle status, derived windows",
			Text: "SELECT * FROM customer_snapshot()", DuckText: duckSnapshot}},
		{Issue: 8, MaxVsDuck: 0.5, Query: Query{ID: "A8a", Title: "affinity_rules('category_1', 0.001): pair rules over orders",
			Text: "SELECT * FROM affinity_rules('category_1', 0.001)", DuckText: duckRules("category_1", 0.001)}},
		{Issue: 8, MaxVsDuck: 0.5, Query: Query{ID: "A8b", Title: "affinity_rules('product', 0.0002): product-level pair rules",
			Text: "SELECT * FROM affinity_rules('product', 0.0002)", DuckText: duckRules("product", 0.0002)}},
	}
}

// runAnalytics sets up cohortdb's saved state (bitmap index, segment, a
// fitted CLV model), then checks and times each Analytic on DuckDB and
// cohortdb. Setup statements are timed as rows of their own.
func (r *Run) runAnalytics(ctx context.Context, c *Cohort, d *Duck) {
	r.analyticsOn(ctx, c, d, r.runAnalytic)
}

// runAnalyticsAs runs the same setup and analytics on c, the server of
// the report column name, recording cohortdb's timings beside the main
// run's (AnalyticRun.Compacted) and checking the results against
// DuckDB's results of the main run.
func (r *Run) runAnalyticsAs(ctx context.Context, c *Cohort, name string, d *Duck) {
	r.analyticsOn(ctx, c, d, func(ctx context.Context, c *Cohort, d *Duck, a Analytic) bool {
		return r.runAnalyticAgain(ctx, c, name, d, a)
	})
}

// analyticsOn is runAnalytics with run checking and timing each Analytic.
func (r *Run) analyticsOn(ctx context.Context, c *Cohort, d *Duck, run func(context.Context, *Cohort, *Duck, Analytic) bool) {
	if err := execAll(ctx, c.db, "CREATE INDEX ix_customers_country ON customers (country) USING BITMAP"); err != nil {
		r.Failures = append(r.Failures, "cohortdb: analytics setup: "+err.Error())
		return
	}
	seg := Analytic{Issue: 7, Query: Query{ID: "A7s", Title: "CALL create_segment('" + segmentName + "', <Q3's customer set>)",
		Text: "CALL create_segment('" + segmentName + "', " + sqlString(activeCustomers) + ")"}}
	// BG/NBD named: the default purchase model is MBG/NBD, and A6's DuckDB
	// SQL is BG/NBD's.
	fit := Analytic{Issue: 6, MaxTime: 10 * time.Second, Query: Query{ID: "A6f", Title: "CALL clv_fit(NULL, 'bgnbd'): BG/NBD + Gamma-Gamma fit, stored",
		Text: "CALL clv_fit(NULL, 'bgnbd')"}}
	list := r.selectedAnalytics(staticAnalytics())
	if segs := r.selectedAnalytics(segmentAnalytics()); (len(segs) > 0 || r.selected(seg.ID)) && run(ctx, c, d, seg) {
		list = append(list, segs...)
	}
	if (r.selected("A6") || r.selected(fit.ID)) && run(ctx, c, d, fit) && r.selected("A6") {
		m, err := latestCLVModel(ctx, c)
		if err != nil {
			r.Failures = append(r.Failures, "cohortdb A6: "+err.Error())
		} else {
			r.logf("%-10s clv model %d: calibration_end %s, %v", c.Name(), m.ID, m.CalibrationEnd, m.Params)
			list = append(list, Analytic{Issue: 6, Query: Query{ID: "A6", RelTol: 1e-6, Reconcile: reconcileCLVRanks,
				Title: fmt.Sprintf("clv(%d, %v, %d): BG/NBD + Gamma-Gamma scores of the fitted model", clvHorizonDays, clvDiscount, m.ID),
				Text:  fmt.Sprintf("SELECT * FROM clv(%d, %v, %d)", clvHorizonDays, clvDiscount, m.ID), DuckText: duckCLV(m)}})
		}
	}
	for _, a := range list {
		run(ctx, c, d, a)
	}
}

// selectedAnalytics keeps the analytics the -queries filter selects (a
// setup step runs when it or an analytic that needs it is selected).
func (r *Run) selectedAnalytics(as []Analytic) []Analytic {
	var out []Analytic
	for _, a := range as {
		if r.selected(a.ID) {
			out = append(out, a)
		}
	}
	return out
}

// runAnalytic checks and times one Analytic (DuckDB first: its result is
// the reference) and records it; it reports whether cohortdb succeeded.
func (r *Run) runAnalytic(ctx context.Context, c *Cohort, d *Duck, a Analytic) bool {
	ar := AnalyticRun{Analytic: a}
	var want *Result
	if a.DuckText != "" {
		t, res := timeQuery(ctx, d, a.Query, nil, r.Config.Runs, r.Config.Budget)
		ar.Duck, ar.Rows = t, len(res.Rows)
		if t.Err != "" {
			r.Failures = append(r.Failures, fmt.Sprintf("DuckDB %s: %s", a.ID, t.Err))
			r.Analytics = append(r.Analytics, ar)
			return false
		}
		want = &res
		if r.duckResults == nil {
			r.duckResults = map[string]Result{}
		}
		r.duckResults[a.DuckText] = res
	}
	ar.Cohort, _ = timeQuery(ctx, c, a.Query, want, r.Config.Runs, r.Config.Budget)
	r.Analytics = append(r.Analytics, ar)
	t := ar.Cohort
	switch {
	case t.Mismatch != "":
		r.Failures = append(r.Failures, fmt.Sprintf("cohortdb %s: result differs from DuckDB's SQL: %s", a.ID, t.Mismatch))
	case t.Err != "":
		r.Failures = append(r.Failures, fmt.Sprintf("cohortdb %s: %s", a.ID, t.Err))
	case t.TimedOut:
		r.Failures = append(r.Failures, fmt.Sprintf("cohortdb %s: timed out", a.ID))
	}
	r.logf("%-10s %-4s %s, %d rows", "DuckDB", a.ID, ar.Duck, ar.Rows)
	r.logf("%-10s %-4s %s", "cohortdb", a.ID, t)
	return t.Err == "" && t.Mismatch == "" && !t.TimedOut
}

// runAnalyticAgain checks and times a on c (the server of the report
// column name) against DuckDB's result of the main run (computed now,
// untimed, when the main run had none for this text: a CLV model fitted
// to other parameters), and records it in the main run's AnalyticRun.
func (r *Run) runAnalyticAgain(ctx context.Context, c *Cohort, name string, d *Duck, a Analytic) bool {
	var want *Result
	if a.DuckText != "" {
		res, ok := r.duckResults[a.DuckText]
		if !ok {
			t, got := timeQuery(ctx, d, a.Query, nil, 1, 0)
			if t.Err != "" {
				r.Failures = append(r.Failures, fmt.Sprintf("DuckDB %s (for %s): %s", a.ID, name, t.Err))
				return false
			}
			res = got
		}
		want = &res
	}
	t, _ := timeQuery(ctx, c, a.Query, want, r.Config.Runs, r.Config.Budget)
	for i := range r.Analytics {
		if r.Analytics[i].ID == a.ID {
			r.Analytics[i].Compacted = t
		}
	}
	switch {
	case t.Mismatch != "":
		r.Failures = append(r.Failures, fmt.Sprintf("%s %s: result differs from DuckDB's SQL: %s", name, a.ID, t.Mismatch))
	case t.Err != "":
		r.Failures = append(r.Failures, fmt.Sprintf("%s %s: %s", name, a.ID, t.Err))
	case t.TimedOut:
		r.Failures = append(r.Failures, fmt.Sprintf("%s %s: timed out", name, a.ID))
	}
	r.logf("%-10s %-4s %s", name, a.ID, t)
	return t.Err == "" && t.Mismatch == "" && !t.TimedOut
}
