package sqlfn

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// flightsRun starts n calls of key on f with fn, once the first has
// started computing; it returns their results when all have returned.
// start is closed when the first call's fn runs.
func flightsRun(f *Flights, n int, key string, first, rest func() (any, error)) ([]any, []error) {
	vals, errs := make([]any, n), make([]error, n)
	var wg sync.WaitGroup
	started := make(chan struct{})
	wg.Add(n)
	go func() {
		defer wg.Done()
		vals[0], errs[0] = f.Do(context.Background(), key, func() (any, error) {
			close(started)
			return first()
		})
	}()
	<-started
	for i := 1; i < n; i++ {
		go func() {
			defer wg.Done()
			vals[i], errs[i] = f.Do(context.Background(), key, rest)
		}()
	}
	wg.Wait()
	return vals, errs
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// Eight concurrent calls of one key compute once and all get the
// computation's answer; an answer that is an error other than a stop is
// shared too; a stopped computation is not: the waiting calls compute.
func TestFlightsShareOneComputation(t *testing.T) {
	errArg := ErrArg("fn", "bad argument")
	for _, c := range []struct {
		name      string
		first     error // the first computation's error
		wantErr   error // what the other calls get
		wantAgain bool  // the others compute again
	}{
		{"answer", nil, nil, false},
		{"error", errArg, errArg, false},
		{"stopped", context.Canceled, nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var f Flights
			release := make(chan struct{})
			go func() { waitFor(t, "7 waiting calls", func() bool { return f.Waiting() == 7 }); close(release) }()
			first := func() (any, error) {
				<-release
				if c.first != nil {
					return nil, c.first
				}
				return 42, nil
			}
			rest := func() (any, error) { return 42, nil }
			runs0, joins0 := ShareCounts()
			vals, errs := flightsRun(&f, 8, "k", first, rest)
			if runs1, joins1 := ShareCounts(); runs1-runs0 != f.Runs() || joins1-joins0 != f.Joins() {
				t.Errorf("ShareCounts moved by %d runs and %d joins; this Flights counted %d and %d",
					runs1-runs0, joins1-joins0, f.Runs(), f.Joins())
			}
			for i := 1; i < 8; i++ {
				if !errors.Is(errs[i], c.wantErr) || (c.wantErr == nil && vals[i] != 42) {
					t.Errorf("call %d: %v, %v; want 42, %v", i, vals[i], errs[i], c.wantErr)
				}
			}
			runs := f.Runs()
			if again := runs > 1; again != c.wantAgain || runs+f.Joins() != 8 {
				t.Errorf("%d computations, %d joins; want computing again: %v, 8 calls in all", runs, f.Joins(), c.wantAgain)
			}
			if f.Waiting() != 0 {
				t.Errorf("%d calls still counted as waiting", f.Waiting())
			}
		})
	}
}

// A waiting call stops waiting when its own context ends; calls with an
// empty key never share.
func TestFlightsWaitStopsAndEmptyKey(t *testing.T) {
	var f Flights
	release := make(chan struct{})
	go f.Do(context.Background(), "k", func() (any, error) { <-release; return 1, nil })
	waitFor(t, "the first computation", func() bool { return f.Runs() == 1 })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, err := f.Do(ctx, "k", func() (any, error) { return 2, nil }); done <- err }()
	waitFor(t, "a waiting call", func() bool { return f.Waiting() == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled waiting call: %v, want context.Canceled", err)
	}
	close(release)
	var g Flights
	for i := range 3 {
		if v, _ := g.Do(context.Background(), "", func() (any, error) { return i, nil }); v != i {
			t.Fatalf("empty key: got %v, want %d", v, i)
		}
	}
	if g.Runs() != 3 || g.Joins() != 0 {
		t.Fatalf("empty key: %d runs, %d joins; want 3, 0", g.Runs(), g.Joins())
	}
}

// A computation whose reads changed before its waiting calls took its
// result (current reports false) is not shared: the waiting calls compute
// again, one of them for all, and get the new answer.
func TestFlightsStaleResultComputedAgain(t *testing.T) {
	var f Flights
	first, second := make(chan struct{}), make(chan struct{})
	go func() {
		waitFor(t, "3 calls waiting for the first", func() bool { return f.Waiting() == 3 })
		close(first)
		waitFor(t, "2 calls waiting for the second", func() bool { return f.Runs() == 2 && f.Waiting() == 2 })
		close(second)
	}()
	compute := func(answer int, hold chan struct{}, current bool) func() (any, func() bool, error) {
		return func() (any, func() bool, error) {
			<-hold
			return answer, func() bool { return current }, nil
		}
	}
	vals := make([]any, 4)
	var wg sync.WaitGroup
	wg.Add(4)
	go func() {
		defer wg.Done()
		vals[0], _ = f.do(context.Background(), "k", compute(1, first, false))
	}()
	waitFor(t, "the first computation", func() bool { return f.Runs() == 1 })
	for i := 1; i < 4; i++ {
		go func() {
			defer wg.Done()
			vals[i], _ = f.do(context.Background(), "k", compute(2, second, true))
		}()
	}
	wg.Wait()
	if vals[0] != 1 {
		t.Errorf("the first call got %v, want its own 1", vals[0])
	}
	for i := 1; i < 4; i++ {
		if vals[i] != 2 {
			t.Errorf("call %d got %v, want 2 (computed again)", i, vals[i])
		}
	}
	if f.Runs() != 2 || f.Joins() != 2 {
		t.Errorf("%d computations, %d joins; want 2 and 2", f.Runs(), f.Joins())
	}
}
