package storage

import (
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
)

// Table is a handle on a table; it stays valid across commits and reads the
// latest committed state through Snapshot.
type Table struct {
	store *Store
	id    uint64
	state atomic.Pointer[tableState]
	// nextSeg hands out segment numbers (buffer seals, bulk loads,
	// compaction).
	nextSeg atomic.Uint32
	// keyedLoads counts bulk loads in progress on a table with a primary
	// key: their key checks name rows by RowID, so compaction does not
	// swap while one runs.
	keyedLoads atomic.Int32
	// pins are the states readers hold, and the segments compactions
	// retired waiting for them (reclaim.go).
	pins tablePins
}

// reserveSeg returns a segment number never used by this table before.
func (t *Table) reserveSeg() uint32 { return t.nextSeg.Add(1) - 1 }

// tableState is one committed version of a table. It is immutable once
// published: a commit builds a new state and swaps the pointer, so readers
// holding an old state keep a consistent view without locks.
type tableState struct {
	desc    descriptor
	segs    []*segment                 // sealed segments in order
	deletes map[uint32]*roaring.Bitmap // per segment (incl. the buffer's); never mutated once published
	// buf holds the write buffer's rows. It is shared between states and
	// only appended to (under Store.mu); a state sees buf[:bufLen].
	buf    []Row
	bufLen int
	// swaps is the number of compaction swaps behind this state since
	// Open: the generation pins name (reclaim.go).
	swaps uint64
}

// descriptor is the persisted form of a table (key c/<tid>).
type descriptor struct {
	ID        uint64   `json:"id"`
	DB        string   `json:"db"`
	Def       TableDef `json:"def"`
	NextColID uint32   `json:"next_col_id"`
	// BufSeg is the segment number of the write buffer: rows appended now
	// get RowIDs in it, and it is sealed under this number.
	BufSeg uint32 `json:"buf_seg"`
	// Gen changes on every DDL that invalidates open transactions' views
	// (truncate, alter, drop).
	Gen uint64 `json:"gen"`
	// NextSeg is above every segment number the table has published; bulk
	// loads reserve numbers from Table.nextSeg beyond it, and chunks of
	// numbers never published are orphans of an unfinished load.
	NextSeg uint32 `json:"next_seg"`
	Dropped bool   `json:"-"`
}

// DB returns the table's database name.
func (t *Table) DB() string { return t.state.Load().desc.DB }

// Name returns the table's name.
func (t *Table) Name() string { return t.state.Load().desc.Def.Name }

// ID returns the table's internal id (stable across renames).
func (t *Table) ID() uint64 { return t.id }

// Def returns the current definition. Do not modify it.
func (t *Table) Def() *TableDef { return &t.state.Load().desc.Def }

// Snapshot returns the latest committed state of the table. It keeps
// the segments it reads until Close (or, if never closed, until it is
// garbage); a compaction's old segments are deleted once no snapshot
// needs them.
func (t *Table) Snapshot() *Snapshot {
	st, p := t.pinState()
	sn := newSnapshot(t, st, nil, p)
	sn.ownsPin = true
	return sn
}

// colIDs returns the column ids of the definition in ordinal order.
func (d *descriptor) colIDs() []uint32 {
	ids := make([]uint32, len(d.Def.Columns))
	for i, c := range d.Def.Columns {
		ids[i] = c.ID
	}
	return ids
}

// visible reports whether row id exists (deleted or not) in state st.
func (st *tableState) exists(id RowID) bool {
	seg := id.Segment()
	if seg == st.desc.BufSeg {
		return int(id.Pos()) < st.bufLen
	}
	i := st.segIndex(seg)
	return i >= 0 && int(id.Pos()) < st.segs[i].Rows
}

// live reports whether row id exists and is not deleted in st.
func (st *tableState) live(id RowID) bool {
	if !st.exists(id) {
		return false
	}
	d := st.deletes[id.Segment()]
	return d == nil || !d.Contains(uint32(id.Pos()))
}

// segIndex finds a sealed segment by number (binary search; segs are in
// increasing number order) or returns -1.
func (st *tableState) segIndex(seg uint32) int {
	lo, hi := 0, len(st.segs)
	for lo < hi {
		m := (lo + hi) / 2
		if st.segs[m].Num < seg {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(st.segs) && st.segs[lo].Num == seg {
		return lo
	}
	return -1
}

// clone returns a shallow copy to be modified into the next state.
func (st *tableState) clone() *tableState {
	n := *st
	n.deletes = make(map[uint32]*roaring.Bitmap, len(st.deletes))
	for k, v := range st.deletes {
		n.deletes[k] = v
	}
	n.segs = append([]*segment(nil), st.segs...)
	n.desc.Def = cloneDef(st.desc.Def)
	return &n
}

func cloneDef(d TableDef) TableDef {
	d.Columns = append([]ColumnDef(nil), d.Columns...)
	d.PrimaryKey = append([]int(nil), d.PrimaryKey...)
	d.SortKey = append([]int(nil), d.SortKey...)
	d.Indexes = append([]IndexDef(nil), d.Indexes...)
	d.Meta = append([]byte(nil), d.Meta...)
	return d
}

// addSegment inserts sg keeping segs ordered by number (bulk loads publish
// numbers above the write buffer's, which is sealed later).
func (st *tableState) addSegment(sg *segment) {
	i := len(st.segs)
	for i > 0 && st.segs[i-1].Num > sg.Num {
		i--
	}
	st.segs = append(st.segs, nil)
	copy(st.segs[i+1:], st.segs[i:])
	st.segs[i] = sg
}
