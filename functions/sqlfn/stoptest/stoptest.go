// Package stoptest gives tests a context that is stopped in the middle
// of a loop — KILL QUERY arriving while a fit or a pass runs — without
// any clock: its Err answers nil for a number of looks, then
// context.Canceled, and it counts the looks made after that, so a test
// can bound how much work a loop does once its statement is gone.
package stoptest

import (
	"context"
	"sync"
	"sync/atomic"
)

// Context is cancelled at its trip-th call of Err (never when trip is 0:
// a counter of the looks a computation makes). Safe for concurrent use.
type Context struct {
	context.Context
	trip   int64
	checks atomic.Int64
	once   sync.Once
	done   chan struct{}
}

// After returns a context cancelled at the trip-th look at Err; 0 never
// cancels.
func After(trip int64) *Context {
	return &Context{Context: context.Background(), trip: trip, done: make(chan struct{})}
}

// Err is nil before the trip-th call, context.Canceled from it on.
func (c *Context) Err() error {
	n := c.checks.Add(1)
	if c.trip <= 0 || n < c.trip {
		return nil
	}
	c.once.Do(func() { close(c.done) })
	return context.Canceled
}

// Done is closed once Err has answered context.Canceled.
func (c *Context) Done() <-chan struct{} { return c.done }

// Checks is the number of calls of Err so far.
func (c *Context) Checks() int64 { return c.checks.Load() }

// Late is the number of calls of Err after the one that first answered
// context.Canceled: looks a loop made after it should have stopped.
func (c *Context) Late() int64 {
	if c.trip <= 0 {
		return 0
	}
	return max(0, c.checks.Load()-c.trip)
}

// TripPoints returns up to k looks, spread over 1..total, at which to
// stop a computation that makes total looks when it runs to the end.
func TripPoints(total int64, k int) []int64 {
	var out []int64
	for i := range int64(k) {
		p := 1 + i*(total-1)/max(int64(k-1), 1)
		if len(out) == 0 || p != out[len(out)-1] {
			out = append(out, p)
		}
	}
	return out
}
