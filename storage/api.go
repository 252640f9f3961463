package storage

import (
	"log/slog"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// Options configures Open.
type Options struct {
	// FS is the file system; nil means the operating system's. Tests use
	// vfs.NewMem() or vfs.NewCrashableMem().
	FS vfs.FS
	// SegmentRows is the number of rows at which the write buffer is sealed
	// into an immutable segment. 0 means MaxSegmentRows. Tests use small
	// values to get many segments from little data.
	SegmentRows int
	// CacheBytes sizes Pebble's block cache; 0 means 256 MiB.
	CacheBytes int64
	// ChunkCacheBytes sizes the cache of decoded column chunks scans and
	// point reads share; 0 means DefaultChunkCacheBytes.
	ChunkCacheBytes int64
	// DiskReserve is the free space (bytes) writes leave on the data
	// directory's file system; a write that would go below it fails with
	// ErrDiskFull. 0 means a twentieth of the file system, within 8 MiB
	// and 256 MiB.
	DiskReserve int64
	// Logger receives storage errors (a failing disk); nil discards them.
	Logger *slog.Logger
}

// Counters count the work scans do, so tests can assert that a query read
// only what it needed (never timing). All fields only ever grow.
type Counters struct {
	ChunksDecoded   atomic.Int64 // column chunks (one column of one segment) read: decoded, or found in the chunk cache
	ChunkCacheHits  atomic.Int64 // of those, found already decoded in the chunk cache
	SegmentsScanned atomic.Int64 // sealed segments visited by a scan
	SegmentsSkipped atomic.Int64 // sealed segments skipped by ScanRequest.Prune
	RowsScanned     atomic.Int64 // live rows handed to scan callbacks
	Commits         atomic.Int64 // transactions committed
	IndexReads      atomic.Int64 // bitmap-index chunks read from disk (cache misses)
	SegmentsWritten atomic.Int64 // segments sealed, bulk-loaded or written by compaction
	Compactions     atomic.Int64 // compactions that swapped new segments in
	SegmentsFreed   atomic.Int64 // retired segments whose chunks were deleted
}

// Values returns the counters by name, for display.
func (c *Counters) Values() map[string]int64 {
	return map[string]int64{
		"chunks_decoded":   c.ChunksDecoded.Load(),
		"chunk_cache_hits": c.ChunkCacheHits.Load(),
		"segments_scanned": c.SegmentsScanned.Load(),
		"segments_skipped": c.SegmentsSkipped.Load(),
		"rows_scanned":     c.RowsScanned.Load(),
		"commits":          c.Commits.Load(),
		"index_reads":      c.IndexReads.Load(),
		"segments_written": c.SegmentsWritten.Load(),
		"compactions":      c.Compactions.Load(),
		"segments_freed":   c.SegmentsFreed.Load(),
	}
}

// PartKind says where a Part's rows live.
type PartKind uint8

const (
	PartSegment PartKind = iota // a sealed, immutable segment: zone maps known
	PartBuffer                  // the table's committed write buffer
	PartTxn                     // rows inserted by the reading transaction, not yet committed
)

// Part is one independently scannable piece of a snapshot: a sealed
// segment, the write buffer, or (in a transaction's view) a chunk of the
// transaction's own inserts. Parts can be scanned in parallel.
type Part struct {
	Kind PartKind
	Seg  uint32 // segment number; RowIDs of the part are MakeRowID(Seg, pos)
	Rows int    // physical rows, including deleted ones
	Live int    // rows not deleted
	// Zones holds one zone map per column ordinal of the snapshot's TableDef
	// for PartSegment; nil otherwise.
	Zones []ZoneMap
}

// ScanRequest says what a scan reads.
type ScanRequest struct {
	// Columns are the ordinals to decode, in the order Batch.Cols returns
	// them. nil means every column; an empty non-nil slice decodes none
	// (useful for COUNT(*)).
	Columns []int
	// Prune, if set, is asked about each sealed segment before any column is
	// read; returning true skips the segment.
	Prune func(p *Part) bool
	// Filter, if set, restricts each part to the returned positions
	// (nil result: no restriction; empty bitmap: skip the part).
	Filter func(p *Part) *roaring.Bitmap
}

// Batch is the set of rows of one Part handed to a scan callback. Rows are
// positions 0..N-1; Sel lists the positions that are live (not deleted, and
// passing ScanRequest.Filter) in increasing order, or is nil when all N are.
// Batch and its vectors are reused after the callback returns.
type Batch struct {
	Part *Part
	N    int
	Sel  []uint32
	Cols []*Vector
}

// RowID returns the id of position pos.
func (b *Batch) RowID(pos int) RowID { return MakeRowID(b.Part.Seg, uint16(pos)) }

// Live returns the number of live rows in the batch.
func (b *Batch) Live() int {
	if b.Sel == nil {
		return b.N
	}
	return len(b.Sel)
}

// Each calls fn with every live position of the batch, in order.
func (b *Batch) Each(fn func(pos int)) {
	if b.Sel == nil {
		for i := 0; i < b.N; i++ {
			fn(i)
		}
		return
	}
	for _, p := range b.Sel {
		fn(int(p))
	}
}
