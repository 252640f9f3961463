package harness

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// target is issue 4's goal for one query (set on S2; shown on every scale).
type target struct {
	maxVsDuck  float64 // cohortdb/DuckDB median at most this (0: none)
	maxP99     time.Duration
	minVsMemry float64 // memory/cohortdb at least this
}

var targets = map[string]target{
	"Q1": {maxVsDuck: 1.0, minVsMemry: 20}, "Q2": {maxVsDuck: 1.0, minVsMemry: 20},
	"Q3": {maxVsDuck: 1.0, minVsMemry: 20}, "Q4": {maxVsDuck: 1.5, minVsMemry: 20},
	"Q5": {maxVsDuck: 1.5, minVsMemry: 20}, "Q6": {maxP99: 2 * time.Millisecond, minVsMemry: 20},
	"Q7": {minVsMemry: 20},
}

// Report renders the run as a Markdown section of RESULTS.md.
func Report(r *Run, command string) string {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "## %s: %d customers, %d order lines\n\n", c.Scale, r.Data.Customers, r.Data.OrderLines)
	fmt.Fprintf(&b, "- date: %s; whole run %s\n", r.Started.UTC().Format("2006-01-02 15:04 MST"), r.Elapsed.Round(time.Second))
	fmt.Fprintf(&b, "- command: `%s`\n", command)
	m := r.Machine
	fmt.Fprintf(&b, "- machine: %s, %d cores, %.1f GiB RAM, %s\n", m.CPU, m.Cores, float64(m.MemBytes)/(1<<30), m.OS)
	for _, k := range []string{"cohortdb", "DuckDB", "GMS memory", "MariaDB"} {
		if v, ok := r.Versions[k]; ok {
			fmt.Fprintf(&b, "- %s: %s\n", k, v)
		}
	}
	fmt.Fprintf(&b, "- data: %s; orders.csv %d bytes\n", r.Data.Generator, r.Data.CSVBytes)
	fmt.Fprintf(&b, "- method: Q1-Q7 run with only orders loaded. Each query runs once per system and its sorted result is compared with DuckDB's (money within half a cent); then up to %d timed runs, stopping once %v is spent (a first run slower than that is the only sample); median shown, with (runs). Q6: %d lookups of random customers with orders on one connection, run once as a warm-up (as the other queries' check run is) and then timed, p50/p99 of single timed lookups (fewer when the budget ran out: count shown); the first %d are compared. The harness collects its own garbage before each system's timed runs. Wire systems time out after %v.\n",
		c.Runs, c.Budget, c.Lookups, c.Checked, c.Timeout)
	for _, s := range r.Skipped {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	b.WriteString("\n")
	r.writeQueryTable(&b)
	r.writeLoadOrderTable(&b)
	r.writeAnalyticsTable(&b)
	r.writeBreadthTable(&b)
	r.writePagesTable(&b)
	r.writeLoads(&b)
	r.writeServers(&b)
	r.writeCompactionLatency(&b)
	r.writeUpserts(&b)
	if len(r.Failures) > 0 {
		b.WriteString("\n**FAILED** — results differ or a query failed:\n\n")
		for _, f := range r.Failures {
			fmt.Fprintf(&b, "- %s\n", oneLine(f, 400))
		}
	}
	return b.String()
}

func (r *Run) writeQueryTable(b *strings.Builder) {
	if len(r.coreQueries()) == 0 {
		return
	}
	b.WriteString("| query | " + strings.Join(r.Systems, " | ") + " | cohortdb / DuckDB | memory / cohortdb | target (issue 4, on S2) | met |\n")
	b.WriteString("|---" + strings.Repeat("|---:", len(r.Systems)) + "|---:|---:|---|---|\n")
	for _, q := range r.coreQueries() {
		row := []string{q.ID + " " + q.Title}
		for _, s := range r.Systems {
			row = append(row, cellText(r.Times[q.ID][s], r.Config.Timeout))
		}
		vsDuck, vsMem, tgt, met := r.judge(q)
		row = append(row, vsDuck, vsMem, tgt, met)
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	b.WriteString("\n")
}

// judge computes the two ratios of q and whether its targets are met.
// Q6 compares p99s. A memory-engine timeout counts as the timeout (so
// its ratio is a lower bound, shown with ">").
func (r *Run) judge(q Query) (vsDuck, vsMem, tgt, met string) {
	t := targets[q.ID]
	co, okC := r.measured(q, "cohortdb")
	du, okD := r.measured(q, "DuckDB")
	mem, okM := r.measured(q, "GMS memory")
	memT := r.Times[q.ID]["GMS memory"]
	ok, known := true, okC
	var goals []string
	if okC && okD {
		ratio := co.Seconds() / du.Seconds()
		vsDuck = fmt.Sprintf("%.2f", ratio)
		if t.maxVsDuck > 0 {
			ok = ok && ratio <= t.maxVsDuck
		}
	}
	if t.maxVsDuck > 0 {
		goals = append(goals, fmt.Sprintf("≤ %.1f× DuckDB", t.maxVsDuck))
	} else if t.maxP99 > 0 {
		goals = append(goals, fmt.Sprintf("p99 ≤ %v", t.maxP99))
		ok = ok && okC && co <= t.maxP99
	}
	switch {
	case okC && okM:
		ratio := mem.Seconds() / co.Seconds()
		vsMem = fmt.Sprintf("%.1f", ratio)
		ok = ok && ratio >= t.minVsMemry
	case okC && memT.TimedOut:
		ratio := r.Config.Timeout.Seconds() / co.Seconds()
		vsMem = fmt.Sprintf("> %.0f", ratio)
		ok = ok && ratio >= t.minVsMemry
	default:
		known = known && !r.has("GMS memory")
	}
	goals = append(goals, fmt.Sprintf("≥ %.0f× memory", t.minVsMemry))
	met = "no"
	switch {
	case !known:
		met = "n/a"
	case ok:
		met = "yes"
	}
	return vsDuck, vsMem, strings.Join(goals, ", "), met
}

// measured is the comparable time of q on system s (Q6: p99).
func (r *Run) measured(q Query, s string) (time.Duration, bool) {
	t, ok := r.Times[q.ID][s]
	if !ok || t.TimedOut || t.Err != "" || t.Mismatch != "" || t.Runs == 0 {
		return 0, false
	}
	if q.Lookup {
		return t.P99, true
	}
	return t.Median, true
}

func (r *Run) has(system string) bool {
	for _, s := range r.Systems {
		if s == system {
			return true
		}
	}
	return false
}

func cellText(t Timing, timeout time.Duration) string {
	switch {
	case t.Mismatch != "":
		return "**MISMATCH**"
	case t.Err != "":
		return "**error**"
	case t.TimedOut:
		return fmt.Sprintf("timeout (> %v)", timeout)
	case t.Runs == 0:
		return "—"
	case t.P99 > 0:
		return fmt.Sprintf("p50 %s / p99 %s (%d)", ms(t.P50), ms(t.P99), t.Runs)
	}
	return fmt.Sprintf("%s (%d)", ms(t.Median), t.Runs)
}

// ms formats d in milliseconds with three significant digits.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f ms", v)
	case v >= 10:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.2f ms", v)
}

func (r *Run) writeLoads(b *strings.Builder) {
	b.WriteString("| load orders.csv | lines | time | lines/s | how |\n|---|---:|---:|---:|---|\n")
	how := map[string]string{"cohortdb": "LOAD DATA LOCAL INFILE over the wire (bulk loader)",
		"DuckDB": "COPY FROM (in-process)", "GMS memory": "in-process RowInserter, one transaction (its SQL INSERT path: ~3.5k lines/s)",
		"MariaDB":     "LOAD DATA LOCAL INFILE, InnoDB",
		dailyName:     fmt.Sprintf("the same lines as %d files in time order (nightly exports), one LOAD DATA LOCAL INFILE each", r.Config.DailyFiles),
		compactedName: "OPTIMIZE TABLE orders after the daily loads: time of the compaction into the sort key (customer_id, ordered_at)"}
	for _, s := range r.Systems {
		l := r.Loads[s]
		fmt.Fprintf(b, "| %s | %d | %s | %.0f | %s |\n", s, l.Rows, l.Duration.Round(time.Millisecond),
			float64(l.Rows)/l.Duration.Seconds(), how[s])
	}
	if l, ok := r.Loads[importLoad]; ok && l.Rows > 0 {
		fmt.Fprintf(b, "| cohortdb import | %d | %s | %.0f | `cohortdb import --table orders --file orders.csv` (offline; the process includes start-up) |\n",
			l.Rows, l.Duration.Round(time.Millisecond), float64(l.Rows)/l.Duration.Seconds())
		fmt.Fprintf(b, "\ncohortdb import: the load phase alone (as the command reports it, without process start-up and store open) ran at %.0f lines/s; it leaves %d bytes on disk (%.1f B/line, %.2f × the CSV). Issue 3's targets: ≥ 1M lines/s, ≤ 0.30 × the CSV.\n",
			l.LoadRate, l.DiskBytes, float64(l.DiskBytes)/float64(l.Rows), float64(l.DiskBytes)/float64(r.Data.CSVBytes))
	}
	if l, ok := r.Loads["cohortdb"]; ok && l.Rows > 0 {
		csvPer := float64(r.Data.CSVBytes) / float64(l.Rows)
		fmt.Fprintf(b, "\ncohortdb on disk: %d bytes right after the load (%.1f B/line), %d after a clean shutdown (%.1f B/line); orders.csv is %.1f B/line, so the store takes %.0f%% of the CSV.\n",
			l.DiskBytes, float64(l.DiskBytes)/float64(l.Rows), l.DiskBytesStopped,
			float64(l.DiskBytesStopped)/float64(l.Rows), csvPer,
			100*float64(max(l.DiskBytesStopped, l.DiskBytes))/float64(r.Data.CSVBytes))
	}
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// UpdateResults replaces (or appends) the section of scale in the
// Markdown file path, keeping the other scales' sections: RESULTS.md
// holds the latest run of each scale.
func UpdateResults(path, scale, section string) error {
	begin, end := "<!-- begin "+scale+" -->", "<!-- end "+scale+" -->"
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	text := string(old)
	if text == "" {
		text = resultsHeader
	}
	block := begin + "\n" + section + end
	if i, j := strings.Index(text, begin), strings.Index(text, end); i >= 0 && j > i {
		text = text[:i] + block + text[j+len(end):]
	} else {
		text = strings.TrimRight(text, "\n") + "\n\n" + block + "\n"
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

const resultsHeader = `# Benchmark results

Written by ` + "`make bench SCALE=S1|S2`" + ` (bench/harness, see bench/README.md); each
scale's section is replaced by its latest run. Times are medians; ratios
below 1 (cohortdb / DuckDB) and above 1 (memory / cohortdb) favour cohortdb.
`
