package engine

import (
	"fmt"
	"strings"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// Temporary tables (CREATE TEMPORARY TABLE) live in memory in the
// session that created them, never in the store: no other session sees
// them, SHOW TABLES does not list them (as in MySQL), and they go away
// with the session. In their session a temporary table shadows a stored
// table of the same name in the same database for every statement that
// names it, DROP TABLE included, until it is dropped.
//
// Writes to a temporary table take effect at once: a failed statement's
// changes are undone (StatementBegin / DiscardChanges), but ROLLBACK does
// not undo committed statements (MySQL's InnoDB temporary tables are
// transactional; cohortdb's are not).

// tempKey names a temporary table of a session: database and table name,
// lower-case.
type tempKey struct{ db, name string }

func newTempKey(db, name string) tempKey {
	return tempKey{strings.ToLower(db), strings.ToLower(name)}
}

// sessionOf is the cohortdb session of ctx, or nil (contexts of tests and
// of GMS's own background work have other sessions).
func sessionOf(ctx *sql.Context) *Session {
	if ctx == nil {
		return nil
	}
	s, _ := ctx.Session.(*Session)
	return s
}

// tempTable is db.name's temporary table in ctx's session, or nil.
func tempTable(ctx *sql.Context, db, name string) *TempTable {
	s := sessionOf(ctx)
	if s == nil {
		return nil
	}
	s.tempMu.Lock()
	defer s.tempMu.Unlock()
	return s.temp[newTempKey(db, name)]
}

// TempTable is one temporary table: its schema and rows in insertion
// order. Deleted rows leave a nil slot until the table is compacted; key
// finds the slots of a row by its primary key (all its columns when it
// has none).
type TempTable struct {
	db, name  string
	sch       sql.PrimaryKeySchema
	collation sql.CollationID

	mu      sync.Mutex
	rows    []sql.Row
	keys    map[string][]int // row key → slots holding it
	holes   int              // nil slots in rows
	indexes []tempIndex      // temptable_index.go

	autoIncCol int    // the AUTO_INCREMENT column, or -1
	autoInc    uint64 // the next AUTO_INCREMENT value; 0 before the first
}

var _ sql.Table = (*TempTable)(nil)
var _ sql.TemporaryTable = (*TempTable)(nil)
var _ sql.InsertableTable = (*TempTable)(nil)
var _ sql.UpdatableTable = (*TempTable)(nil)
var _ sql.DeletableTable = (*TempTable)(nil)
var _ sql.ReplaceableTable = (*TempTable)(nil)
var _ sql.TruncateableTable = (*TempTable)(nil)

func newTempTable(db, name string, sch sql.PrimaryKeySchema, collation sql.CollationID) *TempTable {
	s := make(sql.Schema, len(sch.Schema))
	for i, c := range sch.Schema {
		cc := *c
		cc.Source, cc.DatabaseSource = name, db
		if dt, ok := cc.Type.(types.DecimalType_); ok {
			// A column's DECIMAL, as a stored table's: its values print
			// with all their scale's digits (40.50, not 40.5).
			cc.Type = types.MustCreateColumnDecimalType(dt.Precision(), dt.Scale())
		}
		s[i] = &cc
	}
	sch.Schema = s
	t := &TempTable{db: db, name: name, sch: sch, collation: collation, keys: map[string][]int{}, autoIncCol: -1}
	for i, c := range s {
		if c.AutoIncrement {
			t.autoIncCol = i
		}
	}
	return t
}

func (t *TempTable) Name() string                           { return t.name }
func (t *TempTable) String() string                         { return t.name }
func (t *TempTable) Schema() sql.Schema                     { return t.sch.Schema }
func (t *TempTable) Collation() sql.CollationID             { return t.collation }
func (t *TempTable) IsTemporary() bool                      { return true }
func (t *TempTable) PrimaryKeySchema() sql.PrimaryKeySchema { return t.sch }

// Partitions is one partition: the whole table.
func (t *TempTable) Partitions(*sql.Context) (sql.PartitionIter, error) {
	return sql.PartitionsToPartitionIter(tempPartition{}), nil
}

// PartitionRows reads the rows as they are when it is called: the slice
// is copied (rows themselves are never changed in place), so a statement
// that writes the table while reading it sees it as it started.
func (t *TempTable) PartitionRows(*sql.Context, sql.Partition) (sql.RowIter, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	rows := make([]sql.Row, 0, len(t.rows)-t.holes)
	for _, r := range t.rows {
		if r != nil {
			rows = append(rows, r)
		}
	}
	return sql.RowsToRowIter(rows...), nil
}

// Truncate empties the table.
func (t *TempTable) Truncate(*sql.Context) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(t.rows) - t.holes
	t.rows, t.keys, t.holes = nil, map[string][]int{}, 0
	for _, ix := range t.indexes {
		if ix.slots != nil {
			clear(ix.slots)
		}
	}
	return n, nil
}

func (t *TempTable) Inserter(*sql.Context) sql.RowInserter { return &tempEditor{t: t} }
func (t *TempTable) Updater(*sql.Context) sql.RowUpdater   { return &tempEditor{t: t} }
func (t *TempTable) Deleter(*sql.Context) sql.RowDeleter   { return &tempEditor{t: t} }
func (t *TempTable) Replacer(*sql.Context) sql.RowReplacer { return &tempEditor{t: t} }

// stored is row as the table keeps it: a copy with each value converted
// to its column's type, as a stored table's values come back from
// storage (a DECIMAL at its column's scale, say, whatever expression
// made it), so that keys and joins compare like values.
func (t *TempTable) stored(ctx *sql.Context, row sql.Row) (sql.Row, error) {
	out := make(sql.Row, len(row))
	for i, v := range row {
		if v == nil || i >= len(t.sch.Schema) {
			out[i] = v
			continue
		}
		c, _, err := t.sch.Schema[i].Type.Convert(ctx, v)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// keyOf is the text of row's key: its primary key columns, or all of
// them. Values of one column have one Go type (GMS converts them to the
// column's type before they reach a table), so their %v text tells them
// apart.
func (t *TempTable) keyOf(row sql.Row) string {
	var b strings.Builder
	cols := t.sch.PkOrdinals
	if len(cols) == 0 {
		for i := range row {
			fmt.Fprintf(&b, "%T:%v\x00", row[i], row[i])
		}
		return b.String()
	}
	for _, i := range cols {
		fmt.Fprintf(&b, "%T:%v\x00", row[i], row[i])
	}
	return b.String()
}

// dupPK is the duplicate-entry error of row, whose primary key existing
// holds.
func (t *TempTable) dupPK(ctx *sql.Context, row, existing sql.Row) error {
	return dupEntryErr(ctx, t.name, "PRIMARY", t.sch.Schema, t.sch.PkOrdinals, row, existing, true)
}

// tempPartition is a temporary table's only partition.
type tempPartition struct{}

func (tempPartition) Key() []byte { return []byte("temp") }
