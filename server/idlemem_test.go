package server

import (
	"log/slog"
	"runtime"
	"testing"
	"time"
)

var idleSink [][]byte

// After a command that left garbage on the heap, an idle server returns
// it to the OS once (and not again while nothing runs).
func TestIdleMemoryReturned(t *testing.T) {
	m := newIdleMemory(slog.New(slog.DiscardHandler))
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
