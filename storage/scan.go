package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
)

// scanState holds the reusable buffers of one scan: the batch's vectors
// (owned ones for in-memory parts, shared read-only ones from the chunk
// cache for segments) and the selection. Pooled so that steady-state
// scans allocate only per part, never per row.
type scanState struct {
	batch Batch
	own   []*Vector
	vecs  []*Vector
	sel   []uint32
}

var scanPool = sync.Pool{New: func() any { return &scanState{} }}

// vectors returns n slots, each pointing at one of the state's own
// vectors until fill replaces it with a cached chunk.
func (ss *scanState) vectors(n int) []*Vector {
	for len(ss.own) < n {
		ss.own = append(ss.own, &Vector{})
	}
	ss.vecs = append(ss.vecs[:0], ss.own[:n]...)
	return ss.vecs
}

// Scan visits every part in order.
func (sn *Snapshot) Scan(req ScanRequest, fn func(*Batch) error) error {
	parts := sn.Parts()
	for i := range parts {
		if err := sn.ScanPart(&parts[i], req, fn); err != nil {
			return err
		}
	}
	return nil
}

// Skipped counts n sealed segments a caller ruled out by their zone maps
// before asking to scan them (as ScanRequest.Prune would have).
func (sn *Snapshot) Skipped(n int) { sn.t.store.counters.SegmentsSkipped.Add(int64(n)) }

// ScanPart visits one part: one call of fn, or none when the part is pruned
// or has no live rows.
func (sn *Snapshot) ScanPart(p *Part, req ScanRequest, fn func(*Batch) error) error {
	if sn.view != nil {
		return sn.scanView(p, req, fn)
	}
	return sn.scanPart(p, req, fn)
}

func (sn *Snapshot) scanPart(p *Part, req ScanRequest, fn func(*Batch) error) error {
	b, ss, err := sn.openPart(p, req)
	if ss != nil {
		defer scanPool.Put(ss)
	}
	if err != nil || b == nil {
		return err
	}
	return fn(b)
}

// OpenPart is ScanPart for a reader that goes through the batch after
// the call, at its own pace (a row iterator under a LIMIT stops early):
// the batch stays valid until release is called, which the caller must
// do once. b is nil when the part has nothing to read; ok is false
// when the snapshot reads through an id view, which only ScanPart does.
func (sn *Snapshot) OpenPart(p *Part, req ScanRequest) (b *Batch, release func(), ok bool, err error) {
	if sn.view != nil {
		return nil, nil, false, nil
	}
	b, ss, err := sn.openPart(p, req)
	if ss == nil {
		return b, func() {}, true, err
	}
	var once sync.Once
	return b, func() { once.Do(func() { scanPool.Put(ss) }) }, true, err
}

// openPart decodes p's requested columns into a pooled scan state (nil
// when nothing was taken from the pool), which the caller returns.
func (sn *Snapshot) openPart(p *Part, req ScanRequest) (*Batch, *scanState, error) {
	if p.Kind == PartSegment && req.Prune != nil && req.Prune(p) {
		sn.t.store.counters.SegmentsSkipped.Add(1)
		return nil, nil, nil
	}
	if p.Live == 0 {
		return nil, nil, nil
	}
	ss := scanPool.Get().(*scanState)
	sel, ok := sn.selection(ss, p, req)
	if !ok {
		return nil, ss, nil
	}
	cols := req.Columns
	if cols == nil {
		cols = allColumns(len(sn.st.desc.Def.Columns))
	}
	vecs := ss.vectors(len(cols))
	if err := sn.fill(ss, p, cols, vecs); err != nil {
		return nil, ss, err
	}
	b := &ss.batch
	*b = Batch{Part: p, N: p.Rows, Sel: sel, Cols: vecs}
	sn.t.store.counters.RowsScanned.Add(int64(b.Live()))
	return b, ss, nil
}

// selection computes the live positions of p (nil: all rows live). ok is
// false when nothing in the part is selected.
func (sn *Snapshot) selection(ss *scanState, p *Part, req ScanRequest) ([]uint32, bool) {
	del := sn.deletes(p.Seg)
	var keep *roaring.Bitmap
	if req.Filter != nil {
		keep = req.Filter(p)
		if keep != nil && keep.IsEmpty() {
			return nil, false
		}
	}
	if keep == nil && (del == nil || del.IsEmpty()) {
		return nil, true
	}
	sel := ss.sel[:0]
	if keep != nil {
		if del != nil && !del.IsEmpty() {
			keep = roaring.AndNot(keep, del) // a new bitmap: keep may be shared
		}
		// Many positions a call: an index bitmap of a common value
		// (events.type = 'product_view') is dense.
		var buf [256]uint32
		it := keep.ManyIterator()
	fill:
		for k := it.NextMany(buf[:]); k > 0; k = it.NextMany(buf[:]) {
			for _, pos := range buf[:k] {
				if int(pos) >= p.Rows {
					break fill
				}
				sel = append(sel, pos)
			}
		}
	} else {
		for pos := uint32(0); int(pos) < p.Rows; pos++ {
			if !del.Contains(pos) {
				sel = append(sel, pos)
			}
		}
	}
	ss.sel = sel
	return sel, len(sel) > 0
}

// fill decodes (sealed segments) or gathers (buffer and transaction rows)
// the requested columns of p into vecs.
func (sn *Snapshot) fill(ss *scanState, p *Part, cols []int, vecs []*Vector) error {
	def := &sn.st.desc.Def
	switch p.Kind {
	case PartSegment:
		sn.t.store.counters.SegmentsScanned.Add(1)
		for i, c := range cols {
			v, err := sn.t.store.cachedChunk(sn.t.id, p.Seg, def.Columns[c], p.Rows)
			if err != nil {
				return err
			}
			vecs[i] = v
		}
	case PartBuffer:
		rows := sn.st.buf[:sn.st.bufLen]
		for i, c := range cols {
			vectorFromRows(vecs[i], def.Columns[c].Kind, rows, c)
		}
	case PartTxn:
		first := int(p.Seg-txnSegBase) * MaxSegmentRows
		rows := sn.tx.inserts[first : first+p.Rows]
		for i, c := range cols {
			vectorFromRows(vecs[i], def.Columns[c].Kind, rows, c)
		}
	}
	return nil
}

// readChunk decodes one column chunk into v. A column added after the
// segment was sealed has no chunk and reads as rows NULLs.
func (s *Store) readChunk(v *Vector, tid uint64, seg uint32, col ColumnDef, rows int, buf []byte) ([]byte, error) {
	val, closer, err := s.db.Get(chunkKey(tid, seg, col.ID))
	if errors.Is(err, pebble.ErrNotFound) {
		if err := s.checkNotRetired(tid, seg); err != nil {
			return buf, fmt.Errorf("read column %s of segment %d: %w", col.Name, seg, err)
		}
		nullVector(v, col.Kind, rows)
		return buf, nil
	}
	if err != nil {
		return buf, fmt.Errorf("read column %s of segment %d: %w", col.Name, seg, err)
	}
	defer closer.Close()
	s.counters.ChunksDecoded.Add(1)
	buf, err = decodeChunk(v, col.Kind, val, buf)
	if err != nil {
		return buf, fmt.Errorf("decode column %s of segment %d: %w", col.Name, seg, err)
	}
	if v.N != rows {
		return buf, fmt.Errorf("decode column %s of segment %d: %d values, want %d", col.Name, seg, v.N, rows)
	}
	return buf, nil
}

func nullVector(v *Vector, kind Kind, rows int) {
	vectorFromRows(v, kind, make([]Row, rows), 0)
}

func beU64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }
