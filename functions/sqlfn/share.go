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
// What is "the same thing" is the key, which the caller builds with
// ShareKey: the data as the statements see it, their privileges, every
// session setting, the function and its arguments. A key of "" is never
// shared.
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
	done chan struct{} // closed when v and err are set
	v    any
	err  error
}

// Do returns fn's result for key, running fn unless a computation of key
// is already running, whose result it then waits for and returns.
func (f *Flights) Do(ctx context.Context, key string, fn func() (any, error)) (any, error) {
	if key == "" {
		f.runs.Add(1)
		allRuns.Add(1)
		return fn()
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
		if c.err == nil || !Stopped(c.err) {
			f.joins.Add(1)
			allJoins.Add(1)
			return c.v, c.err
		}
		// The leader's statement stopped: compute (or join a new leader).
	}
}

// lead runs fn as key's computation and hands its result to those
// waiting (also when fn panics: they see an error, the panic goes on).
func (f *Flights) lead(key string, c *flight, fn func() (any, error)) (v any, err error) {
	f.runs.Add(1)
	allRuns.Add(1)
	defer func() {
		if r := recover(); r != nil {
			c.err = fmt.Errorf("shared computation panicked: %v", r)
			f.finish(key, c)
			panic(r)
		}
		c.v, c.err = v, err
		f.finish(key, c)
	}()
	return fn()
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

// RowsFunc is a TableFunction's Rows.
type RowsFunc = func(ctx *sql.Context, env Env, args []any) ([]sql.Row, error)

// SharedRows wraps table function name's rows so that concurrent
// statements of one scope asking for the same arguments compute them
// once on f. Each statement gets its own slice of the shared rows (the
// engine may sort it); the rows themselves are never mutated.
func SharedRows(f *Flights, name string, rows RowsFunc) RowsFunc {
	return func(ctx *sql.Context, env Env, args []any) ([]sql.Row, error) {
		v, err := f.Do(ctx, ShareKey(env, name, args), func() (any, error) { return rows(ctx, env, args) })
		if err != nil {
			return nil, err
		}
		return slices.Clone(v.([]sql.Row)), nil
	}
}
