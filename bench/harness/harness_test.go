package harness_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cohortdb/cohortdb/bench/harness"
)

// buildCohort builds the cohortdb binary of this tree once for the
// tests that run it (side by side), or returns $COHORTDB_BIN when set (a
// binary built beforehand).
func buildCohort(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("COHORTDB_BIN"); bin != "" {
		return bin
	}
	cohortBin.once.Do(func() {
		dir, err := os.MkdirTemp("", "cohortbench-test-")
		if err != nil {
			cohortBin.err = err
			return
		}
		cohortBin.dir, cohortBin.path = dir, filepath.Join(dir, "cohortdb")
		cmd := exec.Command("go", "build", "-o", cohortBin.path, "./cmd/cohortdb")
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			cohortBin.err = fmt.Errorf("build cohortdb: %v\n%s", err, out)
		}
	})
	if cohortBin.err != nil {
		t.Fatal(cohortBin.err)
	}
	return cohortBin.path
}

var cohortBin struct {
	once      sync.Once
	dir, path string
	err       error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if cohortBin.dir != "" {
		os.RemoveAll(cohortBin.dir)
	}
	os.Exit(code)
}

// TestSmoke runs the whole harness on a tiny shop (2k customers) with
// cohortdb, DuckDB and go-mysql-server memory tables: every query must
// give the same result on all three (Bench fails otherwise) and be timed,
// every analytics function must match its DuckDB SQL and be timed, and
// every breadth query must run on DuckDB and on cohortdb with the outcome
// testdata/breadth_today.txt records (checkBreadth). It asserts nothing
// about time.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts cohortdb")
	}
	t.Parallel()
	dir := t.TempDir()
	var log strings.Builder
	cfg := harness.Config{
		Scale: "smoke", Customers: 2000, Seed: 1,
		DataDir:   filepath.Join(dir, "data"),
		CohortBin: buildCohort(t),
		Systems:   []string{"cohortdb", "memory"},
		Runs:      1, Lookups: 30, Checked: 10, Budget: 5 * time.Second,
		// A few daily files prove the load-order path; 365 loads of a
		// smoke shop would only add a minute to make test.
		DailyFiles: 4,
		// Short: the breadth set has nested-loop plans today that
		// would each take minutes.
		Timeout: 10 * time.Second, WorkDir: dir, Log: &log,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	run, err := harness.Bench(ctx, cfg)
	t.Logf("harness log:\n%s", log.String())
	today := readBreadthToday(t)
	if err != nil && !onlyKnownWrong(run, today) {
		t.Error(err) // the checks below still say what else ran
	}
	if run == nil || len(run.Systems) == 0 {
		t.FailNow()
	}
	checkBreadth(t, run, today)
	for _, sys := range []string{"cohortdb", "DuckDB", "GMS memory"} {
		for _, q := range harness.Queries {
			tm, ok := run.Times[q.ID][sys]
			if !ok || tm.TimedOut || tm.Runs == 0 {
				t.Errorf("%s %s: not measured: %+v", sys, q.ID, tm)
			}
		}
		if info := run.Loads[sys]; info.Rows != run.Data.OrderLines || info.Rows == 0 {
			t.Errorf("%s loaded %d rows, want %d", sys, info.Rows, run.Data.OrderLines)
		}
	}
	checkAnalytics(t, run)
	checkPages(t, run)
	for _, sys := range []string{"cohortdb daily", "cohortdb daily+opt"} { // the load-order dimension
		for _, q := range harness.Queries {
			if tm, ok := run.Times[q.ID][sys]; !ok || tm.TimedOut || tm.Runs == 0 {
				t.Errorf("%s %s: not measured: %+v", sys, q.ID, tm)
			}
		}
		if run.Loads[sys].Rows != run.Data.OrderLines {
			t.Errorf("%s: %d rows, want %d", sys, run.Loads[sys].Rows, run.Data.OrderLines)
		}
	}
	checkCompactedDaily(t, run)
	if run.Loads["cohortdb"].DiskBytes == 0 {
		t.Errorf("cohortdb data dir size not measured")
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "orders.csv")); err != nil {
		t.Errorf("data set not kept: %v", err)
	}
}

// wantAnalytics are the analytics rows every run with cohortdb reports.
var wantAnalytics = []string{"A7s", "A6f", "A5a", "A5b", "A8a", "A8b", "A7a", "A7b", "A6"}

// checkAnalytics asserts that each analytics function was compared with
// its DuckDB SQL (Bench fails on a mismatch) and timed on both sides,
// and that the report has their table.
func checkAnalytics(t *testing.T, run *harness.Run) {
	t.Helper()
	got := map[string]harness.AnalyticRun{}
	for _, a := range run.Analytics {
		got[a.ID] = a
	}
	for _, id := range wantAnalytics {
		a, ok := got[id]
		switch {
		case !ok:
			t.Errorf("analytics %s: not run", id)
		case a.Cohort.Runs == 0:
			t.Errorf("analytics %s: cohortdb not measured: %+v", id, a.Cohort)
		case a.DuckText != "" && a.Duck.Runs == 0:
			t.Errorf("analytics %s: DuckDB not measured: %+v", id, a.Duck)
		}
	}
	if rep := harness.Report(run, "test"); !strings.Contains(rep, "| A5a (issue 5) rfm(") {
		t.Errorf("report has no analytics table:\n%s", rep)
	}
}

// checkPages asserts that every insight page was loaded and timed (an
// endpoint error fails Bench), with its endpoints, and that the report
// has their table.
func checkPages(t *testing.T, run *harness.Run) {
	t.Helper()
	if len(run.Pages) != 8 {
		t.Errorf("%d insight pages timed, want 8: %+v", len(run.Pages), run.Pages)
	}
	for _, p := range run.Pages {
		if p.Timing.Runs == 0 || p.Timing.Err != "" || p.Endpoints == 0 || p.Slowest == "" {
			t.Errorf("page %s %s: not measured: %+v", p.ID, p.Path, p)
		}
	}
	if rep := harness.Report(run, "test"); !strings.Contains(rep, "| W1 Lifecycle `/lifecycle` |") {
		t.Errorf("report has no pages table:\n%s", rep)
	}
}

// checkCompactedDaily: the load-order dimension measured query latency
// under background compaction (reported, even when the tiny table was
// compacted before a probe) and ran the analytics functions and the
// breadth set on the compacted daily table.
func checkCompactedDaily(t *testing.T, run *harness.Run) {
	t.Helper()
	p := run.UnderCompaction
	if p == nil {
		t.Fatal("query latency under compaction not measured")
	}
	if p.Note == "" && len(p.Queries) != 3 {
		t.Errorf("query latency under compaction: %+v", p)
	}
	for _, q := range p.Queries {
		if q.IdleRuns == 0 {
			t.Errorf("%s: no idle probe", q.ID)
		}
	}
	rep := harness.Report(run, "test")
	if !strings.Contains(rep, "Query latency while background compaction runs") {
		t.Error("report has no compaction latency")
	}
	for _, a := range run.Analytics {
		if c := a.Compacted; c.Runs == 0 || c.Err != "" || c.Mismatch != "" {
			t.Errorf("analytics %s on cohortdb daily+opt: %+v", a.ID, c)
		}
	}
	for _, q := range run.Breadth {
		if _, ok := run.Times[q.ID]["cohortdb daily+opt"]; !ok {
			t.Errorf("breadth %s: not run on cohortdb daily+opt", q.ID)
		}
	}
	if !strings.Contains(rep, "| cohortdb daily+opt | daily+opt / cohortdb |") {
		t.Error("report has no daily+opt column for the analytics or the breadth set")
	}
	if !strings.Contains(rep, "Load order (issue 22 item 2)") || !strings.Contains(rep, "- Q1-Q7: ") {
		t.Error("report has no load-order table judging daily+opt against 1.1×")
	}
}
