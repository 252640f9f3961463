package engine

import (
	"errors"
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/storage"
)

// Database is a handle on one database of the store. It holds no state
// beyond its name: tables are looked up in the store's catalog on every
// call, so DDL by any session is seen by the next statement.
type Database struct {
	p    *Provider
	name string
}

var _ sql.Database = (*Database)(nil)
var _ sql.TableCreator = (*Database)(nil)
var _ sql.TableDropper = (*Database)(nil)
var _ sql.TableRenamer = (*Database)(nil)

// Name returns the database name as created.
func (d *Database) Name() string { return d.name }

// GetTableInsensitive returns the named table, or false if there is none:
// the session's temporary table of that name first (temptable.go).
func (d *Database) GetTableInsensitive(ctx *sql.Context, name string) (sql.Table, bool, error) {
	if t := tempTable(ctx, d.name, name); t != nil {
		return t, true, nil
	}
	st, err := d.p.store.Table(d.name, name)
	if errors.Is(err, storage.ErrTableNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("open table %s.%s: %w", d.name, name, err)
	}
	t, err := newTable(ctx, d, st)
	if err != nil {
		return nil, false, err
	}
	return t, true, nil
}

// GetTableNames lists the database's tables, sorted.
func (d *Database) GetTableNames(ctx *sql.Context) ([]string, error) {
	tables, err := d.p.store.Tables(d.name)
	if err != nil {
		return nil, fmt.Errorf("list tables of %s: %w", d.name, err)
	}
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.Name()
	}
	return names, nil
}

// CreateTable persists a new table; its SQL types, defaults and comments
// go into the definition's Meta so the schema survives a restart.
func (d *Database) CreateTable(ctx *sql.Context, name string, sch sql.PrimaryKeySchema, collation sql.CollationID, comment string) error {
	def, err := tableDefFor(name, sch, collation, comment)
	if err != nil {
		return err
	}
	if _, err := d.p.store.CreateTable(d.name, def); err != nil {
		if errors.Is(err, storage.ErrTableExists) {
			return sql.ErrTableAlreadyExists.New(name)
		}
		return wrapStorageErr(err, "create table %s.%s", d.name, name)
	}
	return nil
}

// DropTable drops a table and its data: the session's temporary table of
// that name when there is one, as in MySQL.
func (d *Database) DropTable(ctx *sql.Context, name string) error {
	if d.dropTemporary(ctx, name) {
		return nil
	}
	if err := d.p.store.DropTable(d.name, name); err != nil {
		if errors.Is(err, storage.ErrTableNotFound) {
			return sql.ErrTableNotFound.New(name)
		}
		return wrapStorageErr(err, "drop table %s.%s", d.name, name)
	}
	d.p.forgetAutoInc(d.name, name)
	return nil
}

// RenameTable renames a table within the database.
func (d *Database) RenameTable(ctx *sql.Context, oldName, newName string) error {
	if err := d.p.store.RenameTable(d.name, oldName, newName); err != nil {
		switch {
		case errors.Is(err, storage.ErrTableNotFound):
			return sql.ErrTableNotFound.New(oldName)
		case errors.Is(err, storage.ErrTableExists):
			return sql.ErrTableAlreadyExists.New(newName)
		}
		return wrapStorageErr(err, "rename table %s.%s", d.name, oldName)
	}
	d.p.forgetAutoInc(d.name, oldName)
	return nil
}
