package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
)

// tempEditor writes a temporary table for one statement (INSERT,
// UPDATE, DELETE, REPLACE). Every slot it changes is journaled with what
// the slot held before, so a statement that fails part-way is undone.
type tempEditor struct {
	t    *TempTable
	undo []tempUndo
}

// tempUndo is what one slot held before a change: nil for an empty slot.
type tempUndo struct {
	slot   int
	before sql.Row
}

var _ sql.RowInserter = (*tempEditor)(nil)
var _ sql.RowUpdater = (*tempEditor)(nil)
var _ sql.RowDeleter = (*tempEditor)(nil)
var _ sql.RowReplacer = (*tempEditor)(nil)

func (e *tempEditor) StatementBegin(*sql.Context) { e.undo = e.undo[:0] }

// DiscardChanges puts back every slot the statement changed, last first.
func (e *tempEditor) DiscardChanges(*sql.Context, error) error {
	e.t.mu.Lock()
	defer e.t.mu.Unlock()
	for i := len(e.undo) - 1; i >= 0; i-- {
		e.t.set(e.undo[i].slot, e.undo[i].before)
	}
	e.undo = e.undo[:0]
	return nil
}

func (e *tempEditor) StatementComplete(*sql.Context) error {
	e.undo = e.undo[:0]
	e.t.mu.Lock()
	defer e.t.mu.Unlock()
	e.t.compact()
	return nil
}

func (e *tempEditor) Close(*sql.Context) error { return nil }

// Insert appends row; a primary key already present is MySQL's
// duplicate-entry error (1062).
func (e *tempEditor) Insert(ctx *sql.Context, row sql.Row) error {
	t := e.t
	row, err := t.stored(ctx, row)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.sch.PkOrdinals) > 0 {
		if slots := t.keys[t.keyOf(row)]; len(slots) > 0 {
			return t.dupPK(ctx, row, t.rows[slots[0]])
		}
	}
	if err := t.uniqueConflict(ctx, row, -1); err != nil {
		return err
	}
	t.rows = append(t.rows, nil)
	t.holes++
	e.change(len(t.rows)-1, row)
	t.noteAutoInc(ctx, row)
	return nil
}

// Update replaces the slot holding old with new.
func (e *tempEditor) Update(ctx *sql.Context, old, new sql.Row) error {
	t := e.t
	old, err := t.stored(ctx, old)
	if err != nil {
		return err
	}
	if new, err = t.stored(ctx, new); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	slot, ok := t.find(old)
	if !ok {
		return sql.ErrDeleteRowNotFound.New()
	}
	if len(t.sch.PkOrdinals) > 0 {
		if k := t.keyOf(new); k != t.keyOf(old) && len(t.keys[k]) > 0 {
			return t.dupPK(ctx, new, t.rows[t.keys[k][0]])
		}
	}
	if err := t.uniqueConflict(ctx, new, slot); err != nil {
		return err
	}
	e.change(slot, new)
	return nil
}

// Delete empties the slot holding row.
func (e *tempEditor) Delete(ctx *sql.Context, row sql.Row) error {
	t := e.t
	row, err := t.stored(ctx, row)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	slot, ok := t.find(row)
	if !ok {
		return sql.ErrDeleteRowNotFound.New()
	}
	e.change(slot, nil)
	return nil
}

// change sets a slot, journaling what it held. The table is locked.
func (e *tempEditor) change(slot int, row sql.Row) {
	e.undo = append(e.undo, tempUndo{slot, e.t.rows[slot]})
	e.t.set(slot, row)
}

// set puts row (nil: none) into slot, keeping keys and holes right. The
// table is locked.
func (t *TempTable) set(slot int, row sql.Row) {
	if old := t.rows[slot]; old != nil {
		k := t.keyOf(old)
		t.keys[k] = removeSlot(t.keys[k], slot)
		if len(t.keys[k]) == 0 {
			delete(t.keys, k)
		}
		t.indexSlot(old, slot, false)
		t.holes++
	}
	t.rows[slot] = row
	if row != nil {
		k := t.keyOf(row)
		t.keys[k] = append(t.keys[k], slot)
		t.indexSlot(row, slot, true)
		t.holes--
	}
}

// find is a slot holding row (by its key). The table is locked.
func (t *TempTable) find(row sql.Row) (int, bool) {
	slots := t.keys[t.keyOf(row)]
	if len(slots) == 0 {
		return 0, false
	}
	return slots[0], true
}

// compact drops the empty slots once they are most of the table. The
// table is locked and no statement is writing it.
func (t *TempTable) compact() {
	if t.holes < 64 || t.holes < len(t.rows)/2 {
		return
	}
	rows := make([]sql.Row, 0, len(t.rows)-t.holes)
	for _, r := range t.rows {
		if r != nil {
			rows = append(rows, r)
		}
	}
	t.rows, t.keys, t.holes = rows, make(map[string][]int, len(rows)), 0
	for i, r := range rows {
		k := t.keyOf(r)
		t.keys[k] = append(t.keys[k], i)
		t.indexSlot(r, i, true)
	}
}

func removeSlot(slots []int, slot int) []int {
	for i, s := range slots {
		if s == slot {
			return append(slots[:i], slots[i+1:]...)
		}
	}
	return slots
}
