package sqlfn

import (
	"context"
	"errors"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// Guard is what a table function's passes over its data owe their
// statement. They stop soon after it does — KILL QUERY,
// max_execution_time, a client gone — because a pass over tens of
// millions of rows never returns to the engine's own checks. And what
// they build (per-customer maps, sorted arrays, result rows) is charged
// to the statement's memory account as it grows, so data too big for the
// budget fails with 1038 before it is built, not after.
//
// A pass calls Step for the rows it is about to process (once per row or
// once per batch: an addition and a compare; the context is looked at
// every CheckEvery rows) and Grow for bytes it keeps. Both return the
// error that stops the pass and keep it, so a callback that cannot
// return an error leaves it for Err. Not safe for concurrent use; a nil
// *Guard accepts everything (unit tests of the math).
//
// The charges are released by Release, when the function returns and its
// structures are garbage; the engine then charges the rows it keeps.
type Guard struct {
	ctx   context.Context
	acct  *membudget.Account
	mem   *membudget.Tally
	rows  int // rows stepped since the last look at ctx
	err   error
	forks []*Guard // released with this guard
}

// CheckEvery is how many rows a pass processes between looks at its
// context: a look is an atomic load and a branch; 4,096 rows take
// microseconds.
const CheckEvery = 4096

// NewGuard returns the guard of the statement running in ctx.
func NewGuard(ctx *sql.Context) *Guard {
	acct := membudget.FromContext(ctx)
	return &Guard{ctx: ctx, acct: acct, mem: membudget.NewTally(acct)}
}

// Fork returns a guard of the same statement for a pass on another
// goroutine (a Guard is not safe for concurrent use). What the fork
// charges is given back by g's Release. Call Fork on g's goroutine,
// before the other goroutine starts.
func (g *Guard) Fork() *Guard {
	if g == nil {
		return nil
	}
	f := &Guard{ctx: g.ctx, acct: g.acct, mem: membudget.NewTally(g.acct)}
	g.forks = append(g.forks, f)
	return f
}

// Step notes n rows about to be processed and returns the error that
// stops the pass, if any.
func (g *Guard) Step(n int) error {
	if g == nil {
		return nil
	}
	if g.err != nil {
		return g.err
	}
	if g.rows += n; g.rows >= CheckEvery {
		g.rows = 0
		g.err = g.ctx.Err()
	}
	return g.err
}

// Check looks at the context now (before and after a step that cannot
// be interrupted, such as a sort).
func (g *Guard) Check() error {
	if g == nil {
		return nil
	}
	if g.err == nil {
		g.err = g.ctx.Err()
	}
	return g.err
}

// Grow charges n more bytes kept by the pass.
func (g *Guard) Grow(n int64) error {
	if g == nil {
		return nil
	}
	if g.err == nil {
		g.err = g.mem.Add(n)
	}
	return g.err
}

// Row charges a result row as it is appended.
func (g *Guard) Row(r sql.Row) error {
	if g == nil {
		return nil
	}
	return g.Grow(membudget.RowSize(r) + 24) // the row's slot in the result
}

// Err is the error that stopped a pass, or nil.
func (g *Guard) Err() error {
	if g == nil {
		return nil
	}
	return g.err
}

// Release gives back what the pass and its forks charged.
func (g *Guard) Release() {
	if g == nil {
		return
	}
	g.mem.Release()
	for _, f := range g.forks {
		f.Release()
	}
	g.forks = nil
}

// GrowSlice charges the capacity a slice gained by an append: call it
// with the capacity before the append. Appends to a slice sized up
// front (and charged with Grow) cost a comparison.
func GrowSlice[T any](g *Guard, s []T, oldCap int) error {
	if g == nil || cap(s) == oldCap {
		return g.Err()
	}
	var zero T
	return g.Grow(int64(cap(s)-oldCap) * int64(unsafe.Sizeof(zero)))
}

// Sizes charged for entries of Go maps and slices: the key and value
// plus, for a map, its bucket's share (tophash, overflow pointer) at the
// average load.
const (
	MapEntryOverhead = 48 // beyond the key's and value's own bytes
)

// Stopped reports whether err is a statement's stop that must reach the
// client as it is (1317, 3024, 1038) rather than inside another message.
func Stopped(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, membudget.ErrExceeded) || errors.Is(err, membudget.ErrClosed)
}
