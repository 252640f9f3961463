package engine

import (
	"context"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
)

// Background compaction yields to queries in three ways (issue 22: query
// latency within 1.5× while it runs):
//
//   - one table at a time, one merge goroutine and its encoder: at most
//     two of the machine's threads, never a pool;
//   - those threads run at low CPU priority (nice 10 on Linux,
//     lowerThreadPriority), so the kernel runs a query's threads first
//     whenever both want a core;
//   - after every segment written it rests: (1/Duty - 1) times as long as
//     the segment took while the server is idle, (1/BusyDuty - 1) times
//     while statements run (throttle), so it also leaves memory
//     bandwidth and Pebble's write path to them.
//
// OPTIMIZE TABLE is a statement a user waits for: it runs at full speed.

// throttle returns a Pause that rests after the work since its previous
// call — (1/duty - 1) times as long, with busyDuty while busy() — and
// stops when ctx is done.
func throttle(ctx context.Context, duty, busyDuty float64, busy func() bool) func() error {
	last := time.Now()
	return func() error {
		t := time.NewTimer(restAfter(time.Since(last), duty, busyDuty, busy()))
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		last = time.Now()
		return nil
	}
}

// restAfter is the rest after work that keeps the compaction to its
// share of the time: duty idle, busyDuty while statements run.
func restAfter(work time.Duration, duty, busyDuty float64, busy bool) time.Duration {
	if busy {
		duty = busyDuty
	}
	return time.Duration(float64(work) * (1/duty - 1))
}

// statementsRunning reports whether a statement other than background
// compaction's own is running (the process list: every statement over
// the wire, OPTIMIZE TABLE and event runs are in it).
func (e *Engine) statementsRunning() bool {
	for _, p := range e.sql.ProcessList.Processes() {
		if p.Command == sql.ProcessCommandQuery && p.Connection != CompactorConnID {
			return true
		}
	}
	return false
}
