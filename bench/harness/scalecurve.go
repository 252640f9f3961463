package harness

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The scale curve (issue 22 item 5): cohortdb's load, size on disk, peak
// memory and Q1-Q7 at S1, S2 and S3, and how each grows per 10× of data.
// Each run with -scale-curve replaces its scale's point; the points are
// kept in RESULTS.md's "scale-curve" section as JSON in HTML comments (one
// a line, invisible when rendered), and the table is rendered from all of
// them, so the scales can be run one at a time, hours apart.

// CurveSection is the key of the scale curve's section in RESULTS.md.
const CurveSection = "scale-curve"

// growthTarget is issue 22's bound: time grows at most 11× per 10× data.
const growthTarget = 11.0

// CurvePoint is one scale's measurements.
type CurvePoint struct {
	Scale     string
	Customers int
	Lines     int64
	CSVBytes  int64
	Date      string // UTC, of the run's start
	Commit    string // of the tree the binary was built from, when known
	Command   string
	LoadAvg   string // /proc/loadavg at the end of the run: the machine's other load
	Load      time.Duration
	LoadCPU   time.Duration
	Disk      int64 // data dir after the load and a clean shutdown
	// PeakLoad and PeakQueries are the peak resident sizes of the
	// server that loaded and of the one that answered the queries.
	PeakLoad, PeakQueries int64
	Budget                int64
	Queries               map[string]CurveTime
	Together              *ConcurrentRun `json:",omitempty"`
}

// CurveTime is one query at one scale: the median (Q6: p50 and p99 of
// single lookups) and the server's CPU time per run.
type CurveTime struct {
	Wall, P99, CPU time.Duration
	Runs           int
	Err            string `json:",omitempty"` // timeout, error or mismatch
}

// CurvePointOf takes the scale curve's point from a run.
func CurvePointOf(r *Run, command, commit string) CurvePoint {
	p := CurvePoint{Scale: r.Config.Scale, Customers: r.Data.Customers, Lines: r.Data.OrderLines,
		CSVBytes: r.Data.CSVBytes, Date: r.Started.UTC().Format("2006-01-02 15:04 MST"), Commit: commit,
		Command: command, LoadAvg: loadAvg(), Queries: map[string]CurveTime{}, Together: r.Together}
	l := r.Loads["cohortdb"]
	p.Load, p.LoadCPU, p.Disk = l.Duration, l.CPU, max(l.DiskBytes, l.DiskBytesStopped)
	for i, s := range r.Servers {
		p.Budget = max(p.Budget, s.Budget)
		if i == 0 {
			p.PeakLoad = s.PeakRSS
		} else {
			p.PeakQueries = max(p.PeakQueries, s.PeakRSS)
		}
	}
	for _, q := range r.coreQueries() {
		t, ok := r.Times[q.ID]["cohortdb"]
		if !ok {
			continue
		}
		ct := CurveTime{Wall: t.Median, P99: t.P99, CPU: t.CPU, Runs: t.Runs}
		if q.Lookup {
			ct.Wall = t.P50
		}
		if t.Err != "" || t.Mismatch != "" || t.TimedOut || t.Runs == 0 {
			ct = CurveTime{Err: cellText(t, r.Config.Timeout)}
		}
		p.Queries[q.ID] = ct
	}
	return p
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

var pointLine = regexp.MustCompile(`(?m)^<!-- point (\S+) (\{.*\}) -->$`)

// ReadCurve returns the points stored in a RESULTS.md text, by scale.
func ReadCurve(text string) (map[string]CurvePoint, error) {
	pts := map[string]CurvePoint{}
	for _, m := range pointLine.FindAllStringSubmatch(text, -1) {
		var p CurvePoint
		if err := json.Unmarshal([]byte(m[2]), &p); err != nil {
			return nil, fmt.Errorf("scale curve point %s: %w", m[1], err)
		}
		pts[m[1]] = p
	}
	return pts, nil
}

// UpdateCurve puts p into the scale curve section of the Markdown file
// path (replacing p.Scale's earlier point) and renders the section anew.
func UpdateCurve(path string, p CurvePoint) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	pts, err := ReadCurve(string(old))
	if err != nil {
		return err
	}
	pts[p.Scale] = p
	return UpdateResults(path, CurveSection, RenderCurve(pts))
}

// curveOrder sorts the scales by data size.
func curveOrder(pts map[string]CurvePoint) []CurvePoint {
	var out []CurvePoint
	for _, p := range pts {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b CurvePoint) int { return int(a.Lines - b.Lines) })
	return out
}

// Growth is v's growth per 10× of data between two points: (b/a) raised
// to 1/log10(lines_b/lines_a), so a quantity proportional to the data
// grows 10× whatever the exact ratio of the sizes. 0 when unknown.
func Growth(a, b float64, linesA, linesB int64) float64 {
	if a <= 0 || b <= 0 || linesA <= 0 || linesB <= linesA {
		return 0
	}
	return math.Pow(b/a, 1/math.Log10(float64(linesB)/float64(linesA)))
}

// RenderCurve renders the section from the points.
func RenderCurve(pts map[string]CurvePoint) string {
	ps := curveOrder(pts)
	var b strings.Builder
	b.WriteString("## Scale curve (issue 22 item 5)\n\n")
	b.WriteString(curveIntro)
	for _, p := range ps {
		fmt.Fprintf(&b, "- %s: %s, commit %s, load average at the end %s; `%s`\n", p.Scale, p.Date, orDash(p.Commit), orDash(p.LoadAvg), p.Command)
	}
	cols := append([]string{""}, mapPts(ps, func(p CurvePoint) string { return p.Scale })...)
	for i := 1; i < len(ps); i++ {
		cols = append(cols, ps[i-1].Scale+"→"+ps[i].Scale+" per 10×")
	}
	growthCols := cols[1+len(ps):]
	b.WriteString("\n| " + strings.Join(append(cols, "target", "met"), " | ") + " |\n")
	b.WriteString("|---" + strings.Repeat("|---:", len(ps)+len(growthCols)) + "|---|---|\n")
	writeCurveRows(&b, ps)
	writeTogether(&b, ps)
	b.WriteString("\n")
	for _, p := range ps {
		js, _ := json.Marshal(p)
		fmt.Fprintf(&b, "<!-- point %s %s -->\n", p.Scale, js)
	}
	return b.String()
}

const curveIntro = `cohortdb alone, orders.csv only (the data sets of bench/data, seed 1), each scale run on its own by the command below; its server runs as in the main tables (a fresh data dir, LOAD DATA LOCAL INFILE, then restarted for the queries). Times are wall-clock medians with the server's CPU time per run beside them (user + system, /proc): the machine's two cores are shared with other sessions' builds and tests, which stretch wall times but much less the CPU time, so the growth is given for both and judged on CPU time where it was measured. Growth per 10×: (value at the larger scale / value at the smaller) ^ (1 / log10 of the ratio of their order lines). Peak RSS: the server process's peak resident size (VmHWM before shutdown), against the memory budget in effect (cohortdb_memory_limit, 60% of RAM by default).

`

func mapPts(ps []CurvePoint, f func(CurvePoint) string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = f(p)
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
