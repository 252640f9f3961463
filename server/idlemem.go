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
// quiet period; an idle server pays nothing. Once none has run for
// idleCacheAfter it also empties what is kept for reuse — the decoded
// chunk cache and the executor's kept arrays (drop) — and returns that
// too: after a load test they held most of what the idle server kept
// (the next statement decodes its chunks again). Pebble's block cache,
// outside the Go heap, stays (a sixteenth of the budget at most).
//
// The Go runtime's soft memory limit comes from the server's budget
// (budget.go).

const (
	idleMemoryTick  = 250 * time.Millisecond
	idleMemoryAfter = time.Second
	idleMemoryMin   = 32 << 20
	idleCacheAfter  = 10 * time.Second
)

type idleMemory struct {
	running atomic.Int64 // commands running
	ended   atomic.Int64 // commands ended (a generation)
	log     *slog.Logger
	stop    chan struct{}
	// drop empties the caches kept for reuse and returns the bytes
	// freed (nil: none).
	drop       func() int64
	cacheAfter time.Duration // idleCacheAfter (tests shorten it)
	// released counts returns to the OS, dropped cache drops (tests,
	// logs).
	released, dropped atomic.Int64
}

func newIdleMemory(log *slog.Logger, drop func() int64) *idleMemory {
	m := &idleMemory{log: log, drop: drop, cacheAfter: idleCacheAfter, stop: make(chan struct{})}
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
	q := quietPeriod{seen: -1, released: -1, dropped: -1}
	for {
		select {
		case <-m.stop:
			return
		case now := <-t.C:
			m.tick(&q, now)
		}
	}
}

// quietPeriod is what the loop knows of the commands: the generation
// (commands ended) seen last and since when, and the generations after
// which it last returned the heap and dropped the caches.
type quietPeriod struct {
	seen, released, dropped int64
	since                   time.Time
	base                    int64 // the live heap after the last return
}

func (m *idleMemory) tick(q *quietPeriod, now time.Time) {
	gen := m.ended.Load()
	if m.running.Load() != 0 || gen != q.seen {
		q.seen, q.since = gen, now
		return
	}
	idle := now.Sub(q.since)
	if gen != q.released && idle >= idleMemoryAfter {
		q.released = gen
		if heap := heapBytes(); heap-q.base >= idleMemoryMin {
			debug.FreeOSMemory()
			q.base = liveBytes()
			m.released.Add(1)
			m.log.Debug("idle: heap memory returned to the OS", "heap", heap, "live", q.base)
		}
	}
	if m.drop != nil && gen != q.dropped && idle >= m.cacheAfter {
		q.dropped = gen
		if freed := m.drop(); freed > 0 {
			debug.FreeOSMemory()
			q.base = liveBytes()
			m.dropped.Add(1)
			m.log.Debug("idle: caches dropped and returned to the OS", "freed", freed, "live", q.base)
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
