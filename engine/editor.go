package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/storage"
)

var _ sql.InsertableTable = (*Table)(nil)
var _ sql.UpdatableTable = (*Table)(nil)
var _ sql.DeletableTable = (*Table)(nil)
var _ sql.ReplaceableTable = (*Table)(nil)

// Inserter returns an editor writing through the session's transaction.
func (t *Table) Inserter(ctx *sql.Context) sql.RowInserter { return t.editor() }

// Updater returns an editor writing through the session's transaction.
func (t *Table) Updater(ctx *sql.Context) sql.RowUpdater { return t.editor() }

// Deleter returns an editor writing through the session's transaction.
func (t *Table) Deleter(ctx *sql.Context) sql.RowDeleter { return t.editor() }

// Replacer returns an editor writing through the session's transaction.
func (t *Table) Replacer(ctx *sql.Context) sql.RowReplacer { return t.editor() }

func (t *Table) editor() *editor { return &editor{t: t.withAllColumns()} }

// editor applies one statement's writes to the session's storage.Txn.
// Rows arrive as full GMS rows (never projected). UPDATE is delete plus
// insert; the old row is found by primary key, or for keyless tables by
// content (see contentIndex). A failed statement rolls back to the mark
// taken at StatementBegin, so it changes nothing.
type editor struct {
	t       *Table
	tx      *storage.Txn
	mark    storage.Mark
	content *contentIndex // keyless tables: built lazily per statement
	frozen  bool          // StatementBegin froze the table's view
}

var _ sql.TableEditor = (*editor)(nil)

// StatementBegin marks the transaction so the statement can be undone,
// and freezes the table's view: the statement's scans of the table read
// it as of now, not the rows it writes (see storage.Txn.Freeze).
func (e *editor) StatementBegin(ctx *sql.Context) {
	e.content = nil
	tx, err := currentTxn(ctx)
	if err != nil {
		return // reported by the first write
	}
	e.tx, e.mark = tx, tx.Mark()
	if !e.frozen {
		tx.Freeze(e.t.st)
		e.frozen = true
	}
}

// thaw ends the statement's frozen view (once, whichever of
// StatementComplete, DiscardChanges and Close comes first).
func (e *editor) thaw() {
	if e.frozen && e.tx != nil {
		e.tx.Thaw(e.t.st)
	}
	e.frozen = false
}

// DiscardChanges undoes every write since StatementBegin.
func (e *editor) DiscardChanges(ctx *sql.Context, _ error) error {
	e.content = nil
	e.thaw()
	if e.tx != nil {
		e.tx.RollbackTo(e.mark)
	}
	return nil
}

// StatementComplete keeps the statement's writes in the transaction.
func (e *editor) StatementComplete(ctx *sql.Context) error {
	e.content = nil
	e.thaw()
	return nil
}

// Close ends the editor; the transaction commits the writes.
func (e *editor) Close(ctx *sql.Context) error {
	e.thaw()
	return nil
}

func (e *editor) txn(ctx *sql.Context) (*storage.Txn, error) {
	if e.tx == nil {
		tx, err := currentTxn(ctx)
		if err != nil {
			return nil, err
		}
		e.tx, e.mark = tx, tx.Mark()
	}
	return e.tx, nil
}

// Insert adds a row. A taken primary key becomes ER_DUP_ENTRY (1062),
// carrying the existing row so ON DUPLICATE KEY UPDATE can use it.
func (e *editor) Insert(ctx *sql.Context, row sql.Row) error {
	tx, err := e.txn(ctx)
	if err != nil {
		return err
	}
	srow, err := e.t.encodeRow(ctx, row)
	if err != nil {
		return err
	}
	if _, err := tx.Insert(e.t.st, srow); err != nil {
		return e.insertError(ctx, tx, row, err)
	}
	return nil
}

func (e *editor) insertError(ctx *sql.Context, tx *storage.Txn, row sql.Row, err error) error {
	var dup *storage.DuplicateKeyError
	if !errors.As(err, &dup) {
		return wrapStorageErr(err, "insert into %s", e.t.Name())
	}
	existing, _ := e.t.fetchRowByKey(ctx, tx.Current(e.t.st), dup.Key)
	pk := e.t.sch.pk
	return dupEntryErr(ctx, e.t.Name(), "PRIMARY", pk.Schema, pk.PkOrdinals, row, existing, true)
}

// Update replaces old by new.
func (e *editor) Update(ctx *sql.Context, old, new sql.Row) error {
	if err := e.Delete(ctx, old); err != nil {
		return err
	}
	return e.Insert(ctx, new)
}

// Delete removes the row equal to row (by key, or by content).
func (e *editor) Delete(ctx *sql.Context, row sql.Row) error {
	tx, err := e.txn(ctx)
	if err != nil {
		return err
	}
	id, found, err := e.findRow(ctx, tx, row)
	if err != nil {
		return err
	}
	if !found {
		return sql.ErrDeleteRowNotFound.New()
	}
	if err := tx.Delete(e.t.st, id); err != nil {
		return wrapStorageErr(err, "delete from %s", e.t.Name())
	}
	return nil
}

// findRow returns the id of the live row equal to row. GMS deletes only
// rows it read from the table (UPDATE's old row, REPLACE's and ON
// DUPLICATE KEY UPDATE's existing one), so row is encoded as it is,
// without codec.store's rule: a CHAR value stored with its trailing
// spaces before they were dropped on write is still found.
func (e *editor) findRow(ctx *sql.Context, tx *storage.Txn, row sql.Row) (storage.RowID, bool, error) {
	srow, err := e.t.encodeRowWith(ctx, row, (*codec).encode)
	if err != nil {
		return 0, false, err
	}
	if pk := e.t.sch.def.PrimaryKey; len(pk) > 0 {
		key := make(storage.Row, len(pk))
		for i, o := range pk {
			key[i] = srow[o]
		}
		id, found, err := tx.Current(e.t.st).LookupPK(key)
		if err != nil {
			return 0, false, wrapStorageErr(err, "lookup %s", e.t.Name())
		}
		return id, found, nil
	}
	snap := tx.Snapshot(e.t.st)
	if e.content == nil {
		e.content = newContentIndex(snap.Def())
	}
	id, found, err := e.content.take(snap, srow)
	if err != nil {
		return 0, false, wrapStorageErr(err, "scan %s", e.t.Name())
	}
	return id, found, nil
}

// appendRowKey appends an unambiguous encoding of a storage row.
func appendRowKey(dst []byte, row storage.Row) []byte {
	for _, v := range row {
		switch x := v.(type) {
		case nil:
			dst = append(dst, 0)
		case int64:
			dst = binary.BigEndian.AppendUint64(append(dst, 1), uint64(x))
		case uint64:
			dst = binary.BigEndian.AppendUint64(append(dst, 2), x)
		case float64:
			dst = binary.BigEndian.AppendUint64(append(dst, 3), math.Float64bits(x))
		case string:
			dst = binary.AppendUvarint(append(dst, 4), uint64(len(x)))
			dst = append(dst, x...)
		}
	}
	return dst
}

// encodeRow converts a full GMS row to a storage row in the layout of the
// table's current definition, as it is written (see codec.store).
func (t *Table) encodeRow(ctx *sql.Context, row sql.Row) (storage.Row, error) {
	return t.encodeRowWith(ctx, row, (*codec).store)
}

func (t *Table) encodeRowWith(ctx *sql.Context, row sql.Row, enc func(*codec, *sql.Context, any) (any, error)) (storage.Row, error) {
	if len(row) != len(t.sch.codecs) {
		return nil, fmt.Errorf("table %s: row has %d values, want %d", t.Name(), len(row), len(t.sch.codecs))
	}
	out := make(storage.Row, len(row))
	for i, v := range row {
		ev, err := enc(t.sch.codecs[i], ctx, v)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

// fetchRowByKey reads the full GMS row with the given storage key.
func (t *Table) fetchRowByKey(ctx *sql.Context, snap *storage.Snapshot, key storage.Row) (sql.Row, error) {
	id, found, err := snap.LookupPK(key)
	if err != nil || !found {
		return nil, err
	}
	srow, err := snap.Get(id, nil)
	if err != nil {
		return nil, err
	}
	return t.decodeRow(srow, t.mapColumns(snap.Def(), t.outputColumns()))
}
