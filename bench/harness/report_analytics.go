package harness

import (
	"fmt"
	"strings"
)

// writeAnalyticsTable renders the analytics functions against DuckDB's
// plain SQL: medians, the ratio and issue 5-8 targets.
func (r *Run) writeAnalyticsTable(b *strings.Builder) {
	if len(r.Analytics) == 0 {
		return
	}
	b.WriteString("Analytics functions (issues 5-8): cohortdb's function against plain SQL computing the same result in DuckDB on the same data (customers, products and events loaded too). Each result is compared first (sorted rows; money within half a cent, scores and counts exactly, CLV within 1e-6 relative); a mismatch is not timed and fails the run.\n\n")
	compacted := r.compactedAnalytics()
	head, rule := "", ""
	if compacted {
		head, rule = fmt.Sprintf(" %s | daily+opt / cohortdb | ≤ %.1f× |", compactedName, loadOrderTarget), "---:|---:|---|"
	}
	b.WriteString("| function | DuckDB (plain SQL) | cohortdb | cohortdb / DuckDB | target | met |" + head + "\n|---|---:|---:|---:|---|---|" + rule + "\n")
	for _, a := range r.Analytics {
		duck := "—"
		if a.DuckText != "" {
			duck = cellText(a.Duck, 0)
		}
		ratio, tgt, met := a.judge()
		fmt.Fprintf(b, "| %s (issue %d) %s | %s | %s | %s | %s | %s |", a.ID, a.Issue, a.Title, duck,
			cellText(a.Cohort, r.Config.Timeout), ratio, tgt, met)
		if compacted {
			b.WriteString(loadOrderCells(a.Compacted, a.Cohort, r.Config.Timeout))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	if compacted {
		fmt.Fprintf(b, "%s: the same functions on the orders loaded as %d time-ordered daily files and compacted by OPTIMIZE TABLE (customers, products and events loaded as in the main run); issue 22's target is within 1.1× of the pre-sorted load (last column).\n\n", compactedName, r.Config.DailyFiles)
	}
}

// compactedAnalytics reports whether the analytics ran on the compacted
// daily table too.
func (r *Run) compactedAnalytics() bool {
	for _, a := range r.Analytics {
		if a.Compacted != (Timing{}) {
			return true
		}
	}
	return false
}

// judge computes cohortdb / DuckDB and whether the target is met.
func (a AnalyticRun) judge() (ratio, target, met string) {
	okC := a.Cohort.Runs > 0 && a.Cohort.Err == "" && a.Cohort.Mismatch == "" && !a.Cohort.TimedOut
	okD := a.DuckText != "" && a.Duck.Runs > 0 && a.Duck.Err == ""
	if okC && okD {
		ratio = fmt.Sprintf("%.2f", a.Cohort.Median.Seconds()/a.Duck.Median.Seconds())
	}
	switch {
	case a.MaxVsDuck > 0:
		target = fmt.Sprintf("≤ %.1f× DuckDB", a.MaxVsDuck)
		met = yesNo(okC && okD, okC && okD && a.Cohort.Median.Seconds() <= a.MaxVsDuck*a.Duck.Median.Seconds())
	case a.MaxTime > 0:
		target = fmt.Sprintf("< %v (on S2)", a.MaxTime)
		met = yesNo(okC, okC && a.Cohort.Median < a.MaxTime)
	default:
		return ratio, "—", "—"
	}
	return ratio, target, met
}

func yesNo(known, ok bool) string {
	switch {
	case !known:
		return "n/a"
	case ok:
		return "yes"
	}
	return "no"
}
