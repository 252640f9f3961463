package storage

import (
	"container/list"
	"sync"
)

// DefaultChunkCacheBytes is the decoded-chunk cache's budget when
// Options.ChunkCacheBytes is 0.
const DefaultChunkCacheBytes = 2 << 30

// chunkCache keeps decoded column chunks of sealed segments, least
// recently used first out, within a byte budget. Segments are immutable,
// so a decoded chunk stays valid until its table is dropped, truncated or
// replaced (forget). Analytics re-read the same columns query after query;
// decoding them again was half the time of a point lookup and a tenth of
// an aggregate. Cached vectors are shared and read-only.
type chunkCache struct {
	mu      sync.Mutex
	max     int64
	size    int64
	order   *list.List // of *cacheEntry, most recent at the front
	entries map[chunkID]*list.Element
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
}

func newChunkCache(maxBytes int64) *chunkCache {
	return &chunkCache{max: maxBytes, order: list.New(), entries: map[chunkID]*list.Element{}}
}

func (c *chunkCache) get(id chunkID) *Vector {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[id]
	if e == nil {
		return nil
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).v
}

// put adds a decoded chunk, evicting the least recently used ones to stay
// within the budget. A chunk larger than the whole budget is not kept.
func (c *chunkCache) put(id chunkID, v *Vector) {
	size := vectorBytes(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if size > c.max || c.entries[id] != nil {
		return
	}
	for c.size+size > c.max {
		c.remove(c.order.Back())
	}
	c.entries[id] = c.order.PushFront(&cacheEntry{id: id, v: v, size: size})
	c.size += size
}

func (c *chunkCache) remove(e *list.Element) {
	ce := c.order.Remove(e).(*cacheEntry)
	delete(c.entries, ce.id)
	c.size -= ce.size
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
