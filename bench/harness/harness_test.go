package harness_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cohortdb/cohortdb/bench/harness"
)

// buildCohort builds the cohortdb binary of this tree into dir, or
// returns $COHORTDB_BIN when set (a binary built beforehand).
func buildCohort(t *testing.T, dir string) string {
	t.Helper()
	if bin := os.Getenv("COHORTDB_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(dir, "cohortdb")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/cohortdb")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build cohortdb: %v\n%s", err, out)
	}
	return bin
}

// TestSmoke runs the whole harness on a tiny shop (2k customers) with
// cohortdb, DuckDB and go-mysql-server memory tables: every query must
// give the same result on all three (Bench fails otherwise) and be timed.
// It asserts nothing about time.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts cohortdb")
	}
	dir := t.TempDir()
	var log strings.Builder
	cfg := harness.Config{
		Scale: "smoke", Customers: 2000, Seed: 1,
		DataDir:   filepath.Join(dir, "data"),
		CohortBin: buildCohort(t, dir),
		Systems:   []string{"cohortdb", "memory"},
		Runs:      2, Lookups: 30, Checked: 10, Budget: 5 * time.Second,
		Timeout: 30 * time.Second, WorkDir: dir, Log: &log,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run, err := harness.Bench(ctx, cfg)
	t.Logf("harness log:\n%s", log.String())
	if err != nil {
		t.Fatal(err)
	}
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
	if run.Loads["cohortdb"].DiskBytes == 0 {
		t.Errorf("cohortdb data dir size not measured")
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "orders.csv")); err != nil {
		t.Errorf("data set not kept: %v", err)
	}
}
