package engine

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// buildCreateSelect runs CREATE TABLE … AS SELECT (GMS plans it as a
// TableCopier into a CreateTable) as GMS does — create the table, then
// insert the select's rows — except that a statement that fails after
// the table was created drops it again: in MySQL a failed CREATE TABLE …
// SELECT leaves no table behind, and GMS left an empty (or half-checked)
// one, stored data changed by a failed statement. With IF NOT EXISTS and
// the table already there, nothing is inserted (note 1050), as MySQL
// does; GMS inserted the rows into the existing table.
func (b *loadDataBuilder) buildCreateSelect(ctx *sql.Context, tc *plan.TableCopier, ct *plan.CreateTable, row sql.Row) (sql.RowIter, error) {
	db := tc.Database()
	if db == nil {
		return nil, nil
	}
	_, existed, err := db.GetTableInsensitive(ctx, ct.Name())
	if err != nil {
		return nil, err
	}
	if existed {
		if ct.IfNotExists() {
			ctx.Session.Warn(&sql.Warning{Level: "Note", Code: 1050, Message: fmt.Sprintf("Table '%s' already exists", ct.Name())})
			return sql.RowsToRowIter(sql.NewRow(types.NewOkResult(0))), nil
		}
		return nil, sql.ErrTableAlreadyExists.New(ct.Name())
	}
	created, err := b.base.Build(ctx, ct, row)
	if err != nil {
		return nil, err
	}
	if created != nil {
		if err := created.Close(ctx); err != nil {
			return nil, b.dropCreated(ctx, db, ct.Name(), err)
		}
	}
	table, ok, err := db.GetTableInsensitive(ctx, ct.Name())
	if err != nil {
		return nil, b.dropCreated(ctx, db, ct.Name(), err)
	}
	if !ok {
		return nil, fmt.Errorf("create table %s: the new table does not exist", ct.Name())
	}
	ins := plan.NewInsertInto(db, plan.NewResolvedTable(table, db, nil), tc.Source, false, nil, nil, false)
	defer b.dropOnPanic(ctx, db, ct.Name())
	it, err := b.base.Build(ctx, ins, row)
	if err != nil {
		return nil, b.dropCreated(ctx, db, ct.Name(), err)
	}
	return &createSelectIter{RowIter: it, b: b, db: db, name: ct.Name()}, nil
}

// dropOnPanic drops the new table when building or running the insert
// panics (a bug: the handler turns it into error 1105), then panics on.
func (b *loadDataBuilder) dropOnPanic(ctx *sql.Context, db sql.Database, name string) {
	if r := recover(); r != nil {
		_ = b.dropCreated(ctx, db, name, nil)
		panic(r)
	}
}

// dropCreated drops the table a failed CREATE TABLE … SELECT created and
// returns the statement's error (with the drop's, if that failed too).
func (b *loadDataBuilder) dropCreated(ctx *sql.Context, db sql.Database, name string, cause error) error {
	d, ok := db.(sql.TableDropper)
	if !ok {
		return cause
	}
	if err := d.DropTable(ctx, name); err != nil {
		return errors.Join(cause, fmt.Errorf("dropping the table %s the failed statement created: %w", name, err))
	}
	return cause
}

// createSelectIter passes the insert's result on. A failed row (the
// accumulator drains the insert in its first Next) or close closes the
// insert (its writes discarded) and drops the new table; GMS's handler
// does not close a DML iterator whose Next failed, so Next does it.
type createSelectIter struct {
	sql.RowIter
	b      *loadDataBuilder
	db     sql.Database
	name   string
	closed bool
}

var _ sql.MutableRowIter = (*createSelectIter)(nil)

// GetChildIter and WithChildIter let GMS put its row-count accumulator
// under this iterator (sql.MutableRowIter), so a failure while it drains
// the insert comes through Next.
func (c *createSelectIter) GetChildIter() sql.RowIter { return c.RowIter }

func (c *createSelectIter) WithChildIter(child sql.RowIter) sql.RowIter {
	nc := *c
	nc.RowIter = child
	return &nc
}

func (c *createSelectIter) Next(ctx *sql.Context) (sql.Row, error) {
	if c.closed {
		return nil, io.EOF
	}
	defer c.b.dropOnPanic(ctx, c.db, c.name)
	r, err := c.RowIter.Next(ctx)
	if err != nil && err != io.EOF {
		return nil, c.fail(ctx, err)
	}
	return r, err
}

func (c *createSelectIter) Close(ctx *sql.Context) error {
	if c.closed {
		return nil
	}
	c.closed = true
	if err := c.RowIter.Close(ctx); err != nil {
		return c.b.dropCreated(ctx, c.db, c.name, err)
	}
	return nil
}

// fail closes the insert and drops the table, returning the statement's
// error.
func (c *createSelectIter) fail(ctx *sql.Context, err error) error {
	c.closed = true
	_ = c.RowIter.Close(ctx) // the statement failed already
	return c.b.dropCreated(ctx, c.db, c.name, err)
}

// exactCreateSelect gives CREATE TABLE … AS SELECT the exact column types
// the exact aggregates (exactagg.go) gave its SELECT: GMS's planner took
// the new table's columns from the SELECT while SUM and AVG were still
// DOUBLE, and its resolveCreateSelect keeps those, so
// CREATE TABLE t AS SELECT SUM(amount) made a DOUBLE column where MySQL
// makes DECIMAL(p+22, s) (AVG: DECIMAL(p+4, s+4)). Only a table without
// column definitions of its own is retyped (its columns are the
// SELECT's, name for name), and only a DOUBLE column the SELECT now
// answers as a DECIMAL.
func exactCreateSelect(n sql.Node) sql.Node {
	ct, ok := n.(*plan.CreateTable)
	if !ok || ct.Select() == nil {
		return n
	}
	old, sel := ct.PkSchema(), ct.Select().Schema()
	if len(old.Schema) != len(sel) || len(ct.Indexes()) > 0 || len(ct.Checks()) > 0 || len(ct.ForeignKeys()) > 0 {
		return n
	}
	sch := old.Schema.Copy()
	changed := false
	for i, c := range sch {
		_, dec := sel[i].Type.(sql.DecimalType)
		if !strings.EqualFold(c.Name, sel[i].Name) {
			return n
		}
		if dec && types.IsFloat(c.Type) {
			c.Type, changed = sel[i].Type, true
		}
	}
	if !changed {
		return n
	}
	spec := &plan.TableSpec{Schema: sql.NewPrimaryKeySchema(sch, old.PkOrdinals...), Collation: ct.Collation, TableOpts: ct.TableOpts}
	return plan.NewCreateTableSelect(ct.Database(), ct.Name(), ct.IfNotExists(), ct.Temporary(), ct.Select(), spec)
}
