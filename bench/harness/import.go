package harness

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

var loadRate = regexp.MustCompile(`\((\d+) rows/s\)`)

// importLoad names the offline import measurement in Run.Loads.
const importLoad = "cohortdb import"

// measureImport times `cohortdb import` of orders.csv into a fresh data
// dir (the offline door: no server, no wire) and the size of the data dir
// it leaves (issue 3's import rate and bytes per order line).
func (r *Run) measureImport(ctx context.Context) error {
	dir, err := os.MkdirTemp(r.workDir(), "cohortdb-import-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dataDir := filepath.Join(dir, "data")
	start := time.Now()
	out, err := exec.CommandContext(ctx, r.Config.CohortBin, "import", "--data-dir", dataDir,
		"--table", "orders", "--file", r.Data.OrdersCSV()).CombinedOutput()
	if err != nil {
		return fmt.Errorf("cohortdb import: %v: %s", err, out)
	}
	info := LoadInfo{Rows: r.Data.OrderLines, Duration: time.Since(start)}
	// The command reports the load itself (without process start-up, store
	// open and schema check): "... in 1.0s (1037385 rows/s)".
	if m := loadRate.FindSubmatch(out); m != nil {
		info.LoadRate, _ = strconv.ParseFloat(string(m[1]), 64)
	}
	if info.DiskBytes, err = dirBytes(dataDir); err != nil {
		return err
	}
	r.Loads[importLoad] = info
	r.logf("%-10s imported in %v (%.0f lines/s), %d bytes on disk", "cohortdb", info.Duration.Round(time.Millisecond),
		float64(info.Rows)/info.Duration.Seconds(), info.DiskBytes)
	return nil
}
