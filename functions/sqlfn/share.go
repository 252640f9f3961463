package sqlfn

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
)

// Flights runs one computation for concurrent statements that ask for
// the same thing. Ten dashboards opening at once each run rfm(): without
// it each reads every order and builds its own per-customer facts, ten
// times the memory and the cores of one. With it the first statement
// computes and the others wait for its result and share it (a result is
// never mutated after it is returned).
//
// What is "the same thing" is the key, which Share builds: the
// statements' privileges, every session setting, the function and its
// arguments, and either the data version (ShareKey) or, with an Env
// that tracks its reads, nothing of the data: a waiting statement then
// takes the result only if what the computation read is unchanged. A
// key of "" is never shared.
//
// A computation that stopped with its own statement — KILL QUERY,
// max_execution_time, its memory limit (Stopped) — is not shared: a
// waiting statement then computes for itself (under its own limit and
// context). A waiting statement stops waiting when its own context ends.
// Results are not kept once the computation has returned: Flights is a
// meeting point of concurrent statements, not a cache.
//
// The zero value is ready for use; safe for concurrent use.
type Flights struct {
	mu      sync.Mutex
	calls   map[string]*flight
	runs    atomic.Int64 // computations started
	joins   atomic.Int64 // statements served by another's computation
	waiting atomic.Int64 // statements waiting for another's computation
}

// allRuns and allJoins count Runs and Joins of every Flights, for
// cohortdb_counters().
var allRuns, allJoins atomic.Int64

// ShareCounts are the computations every Flights started and the calls
// served by another's computation, since the process started.
func ShareCounts() (runs, joins int64) { return allRuns.Load(), allJoins.Load() }

type flight struct {
	done chan struct{} // closed when v, err and current are set
	v    any
	err  error
	// current, when set, reports whether what the computation read is
	// still as it read it; a waiting call takes the result only then.
	current func() bool
}

// Do returns fn's result for key, running fn unless a computation of key
// is already running, whose result it then waits for and returns.
func (f *Flights) Do(ctx context.Context, key string, fn func() (any, error)) (any, error) {
	return f.do(ctx, key, func() (any, func() bool, error) {
		v, err := fn()
		return v, nil, err
	})
}

// do is Do for a computation that also returns whether its result is
// still current (nil: always); a waiting call whose leader's result is
// no longer current computes again (or joins a new leader).
func (f *Flights) do(ctx context.Context, key string, fn func() (any, func() bool, error)) (any, error) {
	if key == "" {
		f.runs.Add(1)
		allRuns.Add(1)
		v, _, err := fn()
		return v, err
	}
	for {
		f.mu.Lock()
		c, running := f.calls[key]
		if !running {
			c = &flight{done: make(chan struct{})}
			if f.calls == nil {
				f.calls = map[string]*flight{}
			}
			f.calls[key] = c
		}
		f.mu.Unlock()
		if !running {
			return f.lead(key, c, fn)
		}
		f.waiting.Add(1)
		select {
		case <-c.done:
			f.waiting.Add(-1)
		case <-ctx.Done():
			f.waiting.Add(-1)
			return nil, ctx.Err()
		}
		if (c.err == nil || !Stopped(c.err)) && (c.current == nil || c.current()) {
			f.joins.Add(1)
			allJoins.Add(1)
			return c.v, c.err
		}
		// The leader's statement stopped, or what it read changed since:
		// compute (or join a new leader).
	}
}

// lead runs fn as key's computation and hands its result to those
// waiting (also when fn panics: they see an error, the panic goes on).
func (f *Flights) lead(key string, c *flight, fn func() (any, func() bool, error)) (v any, err error) {
	f.runs.Add(1)
	allRuns.Add(1)
	var current func() bool
	defer func() {
		if r := recover(); r != nil {
			c.err = fmt.Errorf("shared computation panicked: %v", r)
			f.finish(key, c)
			panic(r)
		}
		c.v, c.err, c.current = v, err, current
		f.finish(key, c)
	}()
	v, current, err = fn()
	return v, err
}

func (f *Flights) finish(key string, c *flight) {
	f.mu.Lock()
	delete(f.calls, key)
	f.mu.Unlock()
	close(c.done)
}

// Runs is how many computations Do has started.
func (f *Flights) Runs() int64 { return f.runs.Load() }

// Joins is how many calls of Do returned another's result.
func (f *Flights) Joins() int64 { return f.joins.Load() }

// Waiting is how many calls of Do are waiting for another's computation.
func (f *Flights) Waiting() int64 { return f.waiting.Load() }

// ShareKey is the key under which statements share fn(args): env's
// ShareScope — the data version, privileges and session settings the
// statement runs with — then the function and its arguments. "" (never
// shared) when env has no scope, e.g. inside a transaction that sees
// data no other statement does.
func ShareKey(env Env, fn string, args []any) string {
	scope := env.ShareScope()
	if scope == "" {
		return ""
	}
	return fmt.Sprintf("%s\x00%s\x00%#v", scope, fn, args)
}

// ReadTracking is implemented by an Env that records what a computation
// reads through it, so that statements can share a computation across
// writes to what it did not read.
type ReadTracking interface {
	// TrackedScope is ShareScope without the data version: the
	// caller's privileges, current database and session settings; ""
	// (never shared) as for ShareScope.
	TrackedScope() string
	// TrackReads records what the Env reads from now on, until stop is
	// called; stop returns a check, safe to call from any goroutine,
	// that reports whether everything read since is still as it was
	// read.
	TrackReads() (stop func() (current func() bool))
}

// Share is f.Do of fn, fn(args) of the function name, for the concurrent
// statements that would compute the same. With an Env that tracks its
// reads, the data version is left out of the key: a statement may join a
// computation that began before a write, and takes its result when
// nothing the computation read has changed since it read it (a write to
// a table it did not read does not count), else computes anew. Other
// Envs share by ShareKey.
func Share(ctx context.Context, f *Flights, env Env, name string, args []any, fn func() (any, error)) (any, error) {
	rt, ok := env.(ReadTracking)
	if !ok {
		return f.Do(ctx, ShareKey(env, name, args), fn)
	}
	key := ""
	if scope := rt.TrackedScope(); scope != "" {
		key = fmt.Sprintf("%s\x00%s\x00%#v", scope, name, args)
	}
	return f.do(ctx, key, func() (any, func() bool, error) {
		stop := rt.TrackReads()
		v, err := fn()
		return v, stop(), err
	})
}

// RowsFunc is a TableFunction's Rows.
type RowsFunc = func(ctx *sql.Context, env Env, args []any) ([]sql.Row, error)

// SharedRows wraps table function name's rows so that concurrent
// statements of one scope asking for the same arguments compute them
// once on f. Each statement gets its own slice of the shared rows (the
// engine may sort it); the rows themselves are never mutated.
func SharedRows(f *Flights, name string, rows RowsFunc) RowsFunc {
	return func(ctx *sql.Context, env Env, args []any) ([]sql.Row, error) {
		v, err := Share(ctx, f, env, name, args, func() (any, error) { return rows(ctx, env, args) })
		if err != nil {
			return nil, err
		}
		return slices.Clone(v.([]sql.Row)), nil
	}
}
