package server

import (
	"log/slog"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// The server's memory budget (cohortdb_memory_limit, --memory-limit)
// bounds the process's resident set: membudget.SplitBudget shares it out
// between what the Go runtime does not manage, Pebble's block cache
// (sized from --memory-limit when the store opens), and the Go runtime's
// soft memory limit, of which the pool statements and caches reserve
// from takes three quarters. SET GLOBAL cohortdb_memory_limit moves the
// pool's limit and the soft limit at the next command (Pebble's cache
// keeps its size); GOMEMLIMIT in the environment, when set, is the soft
// limit instead.

// budget applies a server budget to the pool and to the Go runtime.
type budget struct {
	pool    *membudget.Pool
	pebble  int64 // Pebble's block cache, fixed when the store opened
	runtime bool  // set the Go runtime's soft limit (the server is the process)

	mu  sync.Mutex
	cur int64 // the budget applied; -1 before the first

	measureMu sync.Mutex
	measured  atomic.Int64 // collections remeasure forced
	closed    atomic.Bool  // stop measuring after collections
}

func newBudget(pool *membudget.Pool, pebble int64, runtime bool) *budget {
	b := &budget{pool: pool, pebble: pebble, runtime: runtime, cur: -1}
	if runtime {
		pool.SetRemeasure(b.remeasure)
		b.armAfterGC()
	}
	return b
}

func (b *budget) close() {
	if b != nil {
		b.closed.Store(true)
	}
}

// apply makes limit (bytes, <= 0 unlimited) the budget in effect, if it
// is not already, and returns its split.
func (b *budget) apply(limit int64) membudget.Split {
	limit = max(limit, 0)
	b.mu.Lock()
	defer b.mu.Unlock()
	s := membudget.SplitBudget(limit, b.pebble)
	if limit == b.cur {
		return s
	}
	b.cur = limit
	b.pool.SetSplit(s)
	if b.runtime {
		setSoftMemoryLimit(s)
		b.pool.SetLiveCap(liveCap(s))
	}
	return s
}

// What the collector finds live beyond the reservations counts against
// the budget (membudget/live.go): after every collection the server
// records the live heap less the reservations, and a reservation is
// refused once the reservations and that remainder together would pass
// liveCap, the soft limit less a tenth for the collector to work in.

// liveCap is the most the live heap may hold (0: no cap).
func liveCap(s membudget.Split) int64 {
	if s.Budget <= 0 || softLimitFromEnv {
		return 0
	}
	return s.Soft / 10 * 9
}

// armAfterGC measures after the next collection, and again after each
// one, until close: a finalizer runs once the collection that found its
// object unreachable has swept.
func (b *budget) armAfterGC() {
	s := &gcSentinel{b: b}
	runtime.SetFinalizer(s, func(s *gcSentinel) {
		if s.b.closed.Load() {
			return
		}
		s.b.measure()
		s.b.armAfterGC()
	})
}

type gcSentinel struct {
	b *budget
	_ [16]byte // not a tiny object: those are freed together, late
}

// measure records the live heap of the last collection beyond what is
// reserved.
func (b *budget) measure() {
	b.pool.SetUnaccounted(liveBytes() - b.pool.Used())
}

// remeasure collects garbage and measures, for a reservation the
// measured remainder would refuse. Reservations refused at once share
// one collection: one that waited for another's takes its measurement.
func (b *budget) remeasure() bool {
	gen := b.measured.Load()
	b.measureMu.Lock()
	defer b.measureMu.Unlock()
	if b.measured.Load() == gen {
		runtime.GC()
		b.measure()
		b.measured.Add(1)
	}
	return true
}

// logBudget logs how the budget is shared out (at start).
func logBudget(log *slog.Logger, limit int64) {
	if log == nil {
		return
	}
	if limit <= 0 {
		log.Info("memory budget: unlimited (--memory-limit 0)")
		return
	}
	s := membudget.SplitBudget(limit, membudget.PebbleCache(limit))
	soft := "set from --memory-limit"
	if softLimitFromEnv {
		soft = "GOMEMLIMIT from the environment"
	}
	log.Info("memory budget: the resident set stays within --memory-limit",
		"budget", s.Budget, "go_soft_limit", s.Soft, "go_soft_limit_source", soft,
		"reservable", s.Reservable, "pebble_cache", s.Pebble, "outside_go", s.Outside)
}

// softLimitFromEnv is true when GOMEMLIMIT is set: the runtime read it at
// start and the server leaves it alone.
var softLimitFromEnv = os.Getenv("GOMEMLIMIT") != ""

// setSoftMemoryLimit sets the Go runtime's soft memory limit to s.Soft
// (none for an unlimited budget), at most 90% of the machine's memory,
// unless GOMEMLIMIT is set; it returns the limit set, 0 for none.
func setSoftMemoryLimit(s membudget.Split) int64 {
	if softLimitFromEnv {
		return 0
	}
	if s.Budget <= 0 {
		debug.SetMemoryLimit(math.MaxInt64)
		return 0
	}
	limit := s.Soft
	if sys := membudget.SystemMemory(); sys > 0 {
		limit = min(limit, sys/10*9)
	}
	debug.SetMemoryLimit(limit)
	return limit
}
