package storage

import (
	"encoding/json"
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// Commit applies the writes in one synced batch. On error nothing is
// applied and the transaction is finished either way.
func (tx *Txn) Commit() error {
	if tx.done {
		return errTxnDone
	}
	defer tx.Rollback()
	if !tx.Dirty() {
		return nil
	}
	s := tx.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	b := s.db.NewBatch()
	defer b.Close()
	next := make([]*tableState, len(tx.order))
	for i, tt := range tx.order {
		st, err := tt.apply(b, s.opts.SegmentRows)
		if err != nil {
			return err
		}
		next[i] = st
	}
	if err := s.commitBatch(b, pebble.Sync); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for i, tt := range tx.order {
		if next[i] != nil {
			tt.t.state.Store(next[i])
		}
	}
	s.changed()
	s.counters.Commits.Add(1)
	return nil
}

// apply validates this table's writes against the latest committed state
// and adds them to b, returning the state to publish once b is durable
// (nil when the table was only read).
func (tt *txnTable) apply(b *pebble.Batch, segRows int) (*tableState, error) {
	if len(tt.inserts) == 0 && len(tt.deletes) == 0 {
		return nil, nil
	}
	cur := tt.t.state.Load()
	name := tt.base.desc.Def.Name
	if cur.desc.Dropped || cur.desc.Gen != tt.base.desc.Gen {
		return nil, fmt.Errorf("table %s was altered, truncated or dropped meanwhile: %w", name, ErrConflict)
	}
	st := cur.clone()
	if err := tt.applyDeletes(b, st); err != nil {
		return nil, err
	}
	rows, keys, err := tt.survivingInserts(st, cur != tt.base)
	if err != nil {
		return nil, err
	}
	if err := appendToBuffer(b, tt.t, st, rows, keys, segRows); err != nil {
		return nil, err
	}
	return st, nil
}

func (tt *txnTable) applyDeletes(b *pebble.Batch, st *tableState) error {
	for seg, del := range tt.deletes {
		if seg >= txnSegBase || del.IsEmpty() {
			continue
		}
		if seg != st.desc.BufSeg && st.segIndex(seg) < 0 {
			// Compaction moved the rows since the transaction read them.
			return fmt.Errorf("table %s: rows were moved by compaction: %w", st.desc.Def.Name, ErrConflict)
		}
		old := st.deletes[seg]
		merged := del.Clone()
		if old != nil {
			if old.Intersects(del) {
				return fmt.Errorf("table %s: a row was deleted by another transaction: %w",
					st.desc.Def.Name, ErrConflict)
			}
			merged.Or(old)
		}
		merged.RunOptimize()
		buf, err := merged.ToBytes()
		if err != nil {
			return err
		}
		if err := b.Set(deletesKey(st.desc.ID, seg), buf, nil); err != nil {
			return err
		}
		st.deletes[seg] = merged
	}
	return nil
}

// survivingInserts returns the inserts not deleted again by the
// transaction, re-checking primary keys against rows committed since the
// transaction began.
func (tt *txnTable) survivingInserts(st *tableState, changed bool) ([]Row, []string, error) {
	own := tt.deletes
	rows := make([]Row, 0, len(tt.inserts))
	keys := make([]string, 0, len(tt.inserts))
	for i, r := range tt.inserts {
		id := txnRowID(i)
		if d := own[id.Segment()]; d != nil && d.Contains(uint32(id.Pos())) {
			continue
		}
		if changed {
			if err := tt.recheckKey(st, tt.keys[i], r); err != nil {
				return nil, nil, err
			}
		}
		rows = append(rows, r)
		keys = append(keys, tt.keys[i])
	}
	return rows, keys, nil
}

// recheckKey fails when another transaction committed a live row with the
// same key after this one began.
func (tt *txnTable) recheckKey(st *tableState, k string, row Row) error {
	if k == "" {
		return nil
	}
	id, ok, err := tt.t.store.getPK(tt.t.id, []byte(k))
	if err != nil {
		return err
	}
	// st already carries this transaction's deletes, so a key it deleted
	// and inserted again does not count.
	if ok && st.live(id) {
		return tt.dupError(row)
	}
	return nil
}

// appendToBuffer appends rows to the write buffer of st, sealing the buffer
// into a segment whenever it reaches segRows.
func appendToBuffer(b *pebble.Batch, t *Table, st *tableState, rows []Row, keys []string, segRows int) error {
	tid := st.desc.ID
	colIDs := st.desc.colIDs()
	for len(rows) > 0 {
		n := min(segRows-st.bufLen, len(rows))
		first := st.bufLen
		if err := b.Set(bufferKey(tid, st.desc.BufSeg, uint32(first)), appendRows(nil, colIDs, rows[:n]), nil); err != nil {
			return err
		}
		for i, k := range keys[:n] {
			if k != "" {
				id := MakeRowID(st.desc.BufSeg, uint16(first+i))
				if err := b.Set(pkKey(tid, []byte(k)), appendU64(nil, uint64(id)), nil); err != nil {
					return err
				}
			}
		}
		st.buf = append(st.buf[:st.bufLen], rows[:n]...)
		st.bufLen += n
		rows, keys = rows[n:], keys[n:]
		if st.bufLen >= segRows {
			if err := seal(b, t, st); err != nil {
				return err
			}
		}
	}
	return nil
}

// seal encodes the write buffer of st as an immutable segment, removes its
// row chunks and starts a new, empty buffer.
func seal(b *pebble.Batch, t *Table, st *tableState) error {
	tid, num := st.desc.ID, st.desc.BufSeg
	sg, err := encodeSegment(b, &st.desc, num, st.buf[:st.bufLen])
	if err != nil {
		return err
	}
	hdr, err := json.Marshal(sg)
	if err != nil {
		return err
	}
	if err := b.Set(segmentKey(tid, num), hdr, nil); err != nil {
		return err
	}
	start := bufferKey(tid, num, 0)
	if err := b.DeleteRange(start, prefixEnd(appendU32(tablePrefix(prefixBuffer, tid), num)), nil); err != nil {
		return err
	}
	st.addSegment(sg)
	t.store.counters.SegmentsWritten.Add(1)
	st.desc.BufSeg = t.reserveSeg()
	st.buf, st.bufLen = nil, 0
	return putDescriptor(b, t, &st.desc)
}

// encodeSegment writes the column chunks of rows as segment num and returns
// its header (not written: the caller decides when the segment becomes
// visible).
func encodeSegment(b *pebble.Batch, d *descriptor, num uint32, rows []Row) (*segment, error) {
	sg := &segment{Num: num, Rows: len(rows)}
	var v Vector
	var chunk, scratch []byte
	for ord, c := range d.Def.Columns {
		vectorFromRows(&v, c.Kind, rows, ord)
		z := zoneOf(&v)
		chunk, scratch = encodeChunk(chunk[:0], &v, scratch)
		z.Bytes = int64(len(chunk))
		if err := b.Set(chunkKey(d.ID, num, c.ID), chunk, nil); err != nil {
			return nil, err
		}
		if err := writeIndexes(b, d, num, ord, &v); err != nil {
			return nil, err
		}
		sg.Cols = append(sg.Cols, segColumn{ID: c.ID, Zone: z})
	}
	return sg, nil
}

// putDescriptor writes d, recording every segment number reserved so far.
func putDescriptor(b *pebble.Batch, t *Table, d *descriptor) error {
	d.NextSeg = t.nextSeg.Load()
	buf, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return b.Set(tableKey(d.ID), buf, nil)
}
