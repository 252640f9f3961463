package harness

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Query latency while background compaction runs (issue 22: "throttled so
// that query latency stays within 1.5× while it runs"). A copy of the
// daily-loaded data dir (taken before OPTIMIZE TABLE) is served with the
// background compactor on, its first look at the tables compactorDelay
// after start. Meanwhile the same probes — Q1, Q3 and a handful of Q6
// lookups in turn — run idle; then again for as long as the compaction
// of orders runs (at most probeWindow). The report gives each query's
// median under compaction against its idle median: the peer is the same
// table in the same process a moment before, so the ratio is what the
// compaction costs a query.

// latencyIDs are the queries probed.
var latencyIDs = []string{"Q1", "Q3", "Q6"}

const (
	latencyTarget = 1.5              // issue 22's bound on busy / idle
	probeLookups  = 10               // Q6 lookups per probe round
	probeWindow   = 2 * time.Minute  // longest measurement under compaction
	compactorWait = 30 * time.Second // the compactor's first look, after start
	idleWindow    = 20 * time.Second // longest idle measurement (before that look)
)

// CompactionProbe is what the measurement found.
type CompactionProbe struct {
	Queries []LatencyPair
	// Compaction is how long the background compaction of orders took,
	// when it finished within the window (else 0: it was stopped).
	Compaction time.Duration
	Note       string // why there is no ratio, when there is none
}

// LatencyPair is one query's medians idle and under compaction.
type LatencyPair struct {
	ID                 string
	Idle, Busy         time.Duration
	IdleRuns, BusyRuns int
}

// Ratio is busy / idle (0 when either is missing).
func (p LatencyPair) Ratio() float64 {
	if p.IdleRuns == 0 || p.BusyRuns == 0 || p.Idle <= 0 {
		return 0
	}
	return p.Busy.Seconds() / p.Idle.Seconds()
}

// prober runs the probe rounds and collects the latencies by query.
type prober struct {
	s    System
	ids  []int64 // Q6 customers
	next int
	lat  map[string][]time.Duration
}

func newProber(s System, ids []int64) *prober {
	return &prober{s: s, ids: ids, lat: map[string][]time.Duration{}}
}

// round runs each probed query once (Q6: probeLookups lookups, each a
// sample); keep false runs it untimed (a warm-up).
func (p *prober) round(ctx context.Context, keep bool) error {
	for _, id := range latencyIDs {
		q, ok := queryByID(id)
		if !ok {
			continue
		}
		n, args := 1, func() []any { return nil }
		if q.Lookup {
			if len(p.ids) == 0 {
				continue
			}
			n = probeLookups
			args = func() []any { p.next++; return []any{p.ids[p.next%len(p.ids)]} }
		}
		for range n {
			_, took, err := runOnce(ctx, p.s, q.SQL(p.s.Dialect()), args(), drain)
			if err != nil {
				return fmt.Errorf("%s: %w", id, err)
			}
			if keep {
				p.lat[id] = append(p.lat[id], took)
			}
		}
	}
	return nil
}

func queryByID(id string) (Query, bool) {
	for _, q := range Queries {
		if q.ID == id {
			return q, true
		}
	}
	return Query{}, false
}

// probeIdle runs rounds on the idle server: one warm-up, then as many as
// fit in the budget or idleWindow (at least one). Not Runs: the busy
// median is over a hundred rounds or more, and an idle median of five
// was at the mercy of one slow moment of a shared machine (S1 on
// 2026-12-06 gave busy/idle ratios from 0.62 to 1.75 in four runs).
func (r *Run) probeIdle(ctx context.Context, s System, ids []int64) (*prober, error) {
	p := newProber(s, ids)
	if err := p.round(ctx, false); err != nil {
		return nil, err
	}
	collectGarbage()
	start := time.Now()
	for i := 0; i == 0 || time.Since(start) < min(r.Config.Budget, idleWindow); i++ {
		if err := p.round(ctx, true); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// probeCompacting serves dataDir with the compactor on, probes it idle
// until the compactor's first look, then while the compaction of orders
// runs.
func (r *Run) probeCompacting(ctx context.Context, dataDir string, ids []int64) (*CompactionProbe, error) {
	c, err := StartCohort(ctx, r.Config.CohortBin, dataDir, r.Config.Timeout, "--compact-every="+compactorWait.String())
	if err != nil {
		return nil, err
	}
	defer c.Stop()
	s := renamed{c, "cohortdb compacting"}
	idle, err := r.probeIdle(ctx, s, ids)
	if err != nil {
		return nil, err
	}
	res := &CompactionProbe{}
	if begun, err := compactionBegun(ctx, c.DB()); err != nil || begun {
		res.Note = "the compaction began before the idle probe ended (slow queries): no ratio"
		return res, err
	}
	started, err := waitCompaction(ctx, c.DB(), compactorWait+time.Minute)
	if err != nil {
		return nil, err
	}
	if !started {
		res.Note = "the background compaction of orders did not start"
		return res, nil
	}
	busy := newProber(s, ids)
	collectGarbage()
	// A round counts when the compaction was running as it began.
	for start := time.Now(); time.Since(start) < probeWindow; {
		done, err := compactionDone(ctx, c.DB())
		if err != nil {
			return nil, err
		}
		if done > 0 {
			res.Compaction = done
			break
		}
		if err := busy.round(ctx, true); err != nil {
			return nil, err
		}
	}
	if len(busy.lat) == 0 && res.Compaction > 0 {
		res.Note = "the compaction finished before the first probe (too little data to measure)"
	}
	for _, id := range latencyIDs {
		i, b := idle.lat[id], busy.lat[id]
		res.Queries = append(res.Queries, LatencyPair{ID: id, Idle: median(i), IdleRuns: len(i), Busy: median(b), BusyRuns: len(b)})
	}
	return res, nil
}

// compactionBegun reports whether a background compaction of orders has
// begun.
func compactionBegun(ctx context.Context, db *sql.DB) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM compaction_history WHERE `table` = 'orders' AND reason LIKE 'background%'").Scan(&n)
	if err != nil {
		return false, fmt.Errorf("compaction_history: %w", err)
	}
	return n > 0, nil
}

// waitCompaction waits until a background compaction of orders has
// begun, polling; false when limit passed first.
func waitCompaction(ctx context.Context, db *sql.DB, limit time.Duration) (bool, error) {
	for start := time.Now(); time.Since(start) < limit; time.Sleep(50 * time.Millisecond) {
		if begun, err := compactionBegun(ctx, db); err != nil || begun {
			return begun, err
		}
	}
	return false, nil
}

// compactionDone is the duration of the finished background compaction
// of orders, 0 while it runs.
func compactionDone(ctx context.Context, db *sql.DB) (time.Duration, error) {
	var status string
	var secs sql.NullFloat64
	err := db.QueryRowContext(ctx, "SELECT status, TIMESTAMPDIFF(MICROSECOND, started_at, finished_at) / 1e6 FROM compaction_history "+
		"WHERE `table` = 'orders' AND reason LIKE 'background%' ORDER BY id DESC LIMIT 1").Scan(&status, &secs)
	if err != nil {
		return 0, fmt.Errorf("compaction_history: %w", err)
	}
	if status == "running" || !secs.Valid {
		return 0, nil
	}
	if status != "ok" {
		return 0, fmt.Errorf("background compaction of orders: %s", status)
	}
	return max(time.Duration(secs.Float64*float64(time.Second)), time.Microsecond), nil
}

// copyDir copies the files of src (a stopped server's data dir) to dst.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o600)
	})
}

// writeCompactionLatency renders the measurement.
func (r *Run) writeCompactionLatency(b *strings.Builder) {
	p := r.UnderCompaction
	if p == nil {
		return
	}
	fmt.Fprintf(b, "\nQuery latency while background compaction runs (issue 22: within %.1f×): a copy of the daily-loaded data dir served with the compactor on (`--compact-every=%v`), probed idle for up to %v before the compactor's first look, then while it compacts orders (at most %v): Q1, Q3 and %d Q6 lookups in turn; medians (samples).", latencyTarget, compactorWait, idleWindow, probeWindow, probeLookups)
	switch {
	case p.Note != "":
		fmt.Fprintf(b, " %s.\n\n", p.Note)
	case p.Compaction > 0:
		fmt.Fprintf(b, " The background compaction took %v.\n\n", p.Compaction.Round(time.Millisecond))
	default:
		fmt.Fprintf(b, " The compaction was still running after %v and stopped with the server (the copy is discarded).\n\n", probeWindow)
	}
	if len(p.Queries) == 0 {
		return
	}
	b.WriteString("| query | idle | during compaction | during / idle | ≤ 1.5× |\n|---|---:|---:|---:|---|\n")
	for _, q := range p.Queries {
		ratio, met := "", "n/a"
		if v := q.Ratio(); v > 0 {
			ratio, met = fmt.Sprintf("%.2f", v), yesNo(true, v <= latencyTarget)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", q.ID, cellText(Timing{Median: q.Idle, Runs: q.IdleRuns}, 0),
			cellText(Timing{Median: q.Busy, Runs: q.BusyRuns}, 0), ratio, met)
	}
	b.WriteString("\n")
}
