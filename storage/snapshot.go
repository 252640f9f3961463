package storage

import (
	"errors"
	"fmt"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
)

// Snapshot is an immutable view of a table: its definition and rows as of
// one commit, plus, when obtained from a Txn, that transaction's writes as
// of the call (later writes of the transaction are not seen, so a statement
// never reads rows it inserted itself).
type Snapshot struct {
	t  *Table
	st *tableState
	tx *txnView // nil outside a transaction
	// view, when set, rewrites an id column as it is scanned (idview.go).
	view *IDView
	// pin keeps st's segments on disk (reclaim.go): the snapshot's own
	// (ownsPin, released by Close), or its transaction's.
	pin     *pin
	ownsPin bool

	partsOnce sync.Once
	parts     []Part
}

func newSnapshot(t *Table, st *tableState, tx *txnView, p *pin) *Snapshot {
	return &Snapshot{t: t, st: st, tx: tx, pin: p}
}

// Close tells the store the snapshot will not be read again, so that the
// segments a compaction replaced meanwhile can be deleted now rather than
// after a garbage collection. Reading a closed snapshot may fail. A
// transaction's snapshots are released when the transaction ends; Close
// of one does nothing.
func (sn *Snapshot) Close() {
	if sn.ownsPin {
		sn.pin.release()
	}
}

// Def returns the definition the snapshot was taken with.
func (sn *Snapshot) Def() *TableDef { return &sn.st.desc.Def }

// Parts lists the scannable parts in RowID order: sealed segments, the
// write buffer, then the transaction's own inserts.
func (sn *Snapshot) Parts() []Part {
	sn.partsOnce.Do(sn.buildParts)
	return sn.parts
}

func (sn *Snapshot) buildParts() {
	st := sn.st
	cols := st.desc.Def.Columns
	parts := make([]Part, 0, len(st.segs)+2)
	for _, sg := range st.segs {
		p := Part{Kind: PartSegment, Seg: sg.Num, Rows: sg.Rows, Zones: sg.zonesFor(cols)}
		p.Live = sg.Rows - sn.deletedCount(sg.Num)
		parts = append(parts, p)
	}
	if st.bufLen > 0 {
		parts = append(parts, Part{Kind: PartBuffer, Seg: st.desc.BufSeg, Rows: st.bufLen,
			Live: st.bufLen - sn.deletedCount(st.desc.BufSeg)})
	}
	if sn.tx != nil {
		for i := 0; i*MaxSegmentRows < len(sn.tx.inserts); i++ {
			n := min(MaxSegmentRows, len(sn.tx.inserts)-i*MaxSegmentRows)
			seg := txnSegBase + uint32(i)
			parts = append(parts, Part{Kind: PartTxn, Seg: seg, Rows: n, Live: n - sn.deletedCount(seg)})
		}
	}
	if sn.view != nil {
		sn.hideRange(parts)
	}
	sn.parts = parts
}

// deletes returns the positions of seg deleted in this snapshot (nil: none).
func (sn *Snapshot) deletes(seg uint32) *roaring.Bitmap {
	var committed, own *roaring.Bitmap
	if seg < txnSegBase {
		committed = sn.st.deletes[seg]
	}
	if sn.tx != nil {
		own = sn.tx.deletes[seg]
	}
	switch {
	case own == nil || own.IsEmpty():
		return committed
	case committed == nil || committed.IsEmpty():
		return own
	}
	return roaring.Or(committed, own)
}

func (sn *Snapshot) deletedCount(seg uint32) int {
	if d := sn.deletes(seg); d != nil {
		return int(d.GetCardinality())
	}
	return 0
}

// RowCount returns the number of live rows.
func (sn *Snapshot) RowCount() int64 {
	var n int64
	for _, p := range sn.Parts() {
		n += int64(p.Live)
	}
	return n
}

// DataBytes returns the encoded size of the table's segments plus a
// estimate of the write buffer.
func (sn *Snapshot) DataBytes() int64 {
	var n int64
	for _, sg := range sn.st.segs {
		n += sg.bytes()
	}
	return n + int64(sn.st.bufLen)*int64(8*len(sn.st.desc.Def.Columns))
}

// live reports whether id is a live row of this snapshot.
func (sn *Snapshot) live(id RowID) bool {
	seg := id.Segment()
	if seg >= txnSegBase {
		if sn.tx == nil {
			return false
		}
		idx := txnIndex(id)
		if idx >= len(sn.tx.inserts) {
			return false
		}
	} else if !sn.st.exists(id) {
		return false
	}
	d := sn.deletes(seg)
	return d == nil || !d.Contains(uint32(id.Pos()))
}

// Get reads the given columns (nil: all) of one live row.
func (sn *Snapshot) Get(id RowID, cols []int) (Row, error) {
	if !sn.live(id) {
		return nil, ErrRowNotFound
	}
	def := &sn.st.desc.Def
	if cols == nil {
		cols = allColumns(len(def.Columns))
	}
	seg := id.Segment()
	var src Row
	switch {
	case seg >= txnSegBase:
		src = sn.tx.inserts[txnIndex(id)]
	case seg == sn.st.desc.BufSeg:
		src = sn.st.buf[id.Pos()]
	default:
		return sn.getSealed(id, cols)
	}
	out := make(Row, len(cols))
	for i, c := range cols {
		out[i] = src[c]
	}
	return out, nil
}

func (sn *Snapshot) getSealed(id RowID, cols []int) (Row, error) {
	def := &sn.st.desc.Def
	rows := sn.st.segs[sn.st.segIndex(id.Segment())].Rows
	out := make(Row, len(cols))
	for i, c := range cols {
		col := def.Columns[c]
		v, err := sn.t.store.cachedChunk(sn.t.id, id.Segment(), col, rows)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out[i] = v.Value(int(id.Pos()))
		}
	}
	return out, nil
}

// LookupPK returns the live row with this primary key, if any.
func (sn *Snapshot) LookupPK(key Row) (RowID, bool, error) {
	k, err := appendKey(nil, key)
	if err != nil {
		return 0, false, err
	}
	if sn.tx != nil {
		if idx, ok := sn.tx.pk[string(k)]; ok {
			id := txnRowID(idx)
			return id, sn.live(id), nil
		}
	}
	id, ok, err := sn.t.store.getPK(sn.t.id, k)
	if err != nil || !ok {
		return 0, false, err
	}
	return id, sn.live(id), nil
}

func (s *Store) getPK(tid uint64, k []byte) (RowID, bool, error) {
	v, closer, err := s.db.Get(pkKey(tid, k))
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("primary key lookup: %w", err)
	}
	defer closer.Close()
	if len(v) != 8 {
		return 0, false, fmt.Errorf("corrupt primary key entry")
	}
	return RowID(beU64(v)), true, nil
}

func allColumns(n int) []int {
	cols := make([]int, n)
	for i := range cols {
		cols[i] = i
	}
	return cols
}
