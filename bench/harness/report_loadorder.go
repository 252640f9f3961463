package harness

import (
	"fmt"
	"strings"
	"time"
)

// loadOrderTarget is issue 22 item 2's: after compaction, per-customer
// queries and analytics on the daily-loaded orders run within 1.1× of
// the same data loaded pre-sorted.
const loadOrderTarget = 1.1

// loadOrderTally counts, for one group of queries, those whose daily+opt
// / pre-sorted ratio was measured and those of them within the target.
type loadOrderTally struct {
	name          string
	measured, met int
	over          []string
}

// add judges one query: compacted and presorted are its two times (Q6:
// p99s), ok whether both were measured; it returns the ratio and
// yes/no/n/a. A daily+opt failure where the pre-sorted load answered is
// "no".
func (t *loadOrderTally) add(id string, compacted, presorted time.Duration, ok, compactedFailed bool) (ratio, met string) {
	switch {
	case ok && presorted > 0:
		v := compacted.Seconds() / presorted.Seconds()
		t.measured++
		if v <= loadOrderTarget {
			t.met++
			return fmt.Sprintf("%.2f", v), "yes"
		}
		t.over = append(t.over, fmt.Sprintf("%s %.2f", id, v))
		return fmt.Sprintf("%.2f", v), "no"
	case compactedFailed:
		t.measured++
		t.over = append(t.over, id+" failed")
		return "", "no"
	}
	return "", "n/a"
}

// line is the tally as a sentence of the summary.
func (t *loadOrderTally) line() string {
	if t.measured == 0 {
		return fmt.Sprintf("- %s: not measured", t.name)
	}
	s := fmt.Sprintf("- %s: %d of %d within %.1f×", t.name, t.met, t.measured, loadOrderTarget)
	if len(t.over) > 0 {
		s += "; over: " + strings.Join(t.over, ", ")
	}
	return s
}

// timingOK reports whether t is a usable measurement.
func timingOK(t Timing) bool {
	return t.Runs > 0 && t.Err == "" && t.Mismatch == "" && !t.TimedOut && t.Median > 0
}

// timingFailed reports whether t was attempted and did not answer right.
func timingFailed(t Timing) bool {
	return t.Err != "" || t.Mismatch != "" || t.TimedOut
}

// writeLoadOrderTable renders Q1-Q7 on the three loads (pre-sorted,
// daily as loaded, daily after OPTIMIZE TABLE) with daily+opt /
// pre-sorted judged against loadOrderTarget, then the verdict over
// Q1-Q7, the analytics functions and the breadth set (whose own tables
// carry their per-query ratios).
func (r *Run) writeLoadOrderTable(b *strings.Builder) {
	if !r.has(compactedName) || !r.has("cohortdb") {
		return
	}
	fmt.Fprintf(b, "Load order (issue 22 item 2): orders loaded as %d time-ordered daily files (`%s`), then compacted by OPTIMIZE TABLE (`%s`), against the pre-sorted load (`cohortdb`); both query servers freshly started on their loaded data with the same flags. Target: daily+opt within %.1f× of pre-sorted (Q6: p99s).\n\n",
		r.Config.DailyFiles, dailyName, compactedName, loadOrderTarget)
	fmt.Fprintf(b, "| query | cohortdb (pre-sorted) | %s | %s | daily+opt / cohortdb | ≤ %.1f× |\n|---|---:|---:|---:|---:|---|\n", dailyName, compactedName, loadOrderTarget)
	core := &loadOrderTally{name: "Q1-Q7"}
	for _, q := range r.coreQueries() {
		pre, okP := r.measured(q, "cohortdb")
		opt, okO := r.measured(q, compactedName)
		ratio, met := core.add(q.ID, opt, pre, okP && okO, okP && timingFailed(r.Times[q.ID][compactedName]))
		fmt.Fprintf(b, "| %s %s | %s | %s | %s | %s | %s |\n", q.ID, q.Title,
			cellText(r.Times[q.ID]["cohortdb"], r.Config.Timeout), cellText(r.Times[q.ID][dailyName], r.Config.Timeout),
			cellText(r.Times[q.ID][compactedName], r.Config.Timeout), ratio, met)
	}
	b.WriteString("\n")
	analytics := &loadOrderTally{name: "analytics functions"}
	for _, a := range r.Analytics {
		analytics.add(a.ID, a.Compacted.Median, a.Cohort.Median, timingOK(a.Compacted) && timingOK(a.Cohort),
			timingOK(a.Cohort) && timingFailed(a.Compacted))
	}
	breadth := &loadOrderTally{name: "breadth set"}
	for _, q := range r.Breadth {
		co, dc := r.Times[q.ID]["cohortdb"], r.Times[q.ID][compactedName]
		breadth.add(q.ID, dc.Median, co.Median, timingOK(dc) && timingOK(co), timingOK(co) && timingFailed(dc))
	}
	fmt.Fprintf(b, "daily+opt / pre-sorted within %.1f×:\n\n%s\n%s\n%s\n\n", loadOrderTarget, core.line(), analytics.line(), breadth.line())
}

// loadOrderCells are the daily+opt columns of an analytics or breadth
// row: its time, daily+opt / pre-sorted and the judgement.
func loadOrderCells(compacted, presorted Timing, timeout time.Duration) string {
	cell := cellText(compacted, timeout)
	if compacted.Mismatch != "" {
		cell = "**WRONG**"
	}
	var t loadOrderTally
	ratio, met := t.add("", compacted.Median, presorted.Median, timingOK(compacted) && timingOK(presorted),
		timingOK(presorted) && timingFailed(compacted))
	return fmt.Sprintf(" %s | %s | %s |", cell, ratio, met)
}
