package server

import (
	"log/slog"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

var idleSink [][]byte

// After a command that left garbage on the heap, an idle server returns
// it to the OS once (and not again while nothing runs).
func TestIdleMemoryReturned(t *testing.T) {
	m := newIdleMemory(slog.New(slog.DiscardHandler), nil)
	defer m.close()
	end := m.begin()
	for range 128 {
		idleSink = append(idleSink, make([]byte, 1<<20))
	}
	runtime.GC() // the live heap is 128 MiB at the last collection
	idleSink = nil
	end()
	deadline := time.Now().Add(time.Minute) // guards a hang; not a speed bound
	for m.released.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("idle memory never returned")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if h := heapBytes(); h >= 64<<20 {
		t.Fatalf("heap of %d bytes after the return, want the 128 MiB dropped given back", h)
	}
	time.Sleep(4 * idleMemoryAfter)
	if n := m.released.Load(); n != 1 {
		t.Fatalf("returned %d times in one quiet period, want 1", n)
	}
}

// After a longer quiet period the caches kept for reuse are dropped,
// once; a command ends the quiet period, and the next one drops again.
func TestIdleCachesDropped(t *testing.T) {
	var drops atomic.Int64
	m := newIdleMemory(slog.New(slog.DiscardHandler), func() int64 { drops.Add(1); return 1 << 20 })
	m.cacheAfter = 2 * idleMemoryAfter
	defer m.close()
	wait := func(n int64) {
		t.Helper()
		deadline := time.Now().Add(time.Minute) // guards a hang; not a speed bound
		for m.dropped.Load() < n {
			if time.Now().After(deadline) {
				t.Fatalf("caches dropped %d times, want %d", m.dropped.Load(), n)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	m.begin()()
	wait(1)
	time.Sleep(2 * m.cacheAfter)
	if n := drops.Load(); n != 1 {
		t.Fatalf("dropped %d times in one quiet period, want 1", n)
	}
	m.begin()()
	wait(2)
}
