package harness

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"time"
)

// Timing is one system's measurement of one query.
type Timing struct {
	Median   time.Duration
	Runs     int  // timed runs behind Median (Q6: lookups behind P50/P99)
	TimedOut bool // ran past the system's timeout; no time recorded
	P50, P99 time.Duration
	Mismatch string // result differed from the reference: not timed
	Err      string // the query failed
	// CPU is the server's CPU time per timed run (Q6: per lookup), 0
	// when the system's CPU time cannot be read (see cpuMeter).
	CPU time.Duration
}

// readMode says what runOnce does with the rows.
type readMode int

const (
	drain          readMode = iota // read and discard (a timed run)
	collectSorted                  // keep, sorted (the correctness check)
	collectOrdered                 // keep in the order returned (ORDER BY checked)
)

// readModeOf is the check mode of q.
func readModeOf(q Query) readMode {
	if q.Ordered {
		return collectOrdered
	}
	return collectSorted
}

// runOnce runs text on s, collecting the result (the correctness check)
// or draining it (a timed run) as mode says, and returns how long it
// took from sending the query to reading the last row. A run past the
// system's timeout is cancelled on the server and reported as ErrTimeout.
func runOnce(ctx context.Context, s System, text string, args []any, mode readMode) (Result, time.Duration, error) {
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		return Result{}, 0, err
	}
	defer conn.Close()
	id := s.ConnID(ctx, conn)
	qctx, cancel := ctx, context.CancelFunc(func() {})
	if t := s.Timeout(); t > 0 {
		qctx, cancel = context.WithTimeout(ctx, t)
	}
	defer cancel()
	var res Result
	start := time.Now()
	rows, err := conn.QueryContext(qctx, text, args...)
	if err == nil {
		if mode == drain {
			_, err = Drain(rows)
		} else {
			res, err = collect(rows, mode == collectSorted)
		}
	}
	took := time.Since(start)
	if err != nil && qctx.Err() != nil && ctx.Err() == nil {
		s.Cancel(id)
		conn.Raw(func(any) error { return driver.ErrBadConn }) // do not reuse the session
		return res, took, ErrTimeout
	}
	return res, took, err
}

// timeQuery checks q on s against want (nil: s is the reference and its
// result is returned), then times up to runs runs, stopping early once
// budget is spent. The check run is a warm-up, unless it alone took more
// than budget: then it is the one sample (a slow system is not made to
// repeat a minute-long query).
func timeQuery(ctx context.Context, s System, q Query, want *Result, runs int, budget time.Duration) (Timing, Result) {
	text := q.SQL(s.Dialect())
	cpu := serverCPU(s)
	res, took, err := runOnce(ctx, s, text, nil, readModeOf(q))
	switch {
	case errors.Is(err, ErrTimeout):
		return Timing{TimedOut: true}, res
	case err != nil:
		return Timing{Err: err.Error()}, res
	case want != nil:
		if q.Reconcile != nil {
			q.Reconcile(want, &res)
		}
		if d := DiffTol(*want, res, q.RelTol); d != "" {
			return Timing{Mismatch: d}, res
		}
	}
	if took > budget {
		return Timing{Median: took, Runs: 1, CPU: serverCPU(s) - cpu}, res
	}
	collectGarbage()
	cpu = serverCPU(s)
	var samples []time.Duration
	var spent time.Duration
	for len(samples) < runs && (len(samples) == 0 || spent < budget) {
		_, took, err := runOnce(ctx, s, text, nil, drain)
		if errors.Is(err, ErrTimeout) {
			return Timing{TimedOut: true}, res
		} else if err != nil {
			return Timing{Err: err.Error()}, res
		}
		samples = append(samples, took)
		spent += took
	}
	cpu = (serverCPU(s) - cpu) / time.Duration(len(samples))
	return Timing{Median: median(samples), Runs: len(samples), CPU: cpu}, res
}

// collectGarbage runs the harness's own garbage collection before a
// system is timed: the harness holds the results it compared (a million
// rows of cells for Q1 and Q2, from every system), and a collection of
// them during the timed runs would land in the samples of whichever
// system happens to be measured — on two cores, in a handful of single
// lookups, which is what a p99 is made of.
func collectGarbage() { runtime.GC() }

// checkLookups compares Q6 for each customer id with the reference
// results want (nil want: compute and return them). A budget > 0 stops
// it early, after at least one lookup, once that much time is spent (a
// system that scans the table per lookup is checked on fewer customers).
func checkLookups(ctx context.Context, s System, q Query, ids []int64, want []Result, budget time.Duration) ([]Result, string, error) {
	var got []Result
	var spent time.Duration
	for i, id := range ids {
		if budget > 0 && i > 0 && spent > budget {
			break
		}
		res, took, err := runOnce(ctx, s, q.SQL(s.Dialect()), []any{id}, collectSorted)
		spent += took
		if err != nil {
			return nil, "", fmt.Errorf("customer %d: %w", id, err)
		}
		if want != nil {
			if d := Diff(want[i], res); d != "" {
				return nil, fmt.Sprintf("customer %d: %s", id, d), nil
			}
		}
		got = append(got, res)
	}
	return got, "", nil
}

// timeLookups runs Q6 once per id on one session as a warm-up, as every
// other query's check run is one (what a lookup decodes stays cached),
// then once more per id timed, each pass stopping early once budget is
// spent, and reports p50/p99 of the timed single-lookup latencies.
func timeLookups(ctx context.Context, s System, q Query, ids []int64, budget time.Duration) Timing {
	text := q.SQL(s.Dialect())
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		return Timing{Err: err.Error()}
	}
	defer conn.Close()
	var lat []time.Duration
	var cpu time.Duration
	for pass := range 2 {
		collectGarbage()
		lat = lat[:0]
		cpu = serverCPU(s)
		var spent time.Duration
		for _, id := range ids {
			if spent > budget {
				break
			}
			took, t := lookupOnce(ctx, s, conn, text, id)
			if t != nil {
				return *t
			}
			if pass == 1 {
				lat = append(lat, took)
			}
			spent += took
		}
	}
	if len(lat) > 0 {
		cpu = (serverCPU(s) - cpu) / time.Duration(len(lat))
	}
	return Timing{Median: median(lat), P50: percentile(lat, 50), P99: percentile(lat, 99), Runs: len(lat), CPU: cpu}
}

// lookupOnce times one lookup; a non-nil Timing reports its failure.
func lookupOnce(ctx context.Context, s System, conn *sql.Conn, text string, id int64) (time.Duration, *Timing) {
	lctx, cancel := ctx, context.CancelFunc(func() {})
	if t := s.Timeout(); t > 0 {
		lctx, cancel = context.WithTimeout(ctx, t)
	}
	defer cancel()
	start := time.Now()
	rows, err := conn.QueryContext(lctx, text, id)
	if err == nil {
		_, err = Drain(rows)
	}
	took := time.Since(start)
	if err != nil {
		if lctx.Err() != nil {
			return took, &Timing{TimedOut: true}
		}
		return took, &Timing{Err: fmt.Sprintf("customer %d: %v", id, err)}
	}
	return took, nil
}
