package read

import "github.com/RoaringBitmap/roaring/v2"

// PartKind says where a Part's rows live.
type PartKind uint8

const (
	PartSegment PartKind = iota // a sealed, immutable segment: zone maps known
	PartBuffer                  // the table's committed write buffer
	PartTxn                     // rows inserted by the reading transaction, not yet committed
)

// Part is one independently scannable piece of a table: a sealed
// segment, the write buffer, or (in a transaction's view) a chunk of the
// transaction's own inserts. Parts can be scanned in parallel.
type Part struct {
	Kind PartKind
	Seg  uint32 // segment number (storage names rows by it)
	Rows int    // physical rows, including deleted ones
	Live int    // rows not deleted
	// Zones holds one zone map per column ordinal of the table for
	// PartSegment; nil otherwise.
	Zones []ZoneMap
}

// Request says what a scan reads.
type Request struct {
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
// passing Request.Filter) in increasing order, or is nil when all N are.
// Batch and its vectors are reused after the callback returns.
type Batch struct {
	Part *Part
	N    int
	Sel  []uint32
	Cols []*Vector
}

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

// IDView rewrites an integer id column of a table as it is scanned, so
// readers see ids as a mapping says without the table being rewritten
// (functions/unify: analytics on unified customer ids).
//
// Invariants: only scans (Scan, ScanPart, ScanParallel) see the view. The
// zone maps a viewed table's Parts report for Column have no range (ids
// moved), and their Nulls is an upper bound. The maps are read, never
// written, by scans.
type IDView struct {
	Column int             // ordinal of the KindInt id column
	Map    map[int64]int64 // id → the id reported instead
	// Drop leaves out rows whose id is a key of Map instead of rewriting
	// them (a merged-away customer's own row).
	Drop bool
	// Fallback is the ordinal of a KindBytes column read when the id is
	// NULL (-1: none); a row whose Fallback value is a key of ByKey reports
	// that id, then rewritten by Map (an anonymous visitor's event reports
	// the customer the visitor was stitched to).
	Fallback int
	ByKey    map[string]int64
}
