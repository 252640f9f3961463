package storage

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
)

const nextTableIDMeta = "next_table_id"

func tableMapKey(db, table string) string { return nameKey(db) + "\x00" + nameKey(table) }

// Databases lists database names, sorted.
func (s *Store) Databases() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.dbs))
	for _, n := range s.dbs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// HasDatabase reports whether a database exists (case-insensitive).
func (s *Store) HasDatabase(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.dbs[nameKey(name)]
	return ok
}

// CreateDatabase creates a database; ErrDatabaseExists if it exists.
func (s *Store) CreateDatabase(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return err
	}
	if _, ok := s.dbs[nameKey(name)]; ok {
		return fmt.Errorf("create database %s: %w", name, ErrDatabaseExists)
	}
	if err := s.setSynced(dbKey(name), []byte(name)); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	s.dbs[nameKey(name)] = name
	s.changed()
	return nil
}

// DropDatabase drops a database and all its tables, atomically.
func (s *Store) DropDatabase(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return err
	}
	if _, ok := s.dbs[nameKey(name)]; !ok {
		return fmt.Errorf("drop database %s: %w", name, ErrDatabaseNotFound)
	}
	b := s.db.NewBatch()
	defer b.Close()
	var dropped []*Table
	for _, t := range s.tables {
		if nameKey(t.DB()) == nameKey(name) {
			if err := deleteTableData(b, t.id, true); err != nil {
				return err
			}
			dropped = append(dropped, t)
		}
	}
	if err := b.Delete(dbKey(name), nil); err != nil {
		return err
	}
	if err := s.commitBatch(b, pebble.Sync); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	for _, t := range dropped {
		s.forgetTable(t)
	}
	delete(s.dbs, nameKey(name))
	s.changed()
	return nil
}

// Tables lists the tables of a database, sorted by name.
func (s *Store) Tables(db string) ([]*Table, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.dbs[nameKey(db)]; !ok {
		return nil, fmt.Errorf("database %s: %w", db, ErrDatabaseNotFound)
	}
	var out []*Table
	for _, t := range s.tables {
		if nameKey(t.DB()) == nameKey(db) {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return nameKey(out[i].Name()) < nameKey(out[j].Name()) })
	return out, nil
}

// Table returns a table handle (case-insensitive names); ErrTableNotFound.
func (s *Store) Table(db, name string) (*Table, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tables[tableMapKey(db, name)]
	if t == nil {
		return nil, fmt.Errorf("table %s.%s: %w", db, name, ErrTableNotFound)
	}
	return t, nil
}

// CreateTable creates a table; column IDs in def are assigned here.
func (s *Store) CreateTable(db string, def TableDef) (*Table, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return nil, err
	}
	if _, ok := s.dbs[nameKey(db)]; !ok {
		return nil, fmt.Errorf("create table %s.%s: %w", db, def.Name, ErrDatabaseNotFound)
	}
	if s.tables[tableMapKey(db, def.Name)] != nil {
		return nil, fmt.Errorf("create table %s.%s: %w", db, def.Name, ErrTableExists)
	}
	def = cloneDef(def)
	if err := validateDef(&def); err != nil {
		return nil, fmt.Errorf("create table %s.%s: %w", db, def.Name, err)
	}
	desc := descriptor{ID: s.nextTableID, DB: s.dbs[nameKey(db)], Def: def, BufSeg: 0}
	t := &Table{store: s, id: desc.ID}
	t.nextSeg.Store(1)
	for i := range desc.Def.Columns {
		desc.NextColID++
		desc.Def.Columns[i].ID = desc.NextColID
	}
	b := s.db.NewBatch()
	defer b.Close()
	if err := putDescriptor(b, t, &desc); err != nil {
		return nil, err
	}
	if err := b.Set(metaKey(nextTableIDMeta), []byte(strconv.FormatUint(desc.ID+1, 10)), nil); err != nil {
		return nil, err
	}
	if err := s.commitBatch(b, pebble.Sync); err != nil {
		return nil, fmt.Errorf("create table %s.%s: %w", db, def.Name, err)
	}
	s.nextTableID++
	t.state.Store(&tableState{desc: desc, deletes: map[uint32]*roaring.Bitmap{}})
	s.tables[tableMapKey(db, def.Name)] = t
	s.changed()
	return t, nil
}

func validateDef(def *TableDef) error {
	if def.Name == "" || len(def.Columns) == 0 {
		return fmt.Errorf("a table needs a name and at least one column")
	}
	seen := map[string]bool{}
	for _, c := range def.Columns {
		if !c.Kind.Valid() {
			return fmt.Errorf("column %s: invalid kind %d", c.Name, c.Kind)
		}
		if seen[nameKey(c.Name)] {
			return fmt.Errorf("column %s: %w", c.Name, ErrColumnExists)
		}
		seen[nameKey(c.Name)] = true
	}
	for _, list := range [][]int{def.PrimaryKey, def.SortKey} {
		for _, o := range list {
			if o < 0 || o >= len(def.Columns) {
				return fmt.Errorf("key column ordinal %d out of range", o)
			}
		}
	}
	return nil
}

// DropTable drops a table and all its data.
func (s *Store) DropTable(db, name string) error {
	return s.ddl(db, name, "drop table", func(b *pebble.Batch, t *Table, st *tableState) (*tableState, error) {
		if err := deleteTableData(b, t.id, true); err != nil {
			return nil, err
		}
		st.desc.Dropped = true
		st.desc.Gen++
		return st, nil
	})
}

// TruncateTable removes every row of a table, atomically.
func (s *Store) TruncateTable(db, name string) error {
	return s.ddl(db, name, "truncate table", func(b *pebble.Batch, t *Table, st *tableState) (*tableState, error) {
		if err := deleteTableData(b, t.id, false); err != nil {
			return nil, err
		}
		st.segs, st.buf, st.bufLen = nil, nil, 0
		st.deletes = map[uint32]*roaring.Bitmap{}
		st.desc.BufSeg = t.reserveSeg()
		st.desc.Gen++
		return st, putDescriptor(b, t, &st.desc)
	})
}

// RenameTable renames a table within its database.
func (s *Store) RenameTable(db, oldName, newName string) error {
	if s.hasTable(db, newName) {
		return fmt.Errorf("rename table %s.%s to %s: %w", db, oldName, newName, ErrTableExists)
	}
	return s.ddl(db, oldName, "rename table", func(b *pebble.Batch, t *Table, st *tableState) (*tableState, error) {
		st.desc.Def.Name = newName
		return st, putDescriptor(b, t, &st.desc)
	})
}

func (s *Store) hasTable(db, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tables[tableMapKey(db, name)] != nil
}

// SetTableMeta replaces the caller-owned metadata of a table.
func (s *Store) SetTableMeta(db, table string, meta []byte) error {
	return s.ddl(db, table, "alter table", func(b *pebble.Batch, t *Table, st *tableState) (*tableState, error) {
		st.desc.Def.Meta = append([]byte(nil), meta...)
		return st, putDescriptor(b, t, &st.desc)
	})
}

// ddl runs a catalog change of one table under the store lock: fn edits a
// clone of the current state and adds its writes to a batch; the batch is
// committed with sync before the new state is published.
func (s *Store) ddl(db, name, what string, fn func(*pebble.Batch, *Table, *tableState) (*tableState, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return err
	}
	key := tableMapKey(db, name)
	t := s.tables[key]
	if t == nil {
		return fmt.Errorf("%s %s.%s: %w", what, db, name, ErrTableNotFound)
	}
	b := s.db.NewBatch()
	defer b.Close()
	st, err := fn(b, t, t.state.Load().clone())
	if err != nil {
		return fmt.Errorf("%s %s.%s: %w", what, db, name, err)
	}
	if err := s.commitBatch(b, pebble.Sync); err != nil {
		return fmt.Errorf("%s %s.%s: %w", what, db, name, err)
	}
	t.state.Store(st)
	s.cache.forget(t.id)
	s.indexes.forget(t.id)
	delete(s.tables, key)
	if !st.desc.Dropped {
		s.tables[tableMapKey(db, st.desc.Def.Name)] = t
	}
	s.changed()
	return nil
}

func (s *Store) forgetTable(t *Table) {
	st := t.state.Load().clone()
	st.desc.Dropped = true
	st.desc.Gen++
	t.state.Store(st)
	s.cache.forget(t.id)
	s.indexes.forget(t.id)
	delete(s.tables, tableMapKey(st.desc.DB, st.desc.Def.Name))
}

// deleteTableData removes a table's rows (and its descriptor when all).
func deleteTableData(b *pebble.Batch, tid uint64, all bool) error {
	for _, p := range []byte{prefixSegment, prefixChunk, prefixDeletes, prefixBuffer, prefixPK, prefixIndex} {
		start := tablePrefix(p, tid)
		if err := b.DeleteRange(start, prefixEnd(start), nil); err != nil {
			return err
		}
	}
	if all {
		return b.Delete(tableKey(tid), nil)
	}
	return nil
}

func (s *Store) usable() error {
	if s.closed {
		return ErrClosed
	}
	return nil
}
