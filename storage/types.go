package storage

import (
	"errors"
	"fmt"

	"github.com/cohortdb/cohortdb/contract/read"
)

// The physical types of columns and scans are the read contract's
// (contract/read), so a scan reaches the analytics without a copy.
type (
	Kind    = read.Kind
	Vector  = read.Vector
	ZoneMap = read.ZoneMap
)

const (
	KindInt   = read.KindInt
	KindUint  = read.KindUint
	KindFloat = read.KindFloat
	KindBytes = read.KindBytes
)

// RowID names a row for its whole life: segment number in the high bits,
// position inside the segment in the low 16 bits.
type RowID uint64

// MakeRowID builds the id of position pos in segment seg.
func MakeRowID(seg uint32, pos uint16) RowID { return RowID(uint64(seg)<<16 | uint64(pos)) }

// Segment returns the segment number of the row.
func (id RowID) Segment() uint32 { return uint32(id >> 16) }

// Pos returns the position of the row inside its segment.
func (id RowID) Pos() uint16 { return uint16(id) }

// MaxSegmentRows is the largest number of rows a segment can hold, fixed by
// the 16 position bits of a RowID.
const MaxSegmentRows = 1 << 16

// ColumnDef describes one column. ID is assigned by the store and never
// reused within a table, so chunks of a dropped column are never misread as
// a later column of the same name.
type ColumnDef struct {
	ID       uint32 `json:"id"`
	Name     string `json:"name"`
	Kind     Kind   `json:"kind"`
	Nullable bool   `json:"nullable"`
}

// TableDef describes a table. PrimaryKey and SortKey hold column ordinals
// (indexes into Columns). Meta is owned by the caller (the engine keeps SQL
// types and defaults there) and stored verbatim.
type TableDef struct {
	Name       string      `json:"name"`
	Columns    []ColumnDef `json:"columns"`
	PrimaryKey []int       `json:"primary_key,omitempty"`
	SortKey    []int       `json:"sort_key,omitempty"`
	Indexes    []IndexDef  `json:"indexes,omitempty"`
	Meta       []byte      `json:"meta,omitempty"`
}

// IndexDef is a bitmap index on one column: per sealed segment, one roaring
// bitmap of positions per distinct value, so equality and IN filters
// become bitmap unions before any column is read. Column is the column's
// ID (stable when other columns are added or dropped).
type IndexDef struct {
	Name   string `json:"name"`
	Column uint32 `json:"column"`
}

// IndexOn returns the index on column ordinal ord, if any.
func (d *TableDef) IndexOn(ord int) (IndexDef, bool) {
	id := d.Columns[ord].ID
	for _, ix := range d.Indexes {
		if ix.Column == id {
			return ix, true
		}
	}
	return IndexDef{}, false
}

// ColumnIndex returns the ordinal of the named column (case-insensitive) or -1.
func (d *TableDef) ColumnIndex(name string) int {
	for i := range d.Columns {
		if equalFold(d.Columns[i].Name, name) {
			return i
		}
	}
	return -1
}

// Row is one row as the write path takes it and point reads return it: one
// element per column of the TableDef, each nil (NULL), int64 (KindInt),
// uint64 (KindUint), float64 (KindFloat) or string (KindBytes).
type Row []any

// Errors callers branch on. Wrapped errors keep them reachable via errors.Is.
var (
	ErrDatabaseExists   = errors.New("database exists")
	ErrDatabaseNotFound = errors.New("database not found")
	ErrTableExists      = errors.New("table exists")
	ErrTableNotFound    = read.ErrTableNotFound
	ErrColumnExists     = errors.New("column exists")
	ErrColumnNotFound   = errors.New("column not found")
	ErrRowNotFound      = errors.New("row not found")
	ErrConflict         = errors.New("write conflict with a concurrent transaction")
	ErrClosed           = errors.New("store is closed")
	ErrUnknownFormat    = errors.New("unknown data format version")
	ErrIndexExists      = errors.New("index exists")
	ErrIndexNotFound    = errors.New("index not found")
)

// DuplicateKeyError reports an insert whose primary key is already taken.
type DuplicateKeyError struct {
	Table string
	Key   Row // the key values, in primary-key order
}

func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("duplicate primary key %v in table %s", []any(e.Key), e.Table)
}
