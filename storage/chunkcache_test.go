package storage

import (
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
	c.get(chunkID{1, 0, 1}) // 1 is now the least recently used
	c.put(chunkID{1, 3, 1}, v(100))
	if c.get(chunkID{1, 1, 1}) != nil || c.get(chunkID{1, 0, 1}) == nil || c.get(chunkID{1, 3, 1}) == nil {
		t.Fatal("eviction is not least-recently-used")
	}
	if c.size > c.max {
		t.Fatalf("size %d over budget %d", c.size, c.max)
	}
	c.put(chunkID{2, 0, 1}, v(1000)) // larger than the whole budget: not kept
	if c.get(chunkID{2, 0, 1}) != nil {
		t.Fatal("a chunk over the budget was cached")
	}
}
