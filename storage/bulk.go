package storage

import (
	"encoding/json"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
)

// LoadMode says how a bulk load treats the rows already in the table.
type LoadMode uint8

const (
	LoadAppend  LoadMode = iota // add rows; a taken primary key fails the load
	LoadReplace                 // the loaded rows replace the whole table
	LoadUpsert                  // a row whose key exists replaces the old row
)

// Load is an atomic bulk append. Rows are encoded into segments as they
// arrive and written without sync under segment numbers that no header
// names yet, so they are invisible; Commit writes the last, partial segment
// and publishes them all with one synced batch (headers, primary keys,
// deletes). A load that never commits leaves only orphan chunks, which Open
// deletes.
//
// A Load is used by one goroutine and holds no lock while rows arrive. For
// tables with a primary key, Commit fails with ErrConflict if another
// commit touched the table meanwhile (its keys were checked against the
// state the load began with).
type Load struct {
	s    *Store
	t    *Table
	base *tableState
	mode LoadMode

	rows  []Row      // rows of the segment being filled
	segs  []*segment // written, unpublished; index i is the load's segment i
	batch *pebble.Batch
	n     int
	done  bool

	// Keys of the load map to load-local ids: MakeRowID(index into segs, pos).
	keys map[string]RowID
	// baseDeletes are rows of the table replaced by an upsert; ownDeletes
	// are the load's own rows replaced by a later row with the same key,
	// by index into segs.
	baseDeletes map[uint32]*roaring.Bitmap
	ownDeletes  map[uint32]*roaring.Bitmap
}

// BeginLoad starts a bulk load into t.
func (s *Store) BeginLoad(t *Table, mode LoadMode) (*Load, error) {
	st := t.state.Load()
	if st.desc.Dropped {
		return nil, ErrTableNotFound
	}
	l := &Load{s: s, t: t, base: st, mode: mode, batch: s.db.NewBatch(),
		baseDeletes: map[uint32]*roaring.Bitmap{}, ownDeletes: map[uint32]*roaring.Bitmap{}}
	if len(st.desc.Def.PrimaryKey) > 0 {
		l.keys = map[string]RowID{}
	}
	return l, nil
}

// Rows returns the number of rows appended so far.
func (l *Load) Rows() int { return l.n }

// Append adds one row, validated as Txn.Insert validates rows. The row is
// kept; the caller must not modify it afterwards.
func (l *Load) Append(row Row) error {
	if err := checkRow(&l.base.desc.Def, row); err != nil {
		return err
	}
	if l.keys != nil {
		if err := l.claimKey(row, MakeRowID(uint32(len(l.segs)), uint16(len(l.rows)))); err != nil {
			return err
		}
	}
	l.rows = append(l.rows, row)
	l.n++
	if len(l.rows) == l.s.opts.SegmentRows {
		return l.writeSegment()
	}
	return nil
}

// claimKey records row's key, deciding what happens to an earlier row with
// the same key.
func (l *Load) claimKey(row Row, id RowID) error {
	tt := txnTable{t: l.t, base: l.base}
	k, err := tt.key(row)
	if err != nil {
		return err
	}
	if prev, ok := l.keys[k]; ok {
		if l.mode != LoadUpsert {
			return tt.dupError(row)
		}
		addPos(l.ownDeletes, prev)
	} else if l.mode != LoadReplace {
		old, ok, err := l.s.getPK(l.t.id, []byte(k))
		if err != nil {
			return err
		}
		if ok && l.base.live(old) {
			if l.mode == LoadAppend {
				return tt.dupError(row)
			}
			addPos(l.baseDeletes, old)
		}
	}
	l.keys[k] = id
	return nil
}

func addPos(m map[uint32]*roaring.Bitmap, id RowID) {
	b := m[id.Segment()]
	if b == nil {
		b = roaring.New()
		m[id.Segment()] = b
	}
	b.Add(uint32(id.Pos()))
}

// writeSegment encodes the buffered rows as a segment under a fresh number.
func (l *Load) writeSegment() error {
	if len(l.rows) == 0 {
		return nil
	}
	num := l.t.reserveSeg()
	sg, err := encodeSegment(l.batch, &l.base.desc, num, l.rows)
	if err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	l.segs = append(l.segs, sg)
	l.rows = make([]Row, 0, len(l.rows))
	if l.batch.Len() > 32<<20 {
		if err := l.batch.Commit(pebble.NoSync); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
		l.batch.Close()
		l.batch = l.s.db.NewBatch()
	}
	return nil
}

// Abort abandons the load; nothing of it becomes visible.
func (l *Load) Abort() {
	if !l.done {
		l.done = true
		l.batch.Close()
	}
}

// Commit publishes the load atomically and durably.
func (l *Load) Commit() error {
	if l.done {
		return errTxnDone
	}
	defer l.Abort()
	if err := l.writeSegment(); err != nil {
		return err
	}
	if err := l.batch.Commit(pebble.NoSync); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	s := l.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	cur := l.t.state.Load()
	if cur.desc.Dropped || cur.desc.Gen != l.base.desc.Gen || (l.keys != nil && cur != l.base) {
		return fmt.Errorf("table %s changed during the load: %w", cur.desc.Def.Name, ErrConflict)
	}
	b := s.db.NewBatch()
	defer b.Close()
	st, err := l.publish(b, cur)
	if err != nil {
		return err
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	l.t.state.Store(st)
	s.cache.forget(l.t.id)
	s.counters.Commits.Add(1)
	return nil
}

// publish adds to b everything that makes the load visible.
func (l *Load) publish(b *pebble.Batch, cur *tableState) (*tableState, error) {
	st := cur.clone()
	tid := st.desc.ID
	if l.mode == LoadReplace {
		if err := l.clearTable(b, st); err != nil {
			return nil, err
		}
	}
	for _, sg := range l.segs {
		hdr, err := json.Marshal(sg)
		if err != nil {
			return nil, err
		}
		if err := b.Set(segmentKey(tid, sg.Num), hdr, nil); err != nil {
			return nil, err
		}
		st.addSegment(sg)
	}
	for i, del := range l.ownDeletes {
		l.baseDeletes[l.segs[i].Num] = del
	}
	tt := txnTable{t: l.t, base: st, deletes: l.baseDeletes}
	if err := tt.applyDeletes(b, st); err != nil {
		return nil, err
	}
	for k, id := range l.keys {
		real := MakeRowID(l.segs[id.Segment()].Num, id.Pos())
		if err := b.Set(pkKey(tid, []byte(k)), appendU64(nil, uint64(real)), nil); err != nil {
			return nil, err
		}
	}
	return st, putDescriptor(b, l.t, &st.desc)
}

// clearTable removes the table's current rows for a replacing load.
func (l *Load) clearTable(b *pebble.Batch, st *tableState) error {
	tid := st.desc.ID
	for _, sg := range st.segs {
		start := appendU32(tablePrefix(prefixChunk, tid), sg.Num)
		if err := b.DeleteRange(start, prefixEnd(start), nil); err != nil {
			return err
		}
	}
	for _, p := range []byte{prefixSegment, prefixDeletes, prefixBuffer, prefixPK} {
		start := tablePrefix(p, tid)
		if err := b.DeleteRange(start, prefixEnd(start), nil); err != nil {
			return err
		}
	}
	st.segs, st.buf, st.bufLen = nil, nil, 0
	st.deletes = map[uint32]*roaring.Bitmap{}
	st.desc.BufSeg = l.t.reserveSeg()
	return nil
}
