package server

import (
	"log/slog"
	"math"
	"os"
	"runtime/debug"
	"sync"

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
}

func newBudget(pool *membudget.Pool, pebble int64, runtime bool) *budget {
	return &budget{pool: pool, pebble: pebble, runtime: runtime, cur: -1}
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
	}
	return s
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
