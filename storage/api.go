package storage

import (
	"log/slog"
	"sync/atomic"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/cohortdb/cohortdb/contract/read"
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
	// CompactHook, when set (tests of other packages), is called at named
	// points of every compaction: "segment-written" after each segment
	// (and its progress report), "before-swap", "after-swap". A hook that
	// blocks holds the compaction there, which is how a test catches one
	// in progress without timing it.
	CompactHook func(point string)
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

// The scan types are the read contract's (contract/read).
type (
	PartKind    = read.PartKind
	Part        = read.Part
	ScanRequest = read.Request
	Batch       = read.Batch
)

const (
	PartSegment = read.PartSegment
	PartBuffer  = read.PartBuffer
	PartTxn     = read.PartTxn
)

// BatchRowID returns the id of position pos of a scanned batch.
func BatchRowID(b *Batch, pos int) RowID { return MakeRowID(b.Part.Seg, uint16(pos)) }
