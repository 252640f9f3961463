package harness

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Issue 19's targets over the enlarged set (Q1-Q7 and the breadth set),
// cohortdb / DuckDB medians (Q6: p99s) on S2; shown on every scale.
const (
	breadthMaxRatio   = 1.5
	breadthMaxGeomean = 0.8
)

// writeBreadthTable renders the breadth set: medians, the ratio and
// whether it is within breadthMaxRatio; then issue 19's targets over the
// enlarged set and the cohortdb errors and timeouts, with their messages.
func (r *Run) writeBreadthTable(b *strings.Builder) {
	if len(r.Breadth) == 0 || !r.has("cohortdb") {
		return
	}
	fmt.Fprintf(b, "Breadth set (issue 19): %d queries of the kinds analysts and BI tools write (bench/harness/queries/*.sql and breadth_fn.go; Metabase's own MySQL SQL among them), on customers, orders, products and events, DuckDB and cohortdb only. Each result is compared with DuckDB's first (sorted rows unless the query orders them; numbers within half a cent); **WRONG** fails the run, a cohortdb error or timeout is reported below and does not.\n\n", len(r.Breadth))
	compacted := r.compactedBreadth()
	head, rule := "", ""
	if compacted {
		head, rule = fmt.Sprintf(" %s | daily+opt / cohortdb | ≤ %.1f× |", compactedName, loadOrderTarget), "---:|---:|---|"
	}
	fmt.Fprintf(b, "| query | DuckDB | cohortdb | cohortdb / DuckDB | ≤ %.1f× |%s\n|---|---:|---:|---:|---|%s\n", breadthMaxRatio, head, rule)
	for _, q := range r.Breadth {
		co := r.Times[q.ID]["cohortdb"]
		cell := cellText(co, r.Config.Timeout)
		if co.Mismatch != "" {
			cell = "**WRONG**"
		}
		ratio, met := "", "n/a"
		if v, ok := r.ratio(q); ok {
			ratio, met = fmt.Sprintf("%.2f", v), yesNo(true, v <= breadthMaxRatio)
		} else if co.Err != "" || co.TimedOut || co.Mismatch != "" {
			met = "no"
		}
		fmt.Fprintf(b, "| %s %s | %s | %s | %s | %s |", q.ID, q.Title,
			cellText(r.Times[q.ID]["DuckDB"], 0), cell, ratio, met)
		if compacted {
			b.WriteString(loadOrderCells(r.Times[q.ID][compactedName], co, r.Config.Timeout))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	if compacted {
		fmt.Fprintf(b, "%s: the breadth set on the orders loaded as %d time-ordered daily files and compacted by OPTIMIZE TABLE, checked against DuckDB like the main run; issue 22's target is within 1.1× of the pre-sorted load (last column).\n\n", compactedName, r.Config.DailyFiles)
	}
	r.writeBreadthTargets(b)
	r.writeBreadthErrors(b)
}

// compactedBreadth reports whether the breadth set ran on the compacted
// daily table too.
func (r *Run) compactedBreadth() bool {
	for _, q := range r.Breadth {
		if _, ok := r.Times[q.ID][compactedName]; ok {
			return true
		}
	}
	return false
}

// ratio is cohortdb / DuckDB of q when both measured it.
func (r *Run) ratio(q Query) (float64, bool) {
	co, okC := r.measured(q, "cohortdb")
	du, okD := r.measured(q, "DuckDB")
	if !okC || !okD || du <= 0 {
		return 0, false
	}
	return co.Seconds() / du.Seconds(), true
}

// enlargedSet is Q1-Q7 (those selected) and the breadth set.
func (r *Run) enlargedSet() []Query { return append(r.coreQueries(), r.Breadth...) }

// writeBreadthTargets states issue 19's two targets over the enlarged set
// and which queries miss them. A query cohortdb did not answer (error,
// timeout, WRONG) misses the per-query target and is left out of the
// geometric mean; a timeout also enters a lower bound of the mean at the
// timeout's ratio.
func (r *Run) writeBreadthTargets(b *strings.Builder) {
	set := r.enlargedSet()
	var logSum, logBound float64
	var n, nBound int
	var over, unanswered []string
	for _, q := range set {
		co := r.Times[q.ID]["cohortdb"]
		if v, ok := r.ratio(q); ok {
			logSum, n = logSum+math.Log(v), n+1
			logBound, nBound = logBound+math.Log(v), nBound+1
			if v > breadthMaxRatio {
				over = append(over, fmt.Sprintf("%s %.2f×", q.ID, v))
			}
			continue
		}
		du, okD := r.measured(q, "DuckDB")
		switch {
		case co.TimedOut && okD:
			logBound, nBound = logBound+math.Log(r.Config.Timeout.Seconds()/du.Seconds()), nBound+1
			unanswered = append(unanswered, q.ID+" timeout")
		case co.TimedOut:
			unanswered = append(unanswered, q.ID+" timeout")
		case co.Mismatch != "":
			unanswered = append(unanswered, q.ID+" WRONG")
		case co.Err != "":
			unanswered = append(unanswered, q.ID+" error")
		}
	}
	fmt.Fprintf(b, "Issue 19's targets over the enlarged set (%d queries: Q1-Q7 as selected and the breadth set; Q6 compares p99s), on S2:\n\n", len(set))
	geo := "n/a"
	if n > 0 {
		g := math.Exp(logSum / float64(n))
		geo = fmt.Sprintf("%.2f× over the %d queries both systems answered", g, n)
		if len(unanswered) == 0 {
			geo += yesNoSuffix(g <= breadthMaxGeomean)
		} else {
			geo += " — **not met** while queries are unanswered"
			if nBound > n {
				geo += fmt.Sprintf("; at least %.2f× counting each timeout at its timeout", math.Exp(logBound/float64(nBound)))
			}
		}
	}
	fmt.Fprintf(b, "- geometric mean of cohortdb / DuckDB ≤ %.1f×: %s\n", breadthMaxGeomean, geo)
	fmt.Fprintf(b, "- every query ≤ %.1f×: %s\n", breadthMaxRatio, missList(over, unanswered))
	b.WriteString("\n")
}

func yesNoSuffix(ok bool) string {
	if ok {
		return " — met"
	}
	return " — **not met**"
}

// missList says which queries miss the per-query target, or that none do.
func missList(over, unanswered []string) string {
	if len(over) == 0 && len(unanswered) == 0 {
		return "met"
	}
	var parts []string
	if len(over) > 0 {
		parts = append(parts, fmt.Sprintf("%d over: %s", len(over), strings.Join(over, ", ")))
	}
	if len(unanswered) > 0 {
		parts = append(parts, fmt.Sprintf("%d unanswered: %s", len(unanswered), strings.Join(unanswered, ", ")))
	}
	return "**not met** — " + strings.Join(parts, "; ")
}

// writeBreadthErrors lists the breadth queries cohortdb did not answer,
// with the server's message (WRONG ones are in the failures list).
func (r *Run) writeBreadthErrors(b *strings.Builder) {
	var lines []string
	for _, q := range r.Breadth {
		switch t := r.Times[q.ID]["cohortdb"]; {
		case t.Err != "":
			lines = append(lines, fmt.Sprintf("- %s: error: %s", q.ID, oneLine(t.Err, 300)))
		case t.TimedOut:
			lines = append(lines, fmt.Sprintf("- %s: timeout (> %v)", q.ID, r.Config.Timeout.Round(time.Second)))
		}
	}
	if len(lines) == 0 {
		return
	}
	b.WriteString("cohortdb errors and timeouts in the breadth set (reported, not failures of the run):\n\n")
	b.WriteString(strings.Join(lines, "\n") + "\n\n")
}
