package harness

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// The load-order dimension (issue 22): a shop's real feed is a nightly
// export of yesterday's orders, in time order, not a file sorted by
// customer. cohortdb is loaded with the same orders split into
// Config.DailyFiles files in time order, one LOAD DATA each; Q1-Q7 are
// timed on that table as loaded ("cohortdb daily") and again after
// OPTIMIZE TABLE orders compacted it into its sort key ("cohortdb
// daily+opt"), beside the pre-sorted load of the main run.
//
// The daily+opt server answers its queries as the pre-sorted one does:
// freshly started on its loaded and compacted data dir, with the same
// flags (--cpuprofile, to a file of its own, when profiling), so that
// neither side carries work the other does not (Pebble compacting the
// just-loaded tables, retired segments being freed, the profiler).

// DefaultDailyFiles is the number of time-ordered files the load-order
// dimension loads when Config.DailyFiles is 0: issue 22's 365 daily
// loads (a day each when the orders span a year; at the generator's
// span, a share of its days each).
const DefaultDailyFiles = 365

// Load-order columns of the report.
const (
	dailyName     = "cohortdb daily"
	compactedName = "cohortdb daily+opt"
)

// renamed is a System under another report column.
type renamed struct {
	System
	name string
}

func (n renamed) Name() string { return n.name }

// runLoadOrder loads the daily files into a fresh cohortdb and times the
// queries before and after compaction: Q1-Q7 as loaded; the latency of
// Q1, Q3 and Q6 idle and while background compaction runs, on a copy
// (compaction_latency.go); then, after OPTIMIZE TABLE orders, Q1-Q7, the
// analytics functions and the breadth set.
func (r *Run) runLoadOrder(ctx context.Context, ref *reference) error {
	dir, err := os.MkdirTemp(r.workDir(), "cohortdb-daily-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files, err := SplitByDay(r.Data.OrdersCSV(), filepath.Join(dir, "days"), r.Config.DailyFiles)
	if err != nil {
		return fmt.Errorf("split orders by day: %w", err)
	}
	dataDir := filepath.Join(dir, "data")
	c, err := StartCohort(ctx, r.Config.CohortBin, dataDir, r.Config.Timeout)
	if err != nil {
		return err
	}
	defer func() {
		if c != nil {
			c.Stop()
		}
	}()
	if err := r.loadDaily(ctx, c, files); err != nil {
		return err
	}
	daily := renamed{c, dailyName}
	r.Systems = append(r.Systems, daily.Name())
	r.runQueries(ctx, daily, ref)
	if c, err = r.measureUnderCompaction(ctx, c, ref, filepath.Join(dir, "copy")); err != nil {
		return err
	}
	if r.extraTables() {
		if err := r.loadExtraCohort(ctx, c); err != nil {
			return err
		}
	}

	start := time.Now()
	if err := optimize(ctx, c.DB(), "orders"); err != nil {
		return err
	}
	info := LoadInfo{Rows: r.Data.OrderLines, Duration: time.Since(start)}
	if info.DiskBytes, err = dirBytes(dataDir); err != nil {
		return err
	}
	r.Loads[compactedName] = info
	r.logf("%-10s OPTIMIZE TABLE orders in %v, %d bytes on disk", compactedName, info.Duration.Round(time.Millisecond), info.DiskBytes)
	if c, err = r.restartLikePresorted(ctx, c); err != nil {
		return err
	}
	compacted := renamed{c, compactedName}
	r.Systems = append(r.Systems, compacted.Name())
	r.runQueries(ctx, compacted, ref)
	c, err = r.runCompactedExtras(ctx, c, ref)
	return err
}

// measureUnderCompaction stops the daily server, copies its data dir to
// copyTo, measures the copy idle and under background compaction
// (compaction_latency.go), and restarts the daily server, which it
// returns. A failed measurement is listed in the failures; the
// load-order dimension goes on.
func (r *Run) measureUnderCompaction(ctx context.Context, c *Cohort, ref *reference, copyTo string) (*Cohort, error) {
	if !slices.ContainsFunc(latencyIDs, r.selected) {
		return c, nil
	}
	if err := c.Stop(); err != nil {
		return c, err
	}
	err := copyDir(c.DataDir, copyTo)
	if err == nil {
		r.UnderCompaction, err = r.probeCompacting(ctx, copyTo, ref.ids)
	}
	os.RemoveAll(copyTo)
	if err != nil {
		r.Failures = append(r.Failures, "query latency under compaction: "+err.Error())
	}
	if p := r.UnderCompaction; p != nil {
		for _, q := range p.Queries {
			r.logf("%-10s %-3s idle %v (%d), during compaction %v (%d): %.2f×", dailyName, q.ID, q.Idle, q.IdleRuns, q.Busy, q.BusyRuns, q.Ratio())
		}
	}
	return StartCohort(ctx, r.Config.CohortBin, c.DataDir, r.Config.Timeout)
}

// runCompactedExtras runs the analytics functions and the breadth set on
// the compacted daily table (customers, products and events loaded as in
// the main run), checked against DuckDB like the main run's; it returns
// the server running at the end.
func (r *Run) runCompactedExtras(ctx context.Context, c *Cohort, ref *reference) (*Cohort, error) {
	if r.analytics() {
		r.runAnalyticsAs(ctx, c, compactedName, ref.duck)
	}
	if len(r.Breadth) == 0 || !r.extraTables() {
		return c, nil
	}
	restart := func() (*Cohort, error) {
		return StartCohort(ctx, r.Config.CohortBin, c.DataDir, r.Config.Timeout, r.compactedFlags()...)
	}
	return r.runBreadthCohortAs(ctx, c, compactedName, ref, restart)
}

// restartLikePresorted stops the daily server after its loads and
// OPTIMIZE TABLE and starts it again as runCohort starts the pre-sorted
// one for its queries (see the load-order comment above).
func (r *Run) restartLikePresorted(ctx context.Context, c *Cohort) (*Cohort, error) {
	if err := c.Stop(); err != nil {
		return nil, fmt.Errorf("%s: stop after OPTIMIZE TABLE: %w", compactedName, err)
	}
	return StartCohort(ctx, r.Config.CohortBin, c.DataDir, r.Config.Timeout, r.compactedFlags()...)
}

// compactedFlags are the daily+opt server's flags: the pre-sorted query
// server's profiling, to a file of its own (the report's profile stays
// the pre-sorted run's).
func (r *Run) compactedFlags() []string {
	if r.Config.Profile == "" {
		return nil
	}
	return []string{"--cpuprofile", strings.TrimSuffix(r.Config.Profile, filepath.Ext(r.Config.Profile)) + "-daily-opt" + filepath.Ext(r.Config.Profile)}
}

// loadDaily loads the files one LOAD DATA each, then the exchange rates
// (untimed), and records the total.
func (r *Run) loadDaily(ctx context.Context, c *Cohort, files []string) error {
	var info LoadInfo
	for _, f := range files {
		start := time.Now()
		res, err := c.DB().ExecContext(ctx, loadDataLocal(f))
		if err != nil {
			return fmt.Errorf("%s: load %s: %w", dailyName, f, err)
		}
		info.Duration += time.Since(start)
		n, _ := res.RowsAffected()
		info.Rows += n
	}
	if info.Rows != r.Data.OrderLines {
		return fmt.Errorf("%s: loaded %d rows, orders.csv has %d lines", dailyName, info.Rows, r.Data.OrderLines)
	}
	if fx := filepath.Join(filepath.Dir(r.Data.OrdersCSV()), gen.FxRatesFile); fileExists(fx) {
		q := fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE fx_rates FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n' IGNORE 1 LINES (currency, valid_from, rate)", fx)
		if _, err := c.DB().ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: load %s: %w", dailyName, fx, err)
		}
	}
	var err error
	if info.DiskBytes, err = dirBytes(c.DataDir); err != nil {
		return err
	}
	r.Loads[dailyName] = info
	r.logf("%-10s loaded %d files in %v (%.0f lines/s)", dailyName, len(files), info.Duration.Round(time.Millisecond),
		float64(info.Rows)/info.Duration.Seconds())
	return nil
}

// optimize runs OPTIMIZE TABLE and fails unless its last row says OK
// (or that the table was already up to date).
func optimize(ctx context.Context, db *sql.DB, table string) error {
	_, err := optimizeNote(ctx, db, table)
	return err
}

// optimizeNote is optimize returning the text of its note row (what was
// compacted into what), if any.
func optimizeNote(ctx context.Context, db *sql.DB, table string) (string, error) {
	rows, err := db.QueryContext(ctx, "OPTIMIZE TABLE "+table)
	if err != nil {
		return "", fmt.Errorf("OPTIMIZE TABLE %s: %w", table, err)
	}
	defer rows.Close()
	var last [4]string
	var note string
	for rows.Next() {
		if err := rows.Scan(&last[0], &last[1], &last[2], &last[3]); err != nil {
			return note, err
		}
		if last[2] == "note" {
			note = last[3]
		}
	}
	if err := rows.Err(); err != nil {
		return note, err
	}
	if last[2] != "status" || last[3] != "OK" && last[3] != "Table is already up to date" {
		return note, fmt.Errorf("OPTIMIZE TABLE %s: %v", table, last)
	}
	if note == "" {
		note = last[3]
	}
	return note, nil
}

// SplitByDay writes the lines of an orders CSV into n files under dir,
// in time order: file i holds the i-th n-th of the days between the
// first and the last ordered_at, its lines sorted by ordered_at (stable).
// Memory holds one file's lines at a time. It returns the files' paths;
// each starts with the header.
func SplitByDay(src, dir string, n int) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	lo, hi, err := dayRange(src)
	if err != nil {
		return nil, err
	}
	header, paths, err := bucketByDay(src, dir, n, lo, hi)
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		if err := sortFile(p, header); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

// eachRecord calls fn with the ordered_at column's index and every record
// after the header.
func eachRecord(src string, fn func(header []string, at int, rec []string) error) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.ReuseRecord = true
	header, err := rd.Read()
	if err != nil {
		return err
	}
	header = slices.Clone(header)
	at := slices.Index(header, "ordered_at")
	if at < 0 {
		return fmt.Errorf("%s has no ordered_at column", src)
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(header, at, rec); err != nil {
			return err
		}
	}
}

// dayRange returns the first and last day (YYYY-MM-DD) of ordered_at.
func dayRange(src string) (lo, hi time.Time, err error) {
	err = eachRecord(src, func(_ []string, at int, rec []string) error {
		d, err := time.Parse(time.DateOnly, rec[at][:min(10, len(rec[at]))])
		if err != nil {
			return fmt.Errorf("ordered_at %q: %w", rec[at], err)
		}
		if lo.IsZero() || d.Before(lo) {
			lo = d
		}
		if d.After(hi) {
			hi = d
		}
		return nil
	})
	return lo, hi, err
}

func bucketByDay(src, dir string, n int, lo, hi time.Time) ([]string, []string, error) {
	span := int(hi.Sub(lo).Hours()/24) + 1
	paths := make([]string, n)
	files := make([]*os.File, n)
	writers := make([]*csv.Writer, n)
	defer func() {
		for _, f := range files {
			if f != nil {
				f.Close()
			}
		}
	}()
	var header []string
	err := eachRecord(src, func(h []string, at int, rec []string) error {
		header = h
		d, _ := time.Parse(time.DateOnly, rec[at][:min(10, len(rec[at]))])
		b := int(d.Sub(lo).Hours()/24) * n / span
		if writers[b] == nil {
			paths[b] = filepath.Join(dir, fmt.Sprintf("orders-%03d.csv", b))
			f, err := os.Create(paths[b])
			if err != nil {
				return err
			}
			files[b], writers[b] = f, csv.NewWriter(f)
		}
		return writers[b].Write(rec)
	})
	if err != nil {
		return nil, nil, err
	}
	var out []string
	for b, w := range writers {
		if w == nil {
			continue
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, nil, err
		}
		out = append(out, paths[b])
	}
	return header, out, nil
}

// sortFile sorts a bucket's lines by ordered_at and writes it back with
// the header first.
func sortFile(path string, header []string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		return err
	}
	at := slices.Index(header, "ordered_at")
	slices.SortStableFunc(recs, func(a, b []string) int { return strings.Compare(a[at], b[at]) })
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(out)
	w.Write(header)
	w.WriteAll(recs)
	if err := w.Error(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
