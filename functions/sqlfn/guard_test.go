package sqlfn

import (
	"context"
	"errors"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// A guard stops a pass within CheckEvery rows of its context's end, and
// at the first byte past its account's limit; the stop sticks.
func TestGuardStops(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name  string
		ctx   context.Context
		limit int64
		rows  int   // stepped one at a time
		grow  int64 // bytes grown per row
		stop  int   // the row whose step or growth fails (0: none)
		want  error
	}{
		{"running", context.Background(), 0, 10 * CheckEvery, 100, 0, nil},
		{"cancelled", cancelled, 0, 10 * CheckEvery, 0, CheckEvery, context.Canceled},
		{"over budget", context.Background(), 1000, 100, 100, 11, membudget.ErrExceeded},
	} {
		t.Run(c.name, func(t *testing.T) {
			acct := membudget.NewPool(0).NewAccount(c.limit)
			defer acct.Close()
			g := NewGuard(sql.NewContext(membudget.NewContext(c.ctx, acct)))
			stopped := 0
			for i := 1; i <= c.rows && stopped == 0; i++ {
				if g.Step(1) != nil || g.Grow(c.grow) != nil {
					stopped = i
				}
			}
			if stopped != c.stop || !errors.Is(g.Err(), c.want) && !(c.want == nil && g.Err() == nil) {
				t.Fatalf("stopped at row %d with %v, want row %d with %v", stopped, g.Err(), c.stop, c.want)
			}
			if c.want != nil && !errors.Is(g.Step(1), c.want) {
				t.Fatal("the stop did not stick")
			}
			g.Release()
			if acct.Used() != 0 {
				t.Fatalf("%d bytes held after Release", acct.Used())
			}
			if c.want != nil && !Stopped(g.Err()) {
				t.Fatalf("Stopped(%v) = false", g.Err())
			}
		})
	}
	var none *Guard // unit tests of the math pass no guard
	if none.Step(1<<20) != nil || none.Grow(1<<40) != nil || none.Check() != nil || none.Err() != nil {
		t.Fatal("a nil guard refused something")
	}
	none.Release()
}

// A fork charges the same account from another goroutine and its
// charges go back with its parent's Release; GrowSlice charges the
// capacity an append added (8 bytes an int64), nothing for an append
// within capacity.
func TestGuardForkAndGrowSlice(t *testing.T) {
	acct := membudget.NewPool(0).NewAccount(0)
	defer acct.Close()
	g := NewGuard(sql.NewContext(membudget.NewContext(context.Background(), acct)))
	f := g.Fork()
	done := make(chan error)
	go func() { done <- f.Grow(1000) }()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s := make([]int64, 0, 4)
	old := cap(s)
	s = append(s, 1)
	if err := GrowSlice(g, s, old); err != nil || g.mem.Used() != 0 {
		t.Fatalf("append within capacity charged %d bytes (%v), want 0", g.mem.Used(), err)
	}
	old = cap(s)
	s = append(s, 2, 3, 4, 5)
	if err := GrowSlice(g, s, old); err != nil || g.mem.Used() != int64(8*(cap(s)-old)) {
		t.Fatalf("growth from %d to %d charged %d bytes (%v), want %d", old, cap(s), g.mem.Used(), err, 8*(cap(s)-old))
	}
	if f.mem.Used() != 1000 {
		t.Fatalf("fork charged %d, want 1000", f.mem.Used())
	}
	g.Release()
	if acct.Used() != 0 {
		t.Fatalf("%d bytes held after the parent's Release", acct.Used())
	}
	var none *Guard
	if none.Fork() != nil || GrowSlice(none, s, 0) != nil {
		t.Fatal("a nil guard's fork or GrowSlice refused")
	}
}
