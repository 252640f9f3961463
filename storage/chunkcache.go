package storage

import (
	"container/list"
	"sync"
)

// DefaultChunkCacheBytes is the decoded-chunk cache's budget when
// Options.ChunkCacheBytes is 0 and no memory budget is set; with one
// (SetCacheMemory), the cache may grow to half of it, and to at least
// this.
const DefaultChunkCacheBytes = 2 << 30

// chunkCache keeps decoded column chunks of sealed segments within a byte
// budget. Segments are immutable, so a decoded chunk stays valid until its
// table is dropped, truncated or replaced (forget). Analytics re-read the
// same columns query after query; decoding them again was half the time
// of a point lookup and a tenth of an aggregate. Cached vectors are shared
// and read-only.
//
// Replacement resists scans larger than the cache, which plain
// least-recently-used turns into zero hits (each chunk is evicted just
// before the next pass needs it: 106M order lines' columns through a
// 2 GiB cache never hit). A new chunk is on probation until it is read
// again, then hot; hot chunks are kept least recently used first out,
// within hotShare of the cache. To make room the cache drops first
// probation chunks that have gone a whole generation (max bytes of new
// chunks) without a second read, then the probation chunk added last —
// so a scan too large for the cache keeps its first chunks for its next
// pass instead of churning all of them — and only then hot chunks. A
// chunk put aside that way is never stale for long: the next max bytes of
// new chunks age every chunk on probation.
//
// With a Memory (SetCacheMemory: the server-wide budget), every cached
// byte is charged to it before the chunk is kept and released when the
// chunk is evicted or forgotten: the cache holds at most max bytes and
// never more than the budget has free. When the budget is full the cache
// evicts its own chunks to make room, and keeps nothing when it holds
// nothing; the budget's reclaimer (shrink) lets statements take cached
// bytes back in the same way.
//
// Invariants: size is the sum of the entries' sizes and at most max,
// hotSize that of the hot list's; when mem is set, the cache holds size
// bytes of it plus those of puts in progress (an entry is charged before
// it is added, and released when it is removed or when its put loses a
// race).
type chunkCache struct {
	mu      sync.Mutex
	max     int64
	fixed   bool // max was set by Options.ChunkCacheBytes, not the budget
	size    int64
	hotSize int64
	mem     Memory     // nil: no budget beyond max
	hot     *list.List // of *cacheEntry read again since added, most recent at the front
	trial   *list.List // of *cacheEntry on probation, most recently added at the front
	entries map[chunkID]*list.Element
	// added counts the bytes of chunks put; gen = added / max stamps them.
	added int64
}

type chunkID struct {
	tid uint64
	seg uint32
	col uint32
}

type cacheEntry struct {
	id   chunkID
	v    *Vector
	size int64
	hot  bool
	gen  int64 // the generation the chunk was put (or put back on probation) in
}

// hotShare is the part of the cache hot chunks may fill; the rest is room
// for probation, so that new chunks can prove themselves.
const hotShare = 0.75

func newChunkCache(maxBytes int64) *chunkCache {
	return &chunkCache{max: maxBytes, hot: list.New(), trial: list.New(), entries: map[chunkID]*list.Element{}}
}

func (c *chunkCache) get(id chunkID) *Vector {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[id]
	if e == nil {
		return nil
	}
	ce := e.Value.(*cacheEntry)
	if ce.hot {
		c.hot.MoveToFront(e)
		return ce.v
	}
	c.trial.Remove(e)
	ce.hot = true
	c.hotSize += ce.size
	c.entries[id] = c.hot.PushFront(ce)
	for c.hotSize > int64(hotShare*float64(c.max)) && c.hot.Len() > 1 {
		c.demote(c.hot.Back())
	}
	return ce.v
}

// demote puts a hot chunk back on probation, as if just added.
func (c *chunkCache) demote(e *list.Element) {
	ce := c.hot.Remove(e).(*cacheEntry)
	c.hotSize -= ce.size
	ce.hot, ce.gen = false, c.gen()
	c.entries[ce.id] = c.trial.PushFront(ce)
}

func (c *chunkCache) gen() int64 { return c.added / max(c.max, 1) }

// victim is the chunk to evict next (see chunkCache), nil when empty.
func (c *chunkCache) victim() *list.Element {
	if e := c.trial.Back(); e != nil && e.Value.(*cacheEntry).gen < c.gen()-1 {
		return e // stale: a whole generation passed without a second read
	}
	if e := c.trial.Front(); e != nil {
		return e
	}
	return c.hot.Back()
}

// put adds a decoded chunk, evicting others to stay within max and within
// the memory budget. A chunk larger than max, or one the budget has no
// room for even with the cache empty, is not kept.
//
// The budget is charged without mu held: a full budget calls its
// reclaimer, which is shrink, which takes mu.
func (c *chunkCache) put(id chunkID, v *Vector) {
	size := vectorBytes(v)
	c.mu.Lock()
	mem := c.mem
	if size > c.max || c.entries[id] != nil {
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	if mem != nil && !c.charge(mem, size) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mem != mem || c.entries[id] != nil { // the budget changed, or another put won
		if mem != nil {
			mem.Release(size)
		}
		return
	}
	for c.size+size > c.max {
		c.remove(c.victim())
	}
	c.entries[id] = c.trial.PushFront(&cacheEntry{id: id, v: v, size: size, gen: c.gen()})
	c.size += size
	c.added += size
}

// charge reserves size bytes on mem, evicting the cache's own chunks
// while the budget is full; false when it stays full with the cache
// empty.
func (c *chunkCache) charge(mem Memory, size int64) bool {
	for {
		if mem.Reserve(size) == nil {
			return true
		}
		if c.shrink(size) == 0 {
			return false
		}
	}
}

// shrink evicts chunks (in the order put does) until need bytes are freed
// or the cache is empty, and returns the bytes freed (released to the
// budget). It is the budget's reclaimer: statements that need memory take
// it from the cache.
func (c *chunkCache) shrink(need int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var freed int64
	for freed < need && len(c.entries) > 0 {
		freed += c.remove(c.victim())
	}
	return freed
}

// setMemory sets the budget the cache charges (nil: none) and, unless
// Options.ChunkCacheBytes fixed it, the cache's size from the budget's
// limit (limit/2, at least DefaultChunkCacheBytes; 0 and nil: the
// default). The cache is emptied first (its bytes released on the old
// budget): the server sets its budget once, at start-up. No reservation
// is made under mu, since a full budget calls shrink, which takes it.
func (c *chunkCache) setMemory(mem Memory, limit int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.entries) > 0 {
		c.remove(c.victim())
	}
	c.mem = mem
	if !c.fixed {
		c.max = max(DefaultChunkCacheBytes, limit/2)
	}
}

// remove drops e and releases its bytes to the budget; it returns them.
func (c *chunkCache) remove(e *list.Element) int64 {
	ce := e.Value.(*cacheEntry)
	if ce.hot {
		c.hot.Remove(e)
		c.hotSize -= ce.size
	} else {
		c.trial.Remove(e)
	}
	delete(c.entries, ce.id)
	c.size -= ce.size
	if c.mem != nil {
		c.mem.Release(ce.size)
	}
	return ce.size
}

// forget drops cached chunks of a table (on drop/truncate/alter/replace).
func (c *chunkCache) forget(tid uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, e := range c.entries {
		if id.tid == tid {
			c.remove(e)
		}
	}
}

func vectorBytes(v *Vector) int64 {
	n := int64(cap(v.Ints))*8 + int64(cap(v.Floats))*8 + int64(cap(v.Data)) + int64(cap(v.Offsets))*4 + int64(cap(v.Codes))*4 + 64
	if v.Nulls != nil {
		n += int64(v.Nulls.GetSizeInBytes())
	}
	return n
}

// SetCacheMemory makes the decoded-chunk cache charge its bytes to m (the
// server-wide memory budget of limit bytes; nil: none) as it grows and
// release them as it evicts, and sizes it from limit unless
// Options.ChunkCacheBytes did; the cache is emptied first. Register
// ReclaimCache as the budget's reclaimer so that statements needing
// memory shrink the cache.
func (s *Store) SetCacheMemory(m Memory, limit int64) { s.cache.setMemory(m, limit) }

// ReclaimCache evicts decoded chunks (the coldest first) until need bytes
// are freed (released to the budget SetCacheMemory set) or the cache is
// empty, and returns the bytes freed.
func (s *Store) ReclaimCache(need int64) int64 { return s.cache.shrink(need) }

// CacheBytes is what the decoded-chunk cache holds now.
func (s *Store) CacheBytes() int64 {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	return s.cache.size
}

// cachedChunk returns the decoded chunk of one column of a sealed
// segment, from the cache or decoded and added to it. Every call counts
// in chunks_decoded (what the scan needed); hits also in
// chunk_cache_hits.
func (s *Store) cachedChunk(tid uint64, seg uint32, col ColumnDef, rows int) (*Vector, error) {
	id := chunkID{tid, seg, col.ID}
	if v := s.cache.get(id); v != nil {
		s.counters.ChunksDecoded.Add(1)
		s.counters.ChunkCacheHits.Add(1)
		return v, nil
	}
	v := &Vector{}
	if _, err := s.readChunk(v, tid, seg, col, rows, nil); err != nil {
		return nil, err
	}
	s.cache.put(id, v)
	return v, nil
}

// forgetSegments drops cached chunks of the given segments (keys with col
// 0), e.g. segments retired by compaction.
func (c *chunkCache) forgetSegments(segs map[chunkID]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, e := range c.entries {
		if segs[chunkID{tid: id.tid, seg: id.seg}] {
			c.remove(e)
		}
	}
}
