package engine

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/storage"
)

// Bitmap indexes: CREATE INDEX name ON t (col) [USING BITMAP] keeps, per
// sealed segment, one roaring bitmap of rows per distinct value of col
// (storage.IndexDef). GMS sees them as non-unique indexes supporting
// equality and IN; a lookup becomes a per-part row filter
// (Snapshot.IndexFilter), so the column itself is never decoded.

var _ sql.IndexAlterableTable = (*Table)(nil)

// bitmapIndexes returns the table's bitmap indexes GMS may use.
func (t *Table) bitmapIndexes() []sql.Index {
	var out []sql.Index
	for _, ix := range t.sch.def.Indexes {
		ord := -1
		for i, c := range t.sch.def.Columns {
			if c.ID == ix.Column {
				ord = i
			}
		}
		if ord < 0 || !exactColumn(t.sch.pk.Schema[ord]) {
			continue
		}
		c := t.sch.pk.Schema[ord]
		out = append(out, &pkIndex{db: t.db.name, table: t.Name(), name: ix.Name, ord: ord, bitmap: true,
			exprs: []sql.Expression{expression.NewGetFieldWithTable(ord, 0, c.Type, t.db.name, t.Name(), c.Name, c.Nullable)}})
	}
	return out
}

// exactColumn reports whether SQL equality on the column is equality of
// its stored bytes, so that an index lookup can replace the filter:
// not for floats (0 = -0) or strings compared under a case- or
// accent-insensitive collation.
func exactColumn(c *sql.Column) bool {
	if types.IsFloat(c.Type) {
		return false
	}
	if st, ok := c.Type.(sql.StringType); ok {
		coll := st.Collation()
		return coll == sql.Collation_utf8mb4_0900_bin || coll == sql.Collation_binary || coll == sql.Collation_Default
	}
	return true
}

// CreateIndex builds a bitmap index. Only single-column, non-unique
// indexes exist; USING BITMAP (or any USING) is accepted.
func (t *Table) CreateIndex(ctx *sql.Context, def sql.IndexDef) error {
	switch {
	case def.IsUnique():
		return notSupported("UNIQUE secondary indexes (only the primary key is unique)")
	case def.IsFullText() || def.IsSpatial() || def.IsVector():
		return notSupported("FULLTEXT, SPATIAL and VECTOR indexes")
	case len(def.Columns) != 1:
		return notSupported("multi-column indexes (create one bitmap index per column; filters on several are combined)")
	}
	ord := t.columnIndex(def.Columns[0].Name)
	if ord < 0 {
		return sql.ErrKeyColumnDoesNotExist.New(def.Columns[0].Name)
	}
	err := t.db.p.store.CreateIndex(t.db.name, t.Name(), storage.IndexDef{Name: def.Name}, ord, nil)
	if errors.Is(err, storage.ErrIndexExists) {
		return sqlError(1061, "42000", fmt.Sprintf("cannot create index %s: %v", def.Name, err))
	}
	if err != nil {
		return fmt.Errorf("create index %s: %w", def.Name, err)
	}
	return t.refresh(ctx)
}

// DropIndex removes a bitmap index.
func (t *Table) DropIndex(ctx *sql.Context, name string) error {
	err := t.db.p.store.DropIndex(t.db.name, t.Name(), name, nil)
	if errors.Is(err, storage.ErrIndexNotFound) {
		return sql.ErrCantDropFieldOrKey.New(name)
	}
	if err != nil {
		return fmt.Errorf("drop index %s: %w", name, err)
	}
	return t.refresh(ctx)
}

// RenameIndex renames a bitmap index.
func (t *Table) RenameIndex(ctx *sql.Context, from, to string) error {
	err := t.db.p.store.RenameIndex(t.db.name, t.Name(), from, to, nil)
	switch {
	case errors.Is(err, storage.ErrIndexNotFound):
		return sql.ErrCantDropFieldOrKey.New(from)
	case errors.Is(err, storage.ErrIndexExists):
		return sqlError(1061, "42000", fmt.Sprintf("Duplicate key name '%s'", to))
	case err != nil:
		return fmt.Errorf("rename index %s: %w", from, err)
	}
	return t.refresh(ctx)
}

// bitmapPartition is one storage part read through a bitmap-index filter.
type bitmapPartition struct {
	snap     *storage.Snapshot
	part     *storage.Part
	idx      int
	ord      int   // indexed column, in the snapshot's definition
	tableOrd int   // indexed column, in the table's schema
	values   []any // storage values to match
}

func (p *bitmapPartition) Key() []byte {
	return binary.BigEndian.AppendUint32([]byte("B"), uint32(p.idx))
}

// bitmapPartitions turns equality/IN ranges on the indexed column into one
// filtered partition per storage part.
func (it *IndexedTable) bitmapPartitions(ctx *sql.Context, snap *storage.Snapshot, idx *pkIndex, ranges sql.MySQLRangeCollection) (sql.PartitionIter, error) {
	keys, ok := pointKeys(ctx, ranges, 1)
	if !ok {
		return nil, fmt.Errorf("cohortdb: bitmap index %s got a range lookup", idx.name)
	}
	var values []any
	for _, k := range keys {
		if v, err := it.sch.codecs[idx.ord].encode(ctx, k[0]); err == nil && v != nil {
			values = append(values, v)
		}
	}
	ord := snap.Def().ColumnIndex(it.sch.pk.Schema[idx.ord].Name)
	parts := snap.Parts()
	out := make([]sql.Partition, len(parts))
	for i := range parts {
		out[i] = &bitmapPartition{snap: snap, part: &parts[i], idx: i, ord: ord, tableOrd: idx.ord, values: values}
	}
	return &partitionIter{parts: out}, nil
}

// bitmapRows scans one part, keeping only the rows the index selects.
func (t *Table) bitmapRows(ctx *sql.Context, p *bitmapPartition) (sql.RowIter, error) {
	out := t.outputColumns()
	consts := t.withBitmaps([]bitmapFilter{{ord: p.tableOrd, values: p.values}}).bitmapConstants(out)
	req, cols := t.scanRequest(p.snap.Def(), out, consts)
	var ferr error
	req.Filter = func(part *storage.Part) *roaring.Bitmap {
		b, _, err := p.snap.IndexFilter(part, p.ord, p.values)
		if err != nil && ferr == nil {
			ferr = err
		}
		if b == nil {
			return roaring.New()
		}
		return b
	}
	var rows []sql.Row
	err := p.snap.ScanPart(p.part, req, func(b *storage.Batch) error {
		var err error
		rows, err = t.appendBatchRows(rows, b, out, cols)
		return err
	})
	if err == nil {
		err = ferr
	}
	if err != nil {
		return nil, wrapStorageErr(err, "scan %s", t.Name())
	}
	fillConstants(rows, consts)
	return sql.RowsToRowIter(rows...), nil
}

func (t *Table) withBitmaps(bfs []bitmapFilter) *Table {
	nt := *t
	nt.bitmaps = bfs
	return &nt
}

// bitmapFilter is a conjunct the table answers from a bitmap index:
// column ord equals one of values (storage form). Several are ANDed.
type bitmapFilter struct {
	index  string
	ord    int
	values []any
	expr   sql.Expression
}

// indexedFilter shows in EXPLAIN which index answers a filter.
type indexedFilter struct {
	sql.Expression
	index string
}

func (f indexedFilter) String() string {
	return fmt.Sprintf("%s [bitmap index %s]", f.Expression.String(), f.index)
}

// withBitmapFilters takes the conjuncts that are equality or IN on a
// bitmap-indexed column and makes the table answer them exactly (rows
// outside the bitmaps are never produced); it returns the conjuncts left
// for GMS to evaluate.
func (t *Table) withBitmapFilters(ctx *sql.Context, conjuncts []sql.Expression) (*Table, []sql.Expression) {
	indexed := map[int]string{}
	for _, ix := range t.bitmapIndexes() {
		pi := ix.(*pkIndex)
		indexed[pi.ord] = pi.name
	}
	if len(indexed) == 0 {
		return t, conjuncts
	}
	var rest []sql.Expression
	var bfs []bitmapFilter
	for _, c := range conjuncts {
		if bf, ok := t.bitmapConjunct(ctx, c, indexed); ok {
			bfs = append(bfs, bf)
			continue
		}
		rest = append(rest, c)
	}
	if len(bfs) == 0 {
		return t, conjuncts
	}
	nt := *t
	nt.bitmaps = bfs
	return &nt, rest
}

func (t *Table) bitmapConjunct(ctx *sql.Context, e sql.Expression, indexed map[int]string) (bitmapFilter, bool) {
	var col, rhs sql.Expression
	switch e := e.(type) {
	case *expression.Equals:
		col, rhs = e.Left(), e.Right()
		if _, ok := col.(*expression.Literal); ok {
			col, rhs = rhs, col
		}
		rhs = expression.NewTuple(rhs)
	case *expression.InTuple:
		col, rhs = e.Left(), e.Right()
	case *expression.HashInTuple:
		col, rhs = e.Left(), e.Right()
	default:
		return bitmapFilter{}, false
	}
	gf, ok := col.(*expression.GetField)
	tup, isTuple := rhs.(expression.Tuple)
	if !ok || !isTuple {
		return bitmapFilter{}, false
	}
	ord := t.columnIndex(gf.Name())
	name, has := indexed[ord]
	if ord < 0 || !has {
		return bitmapFilter{}, false
	}
	bf := bitmapFilter{index: name, ord: ord, expr: e}
	colType := t.sch.pk.Schema[ord].Type
	for _, x := range tup {
		lit, ok := x.(*expression.Literal)
		if !ok || !sameFamily(colType, lit.Type()) {
			return bitmapFilter{}, false
		}
		if lit.Value() == nil {
			continue // = NULL is never true
		}
		v, err := t.sch.codecs[ord].encode(ctx, lit.Value())
		if err != nil || v == nil {
			return bitmapFilter{}, false
		}
		bf.values = append(bf.values, v)
	}
	return bf, true
}

// sameFamily: equality between these types compares the stored form (no
// numeric/string coercion that byte equality would get wrong).
func sameFamily(col, lit sql.Type) bool {
	switch {
	case types.IsText(col):
		return types.IsText(lit)
	case types.IsInteger(col):
		return types.IsInteger(lit)
	}
	return false
}

// bitmapRowFilter returns the ScanRequest filter ANDing the table's
// bitmap filters, and a pointer to the first error it met.
func (t *Table) bitmapRowFilter(snap *storage.Snapshot) (func(*storage.Part) *roaring.Bitmap, *error) {
	var ferr error
	ords := make([]int, len(t.bitmaps))
	for i, bf := range t.bitmaps {
		ords[i] = snap.Def().ColumnIndex(t.sch.pk.Schema[bf.ord].Name)
	}
	return func(p *storage.Part) *roaring.Bitmap {
		var acc *roaring.Bitmap
		for i, bf := range t.bitmaps {
			b, ok, err := snap.IndexFilter(p, ords[i], bf.values)
			if err != nil || !ok {
				if ferr == nil {
					ferr = fmt.Errorf("bitmap index %s: %v", bf.index, err)
				}
				return roaring.New()
			}
			if acc == nil {
				acc = b
			} else {
				acc.And(b)
			}
		}
		return acc
	}, &ferr
}

// bitmapConstants maps output positions whose column a bitmap filter fixes
// to a single value to that value (GMS form): such columns need no
// decoding.
func (t *Table) bitmapConstants(out []int) map[int]any {
	var consts map[int]any
	for _, bf := range t.bitmaps {
		if len(bf.values) != 1 {
			continue
		}
		v, err := t.sch.codecs[bf.ord].decode(bf.values[0])
		if err != nil {
			continue
		}
		for i, o := range out {
			if o == bf.ord {
				if consts == nil {
					consts = map[int]any{}
				}
				consts[i] = v
			}
		}
	}
	return consts
}

func fillConstants(rows []sql.Row, consts map[int]any) {
	for i, v := range consts {
		for _, r := range rows {
			r[i] = v
		}
	}
}
