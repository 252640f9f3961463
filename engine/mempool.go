package engine

import (
	"math"
	"runtime/metrics"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/engine/exec"
	"github.com/cohortdb/cohortdb/storage"
)

// The server-wide memory budget (membudget.Pool, --memory-limit) belongs
// to the server, which opens every statement's account on it. Work that
// is no statement's — background compaction, the decoded-chunk cache —
// draws on it through the pool the server hands over with SetMemoryPool; OPTIMIZE TABLE and
// loads charge their statement's account, which draws on the same pool.
// The executor's arrays kept for reuse (exec.SetBufferPool) are charged
// to the pool too, and given up first when a reservation would fail.
// Without a pool (tests, tools) nothing is limited.

// SetMemoryPool sets the server-wide memory budget (nil: none) that
// background compaction draws on and the store's decoded-chunk cache
// charges as it grows: the cache has an account of its own on p, and p's
// reclaimer evicts from it when a statement (or a compaction, or a load)
// would pass the budget, so the cache shrinks under pressure instead of
// failing them.
func (e *Engine) SetMemoryPool(p *membudget.Pool) {
	e.pool.Store(p)
	if p == nil {
		e.store.SetCacheMemory(nil, 0)
		exec.SetBufferPool(nil, defaultBufferPool)
		return
	}
	e.store.SetCacheMemory(p.NewAccount(0), p.Limit())
	keep := int64(defaultBufferPool)
	if lim := p.Limit(); lim > 0 {
		keep = min(keep, lim/8)
	}
	exec.SetBufferPool(p.NewAccount(0), keep)
	p.SetReclaimer(func(need int64) int64 {
		freed := exec.ReclaimBuffers(need) // kept arrays first: cheaper to remake than decoded chunks
		if freed < need {
			freed += e.store.ReclaimCache(need - freed)
		}
		return freed
	})
}

// defaultBufferPool bounds the executor's arrays kept for reuse
// (exec.SetBufferPool): an eighth of the budget, at most this.
const defaultBufferPool = 1 << 30

// memoryPool is the pool SetMemoryPool set, or nil; a nil pool's
// accounts limit nothing.
func (e *Engine) memoryPool() *membudget.Pool { return e.pool.Load() }

// statementMemory is the budget a statement's storage work (a compaction
// for OPTIMIZE TABLE, a load's buffers) charges: the statement's account,
// else an account on the server's pool that done closes.
func (e *Engine) statementMemory(ctx *sql.Context) (m storage.Memory, done func()) {
	if a := membudget.FromContext(ctx); a != nil {
		return a, func() {}
	}
	a := e.memoryPool().NewAccount(0)
	return a, a.Close
}

// DropCaches empties what is kept for reuse rather than for a statement
// — the executor's kept arrays and the decoded-chunk cache — releasing
// their charges, and returns the bytes freed. The server calls it when
// idle, before giving the heap back to the OS.
func (e *Engine) DropCaches() int64 {
	return exec.ReclaimBuffers(math.MaxInt64) + e.store.ReclaimCache(math.MaxInt64)
}

// memoryGauges adds to vals what memory is held now (cohortdb_counters()
// lists them among the counters; unlike those they go down too):
// memory_reserved, what statements, the chunk cache, loads, compaction
// and the executor's kept arrays reserve on the server's budget;
// memory_reservable, the most they may (0: unlimited); chunk_cache_bytes,
// the decoded-chunk cache; go_memory_bytes, what the Go runtime holds
// from the OS (its soft memory limit bounds it).
func (p *Provider) memoryGauges(vals map[string]int64) {
	var pool *membudget.Pool
	if p.memPool != nil {
		pool = p.memPool()
	}
	if pool != nil {
		vals["memory_reserved"] = pool.Used()
		vals["memory_reservable"] = max(pool.Limit(), 0)
	} else {
		vals["memory_reserved"], vals["memory_reservable"] = 0, 0
	}
	vals["chunk_cache_bytes"] = p.store.CacheBytes()
	vals["go_memory_bytes"] = goMemory()
}

// goMemory is what the Go runtime holds from the OS: all its memory
// classes less the pages it has returned.
func goMemory() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64() - s[1].Value.Uint64())
}
