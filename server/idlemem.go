package server

import (
	"log/slog"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Memory given back when idle.
//
// Go's heap keeps what a large statement allocated: without allocations
// no collection runs, and the background scavenger returns free pages
// only slowly, down to the last heap goal. After a load test the server
// stayed at 5 GB resident while idle. idleMemory watches the commands:
// once none has run for idleMemoryAfter and the heap has grown by
// idleMemoryMin or more past the live heap of its last return, it
// collects and returns what is free (debug.FreeOSMemory), once for that
// quiet period; an idle server pays nothing.
//
// The Go runtime's soft memory limit comes from the server's budget
// (budget.go).

const (
	idleMemoryTick  = 250 * time.Millisecond
	idleMemoryAfter = time.Second
	idleMemoryMin   = 32 << 20
)

type idleMemory struct {
	running atomic.Int64 // commands running
	ended   atomic.Int64 // commands ended (a generation)
	log     *slog.Logger
	stop    chan struct{}
	// released counts returns to the OS (tests, logs).
	released atomic.Int64
}

func newIdleMemory(log *slog.Logger) *idleMemory {
	m := &idleMemory{log: log, stop: make(chan struct{})}
	go m.loop()
	return m
}

// begin marks a command running; the function returned marks it ended.
func (m *idleMemory) begin() func() {
	if m == nil {
		return func() {}
	}
	m.running.Add(1)
	return func() {
		m.ended.Add(1)
		m.running.Add(-1)
	}
}

func (m *idleMemory) close() {
	if m != nil {
		close(m.stop)
	}
}

func (m *idleMemory) loop() {
	t := time.NewTicker(idleMemoryTick)
	defer t.Stop()
	seen, done := int64(-1), int64(-1) // generation seen last; generation released after
	var quiet time.Time
	base := int64(0) // the live heap after the last return
	for {
		select {
		case <-m.stop:
			return
		case now := <-t.C:
			gen := m.ended.Load()
			if m.running.Load() != 0 || gen != seen {
				seen, quiet = gen, now
				continue
			}
			if gen == done || now.Sub(quiet) < idleMemoryAfter {
				continue
			}
			done = gen
			if heap := heapBytes(); heap-base >= idleMemoryMin {
				debug.FreeOSMemory()
				base = liveBytes()
				m.released.Add(1)
				m.log.Debug("idle: heap memory returned to the OS", "heap", heap, "live", base)
			}
		}
	}
}

// heapBytes is the heap the process holds: objects (live or not yet
// swept) and free pages not returned to the OS.
func heapBytes() int64 {
	return readMetrics("/memory/classes/heap/objects:bytes", "/memory/classes/heap/free:bytes")
}

// liveBytes is the heap found live by the last collection.
func liveBytes() int64 { return readMetrics("/gc/heap/live:bytes") }

func readMetrics(names ...string) int64 {
	s := make([]metrics.Sample, len(names))
	for i, n := range names {
		s[i].Name = n
	}
	metrics.Read(s)
	var sum int64
	for _, x := range s {
		if x.Value.Kind() == metrics.KindUint64 {
			sum += int64(x.Value.Uint64())
		}
	}
	return sum
}
