package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/storage"
)

var _ sql.AlterableTable = (*Table)(nil)
var _ sql.TruncateableTable = (*Table)(nil)

// AddColumn adds a column at the given position; existing rows read NULL
// (GMS then fills defaults through Updater on this same handle, which is
// why the handle is refreshed in place).
func (t *Table) AddColumn(ctx *sql.Context, col *sql.Column, order *sql.ColumnOrder) error {
	cd, err := columnDefFor(col)
	if err != nil {
		return err
	}
	pos := len(t.sch.def.Columns)
	if order != nil {
		if order.First {
			pos = 0
		} else if order.AfterColumn != "" {
			i := t.columnIndex(order.AfterColumn)
			if i < 0 {
				return sql.ErrTableColumnNotFound.New(t.Name(), order.AfterColumn)
			}
			pos = i + 1
		}
	}
	meta := t.sch.meta.Clone()
	meta.SetColumn(col.Name, newColumnMeta(col))
	// The column and its SQL metadata change in one atomic store call, so a
	// crash cannot leave a column without its type.
	if err := t.db.p.store.AddColumn(t.db.name, t.Name(), cd, pos, meta.Encode()); err != nil {
		if errors.Is(err, storage.ErrColumnExists) {
			return sql.ErrColumnExists.New(col.Name)
		}
		return fmt.Errorf("add column %s to %s: %w", col.Name, t.Name(), err)
	}
	return t.refresh(ctx)
}

// DropColumn removes a column and its data.
func (t *Table) DropColumn(ctx *sql.Context, name string) error {
	meta := t.sch.meta.Clone()
	delete(meta.Columns, strings.ToLower(name))
	if err := t.db.p.store.DropColumn(t.db.name, t.Name(), name, meta.Encode()); err != nil {
		if errors.Is(err, storage.ErrColumnNotFound) {
			return sql.ErrTableColumnNotFound.New(t.Name(), name)
		}
		return fmt.Errorf("drop column %s from %s: %w", name, t.Name(), err)
	}
	return t.refresh(ctx)
}

// ModifyColumn supports only changes that leave the stored values valid:
// same name, kind and nullability (defaults, comments, the SQL type
// spelling of the same kind). Anything else needs a table rewrite, which
// is not implemented yet.
func (t *Table) ModifyColumn(ctx *sql.Context, name string, col *sql.Column, order *sql.ColumnOrder) error {
	i := t.columnIndex(name)
	if i < 0 {
		return sql.ErrTableColumnNotFound.New(t.Name(), name)
	}
	old := t.sch.pk.Schema[i]
	c, err := newCodec(col.Type)
	if err != nil {
		return err
	}
	if !strings.EqualFold(old.Name, col.Name) || order != nil || old.Nullable != col.Nullable ||
		c.kind != t.sch.codecs[i].kind || !sameTypeFamily(old.Type, col.Type) {
		return notSupported("ALTER TABLE that renames, moves or changes the type or nullability of a column (it needs a table rewrite)")
	}
	meta := t.sch.meta.Clone()
	meta.SetColumn(name, newColumnMeta(col))
	return t.saveMeta(ctx, meta)
}

// sameTypeFamily allows only type changes that cannot invalidate stored
// values: identical types.
func sameTypeFamily(a, b sql.Type) bool { return a.Equals(b) }

func (t *Table) saveMeta(ctx *sql.Context, meta *tableMeta) error {
	if err := t.db.p.store.SetTableMeta(t.db.name, t.Name(), meta.Encode()); err != nil {
		return wrapStorageErr(err, "save schema of %s", t.Name())
	}
	return t.refresh(ctx)
}

// Truncate removes every row. Outside an explicit transaction it uses the
// store's atomic truncate; inside one (BEGIN … DELETE FROM t … ROLLBACK)
// it deletes row by row through the transaction so ROLLBACK restores them.
func (t *Table) Truncate(ctx *sql.Context) (int, error) {
	tx, err := currentTxn(ctx)
	if err != nil {
		return 0, err
	}
	snap := tx.Snapshot(t.st)
	n := int(snap.RowCount())
	if ctx.GetIgnoreAutoCommit() || tx.Dirty() {
		return n, deleteAll(tx, t.st, snap)
	}
	if err := t.db.p.store.TruncateTable(t.db.name, t.Name()); err != nil {
		return 0, wrapStorageErr(err, "truncate %s", t.Name())
	}
	return n, nil
}

func deleteAll(tx *storage.Txn, st *storage.Table, snap *storage.Snapshot) error {
	var ids []storage.RowID
	err := snap.Scan(storage.ScanRequest{Columns: []int{}}, func(b *storage.Batch) error {
		n := b.Live()
		for k := 0; k < n; k++ {
			pos := k
			if b.Sel != nil {
				pos = int(b.Sel[k])
			}
			ids = append(ids, storage.BatchRowID(b, pos))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("scan %s: %w", st.Name(), err)
	}
	for _, id := range ids {
		if err := tx.Delete(st, id); err != nil {
			return wrapStorageErr(err, "delete from %s", st.Name())
		}
	}
	return nil
}
