package storage

import (
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// AddColumn inserts col at ordinal pos (len(Columns) appends). Existing rows
// read NULL in the new column. meta, when not nil, replaces the caller's
// table metadata in the same atomic change. The write buffer is sealed
// first, so that every buffered row chunk always matches the current
// columns.
func (s *Store) AddColumn(db, table string, col ColumnDef, pos int, meta []byte) error {
	return s.ddl(db, table, "add column", func(b *pebble.Batch, t *Table, st *tableState) (*tableState, error) {
		def := &st.desc.Def
		if def.ColumnIndex(col.Name) >= 0 {
			return nil, fmt.Errorf("column %s: %w", col.Name, ErrColumnExists)
		}
		if !col.Kind.Valid() {
			return nil, fmt.Errorf("column %s: invalid kind %d", col.Name, col.Kind)
		}
		if pos < 0 || pos > len(def.Columns) {
			pos = len(def.Columns)
		}
		if err := sealIfBuffered(b, t, st); err != nil {
			return nil, err
		}
		st.desc.NextColID++
		col.ID = st.desc.NextColID
		def.Columns = append(def.Columns[:pos], append([]ColumnDef{col}, def.Columns[pos:]...)...)
		shiftOrdinals(def, pos, +1)
		setMeta(def, meta)
		st.desc.Gen++
		return st, putDescriptor(b, t, &st.desc)
	})
}

// DropColumn removes a column and its chunks; primary-key columns cannot be
// dropped. meta, when not nil, replaces the caller's table metadata in the
// same atomic change.
func (s *Store) DropColumn(db, table, name string, meta []byte) error {
	return s.ddl(db, table, "drop column", func(b *pebble.Batch, t *Table, st *tableState) (*tableState, error) {
		def := &st.desc.Def
		ord := def.ColumnIndex(name)
		if ord < 0 {
			return nil, fmt.Errorf("column %s: %w", name, ErrColumnNotFound)
		}
		for _, o := range def.PrimaryKey {
			if o == ord {
				return nil, fmt.Errorf("column %s is part of the primary key", name)
			}
		}
		if len(def.Columns) == 1 {
			return nil, fmt.Errorf("cannot drop the only column %s", name)
		}
		if err := sealIfBuffered(b, t, st); err != nil {
			return nil, err
		}
		id := def.Columns[ord].ID
		for _, sg := range st.segs {
			if err := b.Delete(chunkKey(st.desc.ID, sg.Num, id), nil); err != nil {
				return nil, err
			}
		}
		def.Columns = append(def.Columns[:ord], def.Columns[ord+1:]...)
		def.SortKey = removeOrdinal(def.SortKey, ord)
		shiftOrdinals(def, ord, -1)
		setMeta(def, meta)
		st.desc.Gen++
		return st, putDescriptor(b, t, &st.desc)
	})
}

func sealIfBuffered(b *pebble.Batch, t *Table, st *tableState) error {
	if st.bufLen == 0 {
		return nil
	}
	return seal(b, t, st)
}

// shiftOrdinals moves key ordinals at or after pos by delta.
func shiftOrdinals(def *TableDef, pos, delta int) {
	for _, list := range [][]int{def.PrimaryKey, def.SortKey} {
		for i, o := range list {
			if o >= pos {
				list[i] = o + delta
			}
		}
	}
}

func removeOrdinal(list []int, ord int) []int {
	out := list[:0]
	for _, o := range list {
		if o != ord {
			out = append(out, o)
		}
	}
	return out
}

func setMeta(def *TableDef, meta []byte) {
	if meta != nil {
		def.Meta = append([]byte(nil), meta...)
	}
}
