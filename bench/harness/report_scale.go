package harness

import (
	"fmt"
	"strings"
	"time"
)

// curveRow is one line of the scale curve's table: a cell per point and,
// for quantities that should grow at most linearly, the values whose
// growth is shown (wall and CPU time; cpu nil when there is none).
type curveRow struct {
	name      string
	cell      func(CurvePoint) string
	wall, cpu func(CurvePoint) float64
	target    string
	met       func(ps []CurvePoint, wall, cpu []float64) string
}

func writeCurveRows(b *strings.Builder, ps []CurvePoint) {
	for _, row := range curveRows() {
		cells := []string{row.name}
		for _, p := range ps {
			cells = append(cells, row.cell(p))
		}
		var wall, cpu []float64
		for i := 1; i < len(ps); i++ {
			g := growthOf(row.wall, ps[i-1], ps[i])
			wall = append(wall, g)
			text := growthText(g)
			if row.cpu != nil {
				c := growthOf(row.cpu, ps[i-1], ps[i])
				cpu = append(cpu, c)
				text += " / CPU " + growthText(c)
			}
			cells = append(cells, text)
		}
		met := ""
		if row.met != nil {
			met = row.met(ps, wall, cpu)
		}
		cells = append(cells, row.target, met)
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
}

func growthOf(f func(CurvePoint) float64, a, b CurvePoint) float64 {
	if f == nil {
		return 0
	}
	return Growth(f(a), f(b), a.Lines, b.Lines)
}

func growthText(g float64) string {
	if g == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f×", g)
}

func curveRows() []curveRow {
	rows := []curveRow{
		{name: "order lines", cell: func(p CurvePoint) string { return fmt.Sprint(p.Lines) },
			wall: func(p CurvePoint) float64 { return float64(p.Lines) }},
		{name: "load orders.csv (LOAD DATA LOCAL INFILE)", cell: func(p CurvePoint) string { return wallCPU(p.Load, p.LoadCPU) },
			wall: func(p CurvePoint) float64 { return p.Load.Seconds() }, cpu: func(p CurvePoint) float64 { return p.LoadCPU.Seconds() },
			target: "≤ 11× per 10×", met: linearMet},
		{name: "bytes on disk (after the load and a clean shutdown)", cell: func(p CurvePoint) string { return mib(p.Disk) },
			wall: func(p CurvePoint) float64 { return float64(p.Disk) }, target: "≤ 11× per 10×", met: linearMet},
		{name: "peak server RSS, loading", cell: func(p CurvePoint) string { return mib(p.PeakLoad) },
			wall: func(p CurvePoint) float64 { return float64(p.PeakLoad) }, target: "under the budget", met: budgetMet(func(p CurvePoint) int64 { return p.PeakLoad })},
		{name: "peak server RSS, queries", cell: func(p CurvePoint) string { return mib(p.PeakQueries) },
			wall: func(p CurvePoint) float64 { return float64(p.PeakQueries) }, target: "under the budget", met: budgetMet(func(p CurvePoint) int64 { return p.PeakQueries })},
		{name: "memory budget (cohortdb_memory_limit)", cell: func(p CurvePoint) string { return mib(p.Budget) }},
	}
	for _, q := range Queries {
		id := q.ID
		title := id + " " + q.Title
		if q.Lookup {
			title += " (p50 of single lookups; p99)"
		}
		rows = append(rows, curveRow{name: title, cell: func(p CurvePoint) string { return queryCell(p, id) },
			wall:   func(p CurvePoint) float64 { return p.Queries[id].Wall.Seconds() },
			cpu:    func(p CurvePoint) float64 { return p.Queries[id].CPU.Seconds() },
			target: "≤ 11× per 10×", met: linearMet})
	}
	return rows
}

func queryCell(p CurvePoint, id string) string {
	t, ok := p.Queries[id]
	switch {
	case !ok:
		return "—"
	case t.Err != "":
		return t.Err
	case t.P99 > 0:
		return fmt.Sprintf("%s; p99 %s (%d)", wallCPU(t.Wall, t.CPU), ms(t.P99), t.Runs)
	}
	return fmt.Sprintf("%s (%d)", wallCPU(t.Wall, t.CPU), t.Runs)
}

// wallCPU shows a wall time with the server's CPU time beside it.
func wallCPU(wall, cpu time.Duration) string {
	if wall <= 0 {
		return "—"
	}
	if cpu <= 0 {
		return ms(wall)
	}
	return ms(wall) + " (CPU " + ms(cpu) + ")"
}

// linearMet: every growth known is within the target, judged on CPU
// time when it was measured (wall time moves with the machine's other
// load, in either direction), else on wall time.
func linearMet(_ []CurvePoint, wall, cpu []float64) string {
	within := func(gs []float64) (bool, bool) {
		ok, known := true, false
		for _, g := range gs {
			if g > 0 {
				known = true
				ok = ok && g <= growthTarget
			}
		}
		return ok, known
	}
	gs, basis := cpu, " (CPU time)"
	if _, known := within(cpu); !known {
		gs, basis = wall, ""
	}
	ok, known := within(gs)
	switch {
	case !known:
		return "n/a"
	case ok:
		return "yes" + basis
	}
	return "no" + basis
}

// budgetMet: at every scale measured, the peak is within the budget.
func budgetMet(peak func(CurvePoint) int64) func([]CurvePoint, []float64, []float64) string {
	return func(ps []CurvePoint, _, _ []float64) string {
		met, known := "yes", false
		for _, p := range ps {
			if peak(p) <= 0 || p.Budget <= 0 {
				continue
			}
			known = true
			if peak(p) > p.Budget {
				met = "no (" + p.Scale + ")"
			}
		}
		if !known {
			return "n/a"
		}
		return met
	}
}

// mib shows bytes in MiB (0: not measured).
func mib(n int64) string {
	if n <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}

// writeTogether describes the concurrent step of each point that ran it
// (issue 22 item 6).
func writeTogether(b *strings.Builder, ps []CurvePoint) {
	for _, p := range ps {
		if c := p.Together; c != nil {
			b.WriteString("\n" + togetherText(p.Scale, c) + "\n")
		}
	}
}

func togetherText(scale string, c *ConcurrentRun) string {
	var qs []string
	for _, id := range togetherIDs {
		qs = append(qs, fmt.Sprintf("%s %d", id, c.Queries[id]))
	}
	within := "no"
	if c.Within() {
		within = "yes"
	}
	s := fmt.Sprintf("Memory with queries, a load and compaction together (issue 22 item 6), %s: on the loaded data dir, a fresh server deleted one contact's orders (%d rows: OPTIMIZE TABLE then rewrites the whole table), then ran at once OPTIMIZE TABLE orders (%s: %s), LOAD DATA of customers.csv into customers (%d rows in %s) and, on one connection until both ended, Q1, Q3, Q7 and %d Q6 lookups in turn (runs completed: %s); %s in all. Peak resident size %s (VmHWM before shutdown %s, kernel's peak after it %s; sampled every %v, %d samples, at most %s) against a budget of %s: within the budget: **%s**; server CPU %s.",
		scale, c.Deleted, c.Optimize.Round(time.Second), orDash(c.OptimizeMsg), c.LoadRows, c.Load.Round(time.Second),
		togetherLookups, strings.Join(qs, ", "), c.Elapsed.Round(time.Second), mib(max(c.PeakRSS, c.ExitPeakRSS, c.MaxRSS)),
		mib(c.PeakRSS), mib(c.ExitPeakRSS), rssEvery, c.Samples, mib(c.MaxRSS), mib(c.Budget), within, c.CPU.Round(time.Second))
	if len(c.RfmIdle) > 0 && len(c.RfmBusy) > 0 {
		idle := percentile(c.RfmIdle, 50)
		p50, p99 := percentile(c.RfmBusy, 50), percentile(c.RfmBusy, 99)
		s += fmt.Sprintf(" `%s` (issue 20): idle median %s (%d runs); during the three, on its own connection, p50 %s and p99 %s (%d runs), p99 %.1f× the idle median.",
			rfmTop, idle.Round(time.Millisecond), len(c.RfmIdle), p50.Round(time.Millisecond), p99.Round(time.Millisecond),
			len(c.RfmBusy), float64(p99)/float64(max(idle, 1)))
	}
	if len(c.Errs) > 0 {
		s += " Errors: " + oneLine(strings.Join(c.Errs, "; "), 400)
	}
	return s
}

// writeServers lists cohortdb's server processes of the main run.
func (r *Run) writeServers(b *strings.Builder) {
	if len(r.Servers) == 0 {
		return
	}
	b.WriteString("\n| cohortdb server | CPU time | peak RSS | memory budget |\n|---|---:|---:|---:|\n")
	for _, s := range r.Servers {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", s.Phase, s.CPU.Round(100*time.Millisecond), mib(s.PeakRSS), mib(s.Budget))
	}
	if r.Together != nil {
		b.WriteString("\n" + togetherText(r.Config.Scale, r.Together) + "\n")
	}
}
