package storage

import (
	"errors"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// TestChunkCache checks that a second scan reads decoded chunks from the
// cache (same values, counted as hits), that the budget evicts least
// recently used chunks, and that TRUNCATE forgets the table's chunks.
func TestChunkCache(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 100)
	defer s.Close()
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 500)
	sum := func() int64 {
		var total int64
		err := tbl.Snapshot().Scan(ScanRequest{Columns: []int{0}}, func(b *Batch) error {
			b.Each(func(i int) { total += b.Cols[0].Ints[i] })
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	want := int64(499 * 500 / 2)
	hits := s.Counters().ChunkCacheHits.Load()
	if got := sum(); got != want {
		t.Fatalf("first scan sum %d, want %d", got, want)
	}
	if d := s.Counters().ChunkCacheHits.Load() - hits; d != 0 {
		t.Fatalf("first scan: %d cache hits, want 0", d)
	}
	if got := sum(); got != want {
		t.Fatalf("cached scan sum %d, want %d", got, want)
	}
	if d := s.Counters().ChunkCacheHits.Load() - hits; d != 5 {
		t.Fatalf("second scan: %d cache hits, want 5 (one column of five segments)", d)
	}
	if err := s.TruncateTable("d", tbl.Def().Name); err != nil {
		t.Fatal(err)
	}
	if n := len(s.cache.entries); n != 0 {
		t.Fatalf("%d chunks cached after TRUNCATE", n)
	}
}

func TestChunkCacheBudget(t *testing.T) {
	v := func(n int) *Vector { return &Vector{Kind: KindInt, N: n, Ints: make([]int64, n)} }
	c := newChunkCache(3 * vectorBytes(v(100)))
	for seg := uint32(0); seg < 3; seg++ {
		c.put(chunkID{1, seg, 1}, v(100))
	}
	c.get(chunkID{1, 0, 1}) // 0 is hot now; 1 and 2 are on probation, 2 added last
	c.put(chunkID{1, 3, 1}, v(100))
	if c.get(chunkID{1, 2, 1}) != nil || c.get(chunkID{1, 0, 1}) == nil || c.get(chunkID{1, 1, 1}) == nil || c.get(chunkID{1, 3, 1}) == nil {
		t.Fatal("a full cache did not make room from the chunk on probation added last")
	}
	if c.size > c.max {
		t.Fatalf("size %d over budget %d", c.size, c.max)
	}
	c.put(chunkID{2, 0, 1}, v(1000)) // larger than the whole budget: not kept
	if c.get(chunkID{2, 0, 1}) != nil {
		t.Fatal("a chunk over the budget was cached")
	}
}

// limitedMemory is a budget of limit bytes shared by the cache (through
// it) and others (other), like the server's pool: Reserve fails when the
// two together would pass the limit.
type limitedMemory struct {
	limit, used, other, peak int64
}

func (m *limitedMemory) Reserve(n int64) error {
	if m.used+m.other+n > m.limit {
		return errors.New("over budget")
	}
	m.used += n
	m.peak = max(m.peak, m.used+m.other)
	return nil
}

func (m *limitedMemory) Release(n int64) { m.used -= n }

// TestChunkCacheChargesMemory: with a budget, the cache charges every
// byte it keeps and releases every byte it drops (eviction, forget,
// shrink), never holds more than the budget has free, evicts its own
// least recently used chunks when the budget is full, keeps nothing when
// others hold the whole budget, and gives bytes back on demand (the
// budget's reclaimer).
func TestChunkCacheChargesMemory(t *testing.T) {
	v := func(n int) *Vector { return &Vector{Kind: KindInt, N: n, Ints: make([]int64, n)} }
	chunk := vectorBytes(v(100))
	mem := &limitedMemory{limit: 3 * chunk}
	c := newChunkCache(10 * chunk) // the cache's own cap is above the budget
	c.fixed = true
	c.setMemory(mem, 0)
	check := func(step string) {
		t.Helper()
		if mem.used != c.size || mem.used+mem.other > mem.limit || c.size > c.max {
			t.Fatalf("%s: cache holds %d, charged %d, others %d, budget %d", step, c.size, mem.used, mem.other, mem.limit)
		}
	}
	for seg := uint32(0); seg < 3; seg++ {
		c.put(chunkID{1, seg, 1}, v(100))
	}
	check("three chunks")
	if len(c.entries) != 3 {
		t.Fatalf("%d chunks cached in a budget of three", len(c.entries))
	}
	c.get(chunkID{1, 0, 1}) // 0 is hot now; 2 is the probation chunk added last
	c.put(chunkID{1, 3, 1}, v(100))
	check("a fourth chunk in a full budget")
	if c.get(chunkID{1, 2, 1}) != nil || c.get(chunkID{1, 0, 1}) == nil || c.get(chunkID{1, 3, 1}) == nil {
		t.Fatal("a full budget did not evict the probation chunk added last")
	}

	// Statements take memory back: the reclaimer frees at least what
	// they ask for, least recently used first.
	if freed := c.shrink(chunk / 2); freed != chunk || len(c.entries) != 2 {
		t.Fatalf("shrink(%d) freed %d, %d chunks left", chunk/2, freed, len(c.entries))
	}
	check("after shrink")
	mem.other = mem.limit - mem.used // others now hold the rest of the budget
	c.put(chunkID{1, 4, 1}, v(100))  // evicts one of the cache's own to fit
	check("put into a budget others fill")
	mem.other = mem.limit // others hold all of it: nothing can be kept
	c.shrink(mem.used)
	c.put(chunkID{1, 5, 1}, v(100))
	check("put into a budget others hold")
	if len(c.entries) != 0 {
		t.Fatalf("%d chunks cached with no budget free", len(c.entries))
	}

	mem.other = 0
	for seg := uint32(6); seg < 8; seg++ {
		c.put(chunkID{2, seg, 1}, v(100))
	}
	c.forget(2)
	check("after forget")
	if mem.used != 0 || mem.peak > mem.limit {
		t.Fatalf("forget left %d bytes charged; peak %d of %d", mem.used, mem.peak, mem.limit)
	}
	c.put(chunkID{3, 0, 1}, v(100))
	c.setMemory(nil, 0) // a new budget starts empty; the old one gets its bytes back
	if mem.used != 0 || len(c.entries) != 0 {
		t.Fatalf("setMemory(nil): %d charged, %d cached", mem.used, len(c.entries))
	}
}

// TestChunkCacheResistsScans: a scan repeated over more chunks than the
// cache holds hits in every pass after the first (least recently used
// would never hit: each chunk is evicted just before the next pass needs
// it); chunks read again stay while a one-off scan of as many new chunks
// passes; and chunks nobody reads again give way to a new working set
// within two generations.
func TestChunkCacheResistsScans(t *testing.T) {
	v := func() *Vector { return &Vector{Kind: KindInt, N: 100, Ints: make([]int64, 100)} }
	const capacity, loop = 8, 12
	c := newChunkCache(capacity * vectorBytes(v()))
	pass := func(tid uint64, from, to uint32) (hits int) {
		for seg := from; seg < to; seg++ {
			id := chunkID{tid, seg, 1}
			if c.get(id) != nil {
				hits++
				continue
			}
			c.put(id, v())
		}
		return hits
	}
	pass(1, 0, loop)
	for i := 2; i <= 4; i++ {
		if hits := pass(1, 0, loop); hits < capacity/2 {
			t.Fatalf("pass %d of a %d-chunk scan through a %d-chunk cache: %d hits", i, loop, capacity, hits)
		}
	}
	if c.size > c.max || c.hotSize > int64(hotShare*float64(c.max)) {
		t.Fatalf("size %d (hot %d) over budget %d", c.size, c.hotSize, c.max)
	}
	pass(2, 0, 4*capacity) // a one-off scan of other chunks
	if hits := pass(1, 0, loop); hits < capacity/2 {
		t.Fatalf("after a one-off scan: %d hits, want the hot chunks kept", hits)
	}
	// A new working set that fits replaces chunks that are not read any
	// more, within two generations (of eight chunks each) of puts.
	for i := 0; i < 8; i++ {
		pass(3, 0, capacity/2)
	}
	if hits := pass(3, 0, capacity/2); hits != capacity/2 {
		t.Fatalf("a new working set of %d chunks: %d hits", capacity/2, hits)
	}
}

// TestChunkCacheSizedByBudget: without Options.ChunkCacheBytes the cache
// may fill half the server's budget, never less than the default.
func TestChunkCacheSizedByBudget(t *testing.T) {
	c := newChunkCache(DefaultChunkCacheBytes)
	mem := &limitedMemory{limit: 1 << 40}
	c.setMemory(mem, 16<<30)
	if c.max != 8<<30 {
		t.Fatalf("cache of %d bytes under a 16 GiB budget, want 8 GiB", c.max)
	}
	c.setMemory(mem, 1<<30)
	if c.max != DefaultChunkCacheBytes {
		t.Fatalf("cache of %d bytes under a 1 GiB budget, want the default", c.max)
	}
	c.fixed, c.max = true, 1<<20
	c.setMemory(mem, 16<<30)
	if c.max != 1<<20 {
		t.Fatalf("a fixed cache size was changed to %d", c.max)
	}
}
