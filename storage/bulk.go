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

// Load is an atomic bulk append. Rows are built column by column straight
// into vectors (no per-value boxing); every SegmentRows rows the vectors go
// to an encoder goroutine that writes them, unsynced, as a segment under a
// number no header names yet, so they stay invisible. Commit encodes the
// last, partial segment and publishes them all with one synced batch
// (headers, primary keys, deletes). A load that never commits leaves only
// orphan chunks, which Open deletes.
//
// A Load is used by one goroutine and holds no lock while rows arrive. For
// tables with a primary key, Commit fails with ErrConflict if another
// commit touched the table meanwhile and added one of the load's keys, or
// the load upserts or replaces (its keys were checked against the state
// the load began with; recheckKeys).
//
// Building a row: call one setter (Int, Uint, Float, Bytes, Null or Value)
// per column, in any order, then EndRow; DiscardRow drops a half-built row.
type Load struct {
	s    *Store
	t    *Table
	base *tableState
	def  *TableDef
	mode LoadMode

	cols    []Vector // the segment being filled
	rows    int      // complete rows in cols
	rowErr  error    // first problem of the row being built
	segNums []uint32 // segment number of each submitted segment
	n       int
	enc     *encoder
	done    bool
	// released is set once keyedLoads no longer counts the load.
	released bool

	// Keys of the load map to load-local ids: MakeRowID(index into
	// segNums, pos).
	keys   map[string]RowID
	keyBuf []byte
	keyRow Row
	// baseDeletes are rows of the table replaced by an upsert; ownDeletes
	// are the load's own rows replaced by a later row with the same key,
	// by index into segNums.
	baseDeletes map[uint32]*roaring.Bitmap
	ownDeletes  map[uint32]*roaring.Bitmap

	// Memory charged (bulk_memory.go).
	mem       Memory
	memErr    error
	charged   int64
	pipeBytes int64 // the segments of vectors in flight
	keyBytes  int64 // the keys map
}

// BeginLoad starts a bulk load into t.
func (s *Store) BeginLoad(t *Table, mode LoadMode) (*Load, error) {
	st := t.state.Load()
	if st.desc.Dropped {
		return nil, ErrTableNotFound
	}
	l := &Load{s: s, t: t, base: st, def: &st.desc.Def, mode: mode,
		baseDeletes: map[uint32]*roaring.Bitmap{}, ownDeletes: map[uint32]*roaring.Bitmap{}}
	l.cols = newVectors(l.def)
	if len(l.def.PrimaryKey) > 0 {
		l.keys = map[string]RowID{}
		l.keyRow = make(Row, len(l.def.PrimaryKey))
	}
	l.enc = startEncoder(s, &st.desc)
	if l.keys != nil {
		t.keyedLoads.Add(1)
	}
	return l, nil
}

// release ends the load's claim on the table (see Table.keyedLoads).
func (l *Load) release() {
	if l.keys != nil && !l.released {
		l.released = true
		l.t.keyedLoads.Add(-1)
	}
}

func newVectors(def *TableDef) []Vector {
	cols := make([]Vector, len(def.Columns))
	for i, c := range def.Columns {
		cols[i].Kind = c.Kind
		if c.Kind == KindBytes {
			cols[i].Offsets = []uint32{0}
		}
	}
	return cols
}

// Rows returns the number of rows appended so far.
func (l *Load) Rows() int { return l.n }

// Int sets column col of the row being built (KindInt).
func (l *Load) Int(col int, v int64) { l.cols[col].Ints = append(l.cols[col].Ints, v) }

// Uint sets column col (KindUint).
func (l *Load) Uint(col int, v uint64) { l.cols[col].Ints = append(l.cols[col].Ints, int64(v)) }

// Float sets column col (KindFloat).
func (l *Load) Float(col int, v float64) { l.cols[col].Floats = append(l.cols[col].Floats, v) }

// Bytes sets column col (KindBytes); b is copied.
func (l *Load) Bytes(col int, b []byte) {
	v := &l.cols[col]
	v.Data = append(v.Data, b...)
	v.Offsets = append(v.Offsets, uint32(len(v.Data)))
}

// Null sets column col to NULL.
func (l *Load) Null(col int) {
	v := &l.cols[col]
	if !l.def.Columns[col].Nullable && l.rowErr == nil {
		l.rowErr = fmt.Errorf("column %s cannot be NULL", l.def.Columns[col].Name)
	}
	if v.Nulls == nil {
		v.Nulls = roaring.New()
	}
	v.Nulls.Add(uint32(l.rows))
	appendToVector(v, nil)
}

// Value sets column col from a Row element (nil, int64, uint64, float64 or
// string, matching the column's kind).
func (l *Load) Value(col int, x any) {
	if x == nil {
		l.Null(col)
		return
	}
	c := &l.def.Columns[col]
	if !kindMatches(c.Kind, x) && l.rowErr == nil {
		l.rowErr = fmt.Errorf("column %s (%s) got %T", c.Name, c.Kind, x)
	}
	appendToVector(&l.cols[col], x)
}

// Append adds one whole row (see Value for its elements).
func (l *Load) Append(row Row) error {
	if len(row) != len(l.cols) {
		return fmt.Errorf("table %s: row has %d values, want %d", l.def.Name, len(row), len(l.cols))
	}
	for i, x := range row {
		l.Value(i, x)
	}
	return l.EndRow()
}

// DiscardRow drops the row being built.
func (l *Load) DiscardRow() {
	for i := range l.cols {
		truncateVector(&l.cols[i], l.rows)
	}
	l.rowErr = nil
}

// EndRow completes the row being built. On error the row is discarded and
// the load can go on.
func (l *Load) EndRow() error {
	if l.rowErr == nil {
		l.rowErr = l.checkArity()
	}
	if l.rowErr == nil && l.keys != nil {
		l.rowErr = l.claimKey(MakeRowID(uint32(len(l.segNums)), uint16(l.rows)))
	}
	if err := l.rowErr; err != nil {
		l.DiscardRow()
		return err
	}
	l.rows++
	l.n++
	if l.rows == l.s.opts.SegmentRows {
		return l.submit()
	}
	return nil
}

// checkArity verifies that every column got exactly one value.
func (l *Load) checkArity() error {
	for i := range l.cols {
		if vectorLen(&l.cols[i]) != l.rows+1 {
			return fmt.Errorf("column %s: got %d values for one row", l.def.Columns[i].Name, vectorLen(&l.cols[i])-l.rows)
		}
	}
	return nil
}

// submit hands the filled vectors to the encoder as the next segment.
func (l *Load) submit() error {
	if l.rows == 0 {
		return nil
	}
	l.charge()
	num := l.t.reserveSeg()
	l.segNums = append(l.segNums, num)
	for i := range l.cols {
		l.cols[i].N = l.rows
	}
	if err := l.enc.submit(num, l.cols); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	l.cols = l.enc.vectors(l.def)
	l.rows = 0
	return nil
}

// claimKey records the key of the row being built, deciding what happens
// to an earlier row with the same key.
func (l *Load) claimKey(id RowID) error {
	for i, c := range l.def.PrimaryKey {
		l.keyRow[i] = l.cols[c].Value(l.rows)
	}
	var err error
	l.keyBuf, err = appendKey(l.keyBuf[:0], l.keyRow)
	if err != nil {
		return err
	}
	k := string(l.keyBuf)
	prev, seen := l.keys[k]
	if seen {
		if l.mode != LoadUpsert {
			return &DuplicateKeyError{Table: l.def.Name, Key: append(Row(nil), l.keyRow...)}
		}
		addPos(l.ownDeletes, prev)
	} else if l.mode != LoadReplace {
		old, ok, err := l.s.getPK(l.t.id, l.keyBuf)
		if err != nil {
			return err
		}
		if ok && l.base.live(old) {
			if l.mode == LoadAppend {
				return &DuplicateKeyError{Table: l.def.Name, Key: append(Row(nil), l.keyRow...)}
			}
			addPos(l.baseDeletes, old)
		}
	}
	if !seen {
		l.keyBytes += int64(len(k)) + keyEntryBytes
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

// Abort abandons the load; nothing of it becomes visible.
func (l *Load) Abort() {
	l.releaseMemory()
	l.release()
	if !l.done {
		l.done = true
		l.enc.finish()
	}
}

// Commit publishes the load atomically and durably.
func (l *Load) Commit() error {
	if l.done {
		return errTxnDone
	}
	defer l.release()
	defer l.releaseMemory()
	if err := l.submit(); err != nil {
		l.Abort()
		return err
	}
	if l.memErr != nil {
		l.Abort()
		return l.memErr
	}
	l.done = true
	segs, err := l.enc.finish()
	if err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	s := l.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	cur := l.t.state.Load()
	if cur.desc.Dropped || cur.desc.Gen != l.base.desc.Gen {
		return fmt.Errorf("table %s changed during the load: %w", cur.desc.Def.Name, ErrConflict)
	}
	if l.keys != nil && cur != l.base {
		if err := l.recheckKeys(cur); err != nil {
			return err
		}
	}
	b := s.db.NewBatch()
	defer b.Close()
	st, err := l.publish(b, cur, segs)
	if err != nil {
		return err
	}
	if err := l.t.store.commitBatch(b, pebble.Sync); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	l.t.state.Store(st)
	if l.mode == LoadReplace {
		// Appends and upserts add segments under new numbers and leave
		// every cached chunk valid; a replacing load drops them all.
		s.cache.forget(l.t.id)
		s.indexes.forget(l.t.id)
	}
	s.changed()
	s.counters.Commits.Add(1)
	return nil
}

// publish adds to b everything that makes the load visible.
func (l *Load) publish(b *pebble.Batch, cur *tableState, segs []*segment) (*tableState, error) {
	st := cur.clone()
	tid := st.desc.ID
	if l.mode == LoadReplace {
		if err := l.clearTable(b, st); err != nil {
			return nil, err
		}
	}
	for _, sg := range segs {
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
		l.baseDeletes[l.segNums[i]] = del
	}
	tt := txnTable{t: l.t, base: st, deletes: l.baseDeletes}
	if err := tt.applyDeletes(b, st); err != nil {
		return nil, err
	}
	for k, id := range l.keys {
		real := MakeRowID(l.segNums[id.Segment()], id.Pos())
		if err := b.Set(pkKey(tid, []byte(k)), appendU64(nil, uint64(real)), nil); err != nil {
			return nil, err
		}
	}
	return st, putDescriptor(b, l.t, &st.desc)
}

// recheckKeys is for a load into a table with a primary key that other
// commits changed since the load began (its keys were checked against
// that state; the caller holds the store's lock, so the committed keys
// are cur's). An appending load whose keys none of those commits added
// goes ahead, so concurrent loads and inserts of distinct keys all
// succeed, as in MySQL; a key added meanwhile, or a load that replaces
// rows (upsert, replace: decided against the old state), is a conflict,
// and its retry sees the other rows.
func (l *Load) recheckKeys(cur *tableState) error {
	name := cur.desc.Def.Name
	if l.mode != LoadAppend {
		return fmt.Errorf("table %s changed during the load: %w", name, ErrConflict)
	}
	for k := range l.keys {
		old, ok, err := l.s.getPK(l.t.id, []byte(k))
		if err != nil {
			return err
		}
		if ok && cur.live(old) {
			return fmt.Errorf("table %s: another write added a key of the load meanwhile: %w", name, ErrConflict)
		}
	}
	return nil
}

// clearTable removes the table's current rows for a replacing load.
func (l *Load) clearTable(b *pebble.Batch, st *tableState) error {
	tid := st.desc.ID
	for _, sg := range st.segs {
		for _, p := range []byte{prefixChunk, prefixIndex} {
			start := appendU32(tablePrefix(p, tid), sg.Num)
			if err := b.DeleteRange(start, prefixEnd(start), nil); err != nil {
				return err
			}
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
