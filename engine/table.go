package engine

import (
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/storage"
)

// Table is a GMS table over one storage table. A Table value is a view:
// WithProjections and WithFilters return copies that read fewer columns
// or skip more segments; the data always comes from the session's
// transaction snapshot, taken when Partitions is called.
//
// Invariant: sch describes st's definition at the time the handle was
// made; rows read from a snapshot with a newer definition are mapped by
// column ID, so a concurrent ALTER never shifts values between columns.
type Table struct {
	db  *Database
	st  *storage.Table
	sch *tableSchema

	proj     []int // projected column ordinals; nil means all
	projSch  sql.Schema
	filters  []sql.Expression
	pruneFor *zonePruner    // built from filters; nil prunes nothing
	exact    []zonePred     // conjuncts of filters scans evaluate on vectors
	bitmaps  []bitmapFilter // conjuncts answered exactly by bitmap indexes
}

var _ sql.Table = (*Table)(nil)
var _ sql.CommentedTable = (*Table)(nil)
var _ sql.PrimaryKeyTable = (*Table)(nil)

func newTable(ctx *sql.Context, db *Database, st *storage.Table) (*Table, error) {
	sch, err := db.p.schemaFor(ctx, db.name, st.Def())
	if err != nil {
		return nil, err
	}
	return &Table{db: db, st: st, sch: sch}, nil
}

// Name returns the table name.
func (t *Table) Name() string { return t.sch.def.Name }

// String returns the table name, as GMS prints it in plans.
func (t *Table) String() string { return t.sch.def.Name }

// Schema returns the projected schema (every column without projection).
func (t *Table) Schema() sql.Schema {
	if t.proj != nil {
		return t.projSch
	}
	return t.sch.pk.Schema
}

// PrimaryKeySchema returns the full schema with its primary key ordinals.
func (t *Table) PrimaryKeySchema() sql.PrimaryKeySchema { return t.sch.pk }

// Collation returns the table's default collation.
func (t *Table) Collation() sql.CollationID {
	if t.sch.meta.Collation != "" {
		if c, err := sql.ParseCollation("", t.sch.meta.Collation, false); err == nil {
			return c
		}
	}
	return sql.Collation_Default
}

// Comment returns the table comment given at CREATE TABLE.
func (t *Table) Comment() string { return t.sch.meta.Comment }

// snapshot returns the view of the table the statement in ctx reads: the
// session transaction's snapshot (its own writes included), or the
// latest committed state outside a cohortdb session.
func (t *Table) snapshot(ctx *sql.Context) *storage.Snapshot {
	tx, err := currentTxn(ctx)
	if err != nil {
		return t.st.Snapshot()
	}
	return tx.Snapshot(t.st)
}

// refresh re-reads the definition after DDL on this handle, so GMS code
// that keeps using the same *Table (ALTER … ADD COLUMN then fills
// defaults through it) sees the new schema.
func (t *Table) refresh(ctx *sql.Context) error {
	st, err := t.db.p.store.Table(t.db.name, t.Name())
	if err != nil {
		return fmt.Errorf("reload table %s: %w", t.Name(), err)
	}
	sch, err := t.db.p.schemaFor(ctx, t.db.name, st.Def())
	if err != nil {
		return err
	}
	t.st, t.sch, t.proj, t.projSch, t.filters, t.pruneFor, t.bitmaps = st, sch, nil, nil, nil, nil, nil
	t.exact = nil
	return nil
}

// columnIndex returns the ordinal of a column by name, or -1.
func (t *Table) columnIndex(name string) int {
	for i, c := range t.sch.pk.Schema {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// outputColumns returns the ordinals (of t.sch) that rows carry.
func (t *Table) outputColumns() []int {
	if t.proj != nil {
		return t.proj
	}
	all := make([]int, len(t.sch.codecs))
	for i := range all {
		all[i] = i
	}
	return all
}

// mapColumns translates ordinals of t.sch into ordinals of a snapshot's
// definition by column ID; -1 marks a column the snapshot does not have.
func (t *Table) mapColumns(snapDef *storage.TableDef, cols []int) []int {
	out := make([]int, len(cols))
	if sameLayout(snapDef, t.sch.def) {
		copy(out, cols)
		return out
	}
	for i, c := range cols {
		out[i] = -1
		id := t.sch.def.Columns[c].ID
		for j := range snapDef.Columns {
			if snapDef.Columns[j].ID == id {
				out[i] = j
				break
			}
		}
	}
	return out
}

// sameLayout reports whether two definitions have the same columns (by
// ID) at the same ordinals, so ordinals of one are valid in the other.
func sameLayout(a, b *storage.TableDef) bool {
	if a == b {
		return true
	}
	if len(a.Columns) != len(b.Columns) {
		return false
	}
	for i := range a.Columns {
		if a.Columns[i].ID != b.Columns[i].ID {
			return false
		}
	}
	return true
}
