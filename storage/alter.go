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
			if err := b.Delete(indexKey(st.desc.ID, sg.Num, id), nil); err != nil {
				return nil, err
			}
		}
		def.Indexes = removeIndexOn(def.Indexes, id)
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

// CreateIndex adds a bitmap index on one column and builds it for every
// sealed segment, in one atomic change. meta, when not nil, replaces the
// caller's table metadata in the same change.
func (s *Store) CreateIndex(db, table string, ix IndexDef, ord int, meta []byte) error {
	return s.ddl(db, table, "create index", func(b *pebble.Batch, t *Table, st *tableState) (*tableState, error) {
		def := &st.desc.Def
		if ord < 0 || ord >= len(def.Columns) {
			return nil, fmt.Errorf("index %s: %w", ix.Name, ErrColumnNotFound)
		}
		for _, e := range def.Indexes {
			if equalFold(e.Name, ix.Name) {
				return nil, fmt.Errorf("index %s: %w", ix.Name, ErrIndexExists)
			}
			if e.Column == def.Columns[ord].ID {
				return nil, fmt.Errorf("column %s already has index %s: %w", def.Columns[ord].Name, e.Name, ErrIndexExists)
			}
		}
		ix.Column = def.Columns[ord].ID
		def.Indexes = append(def.Indexes, ix)
		if err := s.buildIndexes(b, st, ord); err != nil {
			return nil, err
		}
		setMeta(def, meta)
		return st, putDescriptor(b, t, &st.desc)
	})
}

// buildIndexes writes the index chunks of column ord for every sealed
// segment of st.
func (s *Store) buildIndexes(b *pebble.Batch, st *tableState, ord int) error {
	col := st.desc.Def.Columns[ord]
	var v Vector
	var raw []byte
	for _, sg := range st.segs {
		var err error
		if raw, err = s.readChunk(&v, st.desc.ID, sg.Num, col, sg.Rows, raw); err != nil {
			return err
		}
		if err := writeIndexes(b, &st.desc, sg.Num, ord, &v); err != nil {
			return err
		}
	}
	return nil
}

// DropIndex removes a bitmap index and its chunks.
func (s *Store) DropIndex(db, table, name string, meta []byte) error {
	return s.ddl(db, table, "drop index", func(b *pebble.Batch, t *Table, st *tableState) (*tableState, error) {
		def := &st.desc.Def
		for i, e := range def.Indexes {
			if !equalFold(e.Name, name) {
				continue
			}
			for _, sg := range st.segs {
				if err := b.Delete(indexKey(st.desc.ID, sg.Num, e.Column), nil); err != nil {
					return nil, err
				}
			}
			def.Indexes = append(def.Indexes[:i], def.Indexes[i+1:]...)
			setMeta(def, meta)
			return st, putDescriptor(b, t, &st.desc)
		}
		return nil, fmt.Errorf("index %s: %w", name, ErrIndexNotFound)
	})
}

// RenameIndex renames a bitmap index.
func (s *Store) RenameIndex(db, table, from, to string, meta []byte) error {
	return s.ddl(db, table, "rename index", func(b *pebble.Batch, t *Table, st *tableState) (*tableState, error) {
		def := &st.desc.Def
		at := -1
		for i, e := range def.Indexes {
			if equalFold(e.Name, to) {
				return nil, fmt.Errorf("index %s: %w", to, ErrIndexExists)
			}
			if equalFold(e.Name, from) {
				at = i
			}
		}
		if at < 0 {
			return nil, fmt.Errorf("index %s: %w", from, ErrIndexNotFound)
		}
		def.Indexes[at].Name = to
		setMeta(def, meta)
		return st, putDescriptor(b, t, &st.desc)
	})
}

func removeIndexOn(list []IndexDef, col uint32) []IndexDef {
	out := list[:0]
	for _, ix := range list {
		if ix.Column != col {
			out = append(out, ix)
		}
	}
	return out
}

// SetSortKey declares the table's sort key by column names (none: the
// table has no sort key). Rows keep their place until the next
// compaction, which writes segments in the new order; nothing else
// changes, so open transactions are not disturbed.
func (s *Store) SetSortKey(db, table string, cols []string) error {
	return s.ddl(db, table, "set sort key", func(b *pebble.Batch, t *Table, st *tableState) (*tableState, error) {
		def := &st.desc.Def
		ords := make([]int, 0, len(cols))
		for _, name := range cols {
			ord := def.ColumnIndex(name)
			if ord < 0 {
				return nil, fmt.Errorf("sort key column %s: %w", name, ErrColumnNotFound)
			}
			ords = append(ords, ord)
		}
		def.SortKey = ords
		return st, putDescriptor(b, t, &st.desc)
	})
}
