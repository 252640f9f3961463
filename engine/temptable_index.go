package engine

import (
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
)

// Secondary indexes of temporary tables (KEY and UNIQUE KEY in CREATE
// TEMPORARY TABLE, CREATE INDEX): reads scan the table whatever its
// indexes, so a plain index is only its definition; a UNIQUE one also
// finds the slot holding each key, so that a duplicate is refused (NULLs
// never collide, as in MySQL).

var _ sql.IndexAlterableTable = (*TempTable)(nil)

// tempIndex is one secondary index.
type tempIndex struct {
	def   sql.IndexDef
	cols  []int
	slots map[string]int // UNIQUE: key → slot; nil otherwise
}

// CreateIndex adds an index; a UNIQUE one over rows that already repeat
// a key is refused.
func (t *TempTable) CreateIndex(ctx *sql.Context, def sql.IndexDef) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, ix := range t.indexes {
		if strings.EqualFold(ix.def.Name, def.Name) {
			return sql.ErrDuplicateKey.New(def.Name)
		}
	}
	ix := tempIndex{def: def}
	for _, c := range def.Columns {
		i := t.sch.Schema.IndexOfColName(c.Name)
		if i < 0 {
			return sql.ErrKeyColumnDoesNotExist.New(c.Name)
		}
		ix.cols = append(ix.cols, i)
	}
	if def.IsUnique() {
		ix.slots = map[string]int{}
		for slot, r := range t.rows {
			k, ok := uniqueKey(r, ix.cols)
			if r == nil || !ok {
				continue
			}
			if _, dup := ix.slots[k]; dup {
				return dupEntryErr(ctx, t.name, ix.def.Name, t.sch.Schema, ix.cols, r, r, false)
			}
			ix.slots[k] = slot
		}
	}
	t.indexes = append(t.indexes, ix)
	return nil
}

// DropIndex removes an index.
func (t *TempTable) DropIndex(ctx *sql.Context, name string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, ix := range t.indexes {
		if strings.EqualFold(ix.def.Name, name) {
			t.indexes = append(t.indexes[:i], t.indexes[i+1:]...)
			return nil
		}
	}
	return sql.ErrIndexNotFound.New(name)
}

// RenameIndex renames an index.
func (t *TempTable) RenameIndex(ctx *sql.Context, from, to string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, ix := range t.indexes {
		if strings.EqualFold(ix.def.Name, from) {
			t.indexes[i].def.Name = to
			return nil
		}
	}
	return sql.ErrIndexNotFound.New(from)
}

// uniqueConflict is the duplicate-entry error of row against the UNIQUE
// indexes, ignoring slot except (the row's own, for an UPDATE; -1 for
// none). The table is locked.
func (t *TempTable) uniqueConflict(ctx *sql.Context, row sql.Row, except int) error {
	for _, ix := range t.indexes {
		if ix.slots == nil {
			continue
		}
		k, ok := uniqueKey(row, ix.cols)
		if !ok {
			continue
		}
		if slot, dup := ix.slots[k]; dup && slot != except {
			return dupEntryErr(ctx, t.name, ix.def.Name, t.sch.Schema, ix.cols, row, t.rows[slot], false)
		}
	}
	return nil
}

// indexSlot records (row non-nil) or forgets row at slot in the UNIQUE
// indexes. The table is locked.
func (t *TempTable) indexSlot(row sql.Row, slot int, add bool) {
	for _, ix := range t.indexes {
		if ix.slots == nil {
			continue
		}
		k, ok := uniqueKey(row, ix.cols)
		switch {
		case !ok:
		case add:
			ix.slots[k] = slot
		case ix.slots[k] == slot:
			delete(ix.slots, k)
		}
	}
}

// uniqueKey is the key text of row's cols; ok is false when one is NULL
// (NULLs never collide in a UNIQUE index).
func uniqueKey(row sql.Row, cols []int) (string, bool) {
	var b strings.Builder
	for _, i := range cols {
		if row[i] == nil {
			return "", false
		}
		fmt.Fprintf(&b, "%T:%v\x00", row[i], row[i])
	}
	return b.String(), true
}

var _ sql.IndexAddressableTable = (*TempTable)(nil)

// GetIndexes offers the planner no index: a temporary table is always
// scanned (so SHOW INDEX and SHOW CREATE TABLE do not list its secondary
// indexes either).
func (t *TempTable) GetIndexes(*sql.Context) ([]sql.Index, error) { return nil, nil }

// IndexedAccess is never called: GetIndexes offers no index.
func (t *TempTable) IndexedAccess(*sql.Context, sql.IndexLookup) sql.IndexedTable { return nil }

// PreciseMatch: there are no index lookups to be precise about.
func (t *TempTable) PreciseMatch() bool { return false }
