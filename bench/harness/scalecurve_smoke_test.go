package harness_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cohortdb/cohortdb/bench/harness"
)

// TestScaleCurveRun runs Q1-Q7 on a tiny shop as the S3 point of the
// scale curve is run (cohortdb alone, no DuckDB, no import, no load
// order, the concurrent step on): every query is timed with the server's
// CPU time, both server processes report a peak resident size and the
// budget, and the concurrent step loads every customer, compacts orders
// (one contact's rows deleted first) and runs queries meanwhile. It
// asserts nothing about time or size beyond their being measured.
func TestScaleCurveRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts cohortdb")
	}
	t.Parallel()
	dir := t.TempDir()
	var log strings.Builder
	cfg := harness.Config{
		Scale: "curve", Customers: 2000, Seed: 1, DataDir: filepath.Join(dir, "data"),
		CohortBin: buildCohort(t), Systems: []string{"cohortdb"}, Runs: 1, Lookups: 30,
		Timeout: time.Minute, WorkDir: dir, Log: &log, SkipEvents: true, SkipAnalytics: true,
		SkipDuck: true, SkipImport: true, SkipLoadOrder: true, Concurrent: true,
		Queries: harness.ParseQueryFilter("Q*"),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run, err := harness.Bench(ctx, cfg)
	t.Logf("harness log:\n%s", log.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range harness.Queries {
		tm := run.Times[q.ID]["cohortdb"]
		if tm.Runs == 0 || tm.Err != "" {
			t.Errorf("%s: %+v, want a timed run", q.ID, tm)
		}
	}
	if _, ok := run.Times["Q1"]["DuckDB"]; ok {
		t.Error("DuckDB ran with SkipDuck")
	}
	if len(run.Servers) != 2 {
		t.Fatalf("servers %+v, want the loading and the querying one", run.Servers)
	}
	for _, s := range run.Servers {
		if s.PeakRSS <= 0 || s.CPU <= 0 || s.Budget <= 0 {
			t.Errorf("server %+v: want peak RSS, CPU time and budget", s)
		}
	}
	c := run.Together
	if c == nil {
		t.Fatal("no concurrent step")
	}
	if c.LoadRows != 2000 || c.Deleted == 0 || c.Optimize <= 0 || c.PeakRSS <= 0 || c.Budget <= 0 || !c.Within() {
		t.Errorf("concurrent step %+v: want 2000 customers loaded, a contact's orders deleted, a compaction, a peak within the budget", c)
	}
	if len(c.RfmIdle) != 5 || len(c.RfmBusy) == 0 {
		t.Errorf("rfm() timed %d times idle and %d under load, want 5 and some", len(c.RfmIdle), len(c.RfmBusy))
	}
	if !strings.Contains(c.OptimizeMsg, "compacted into") {
		t.Errorf("OPTIMIZE TABLE said %q, want a compaction", c.OptimizeMsg)
	}
	p := harness.CurvePointOf(run, "test", "")
	if p.Load <= 0 || p.Disk <= 0 || p.PeakQueries <= 0 || len(p.Queries) != len(harness.Queries) {
		t.Errorf("curve point %+v: want load, disk, peak and every query", p)
	}
}
