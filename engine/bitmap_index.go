package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/storage"
)

// Bitmap indexes: CREATE INDEX name ON t (col) [USING BITMAP] keeps, per
// sealed segment, one roaring bitmap of rows per distinct value of col
// (storage.IndexDef). GMS sees them as non-unique indexes supporting
// equality and IN; a lookup becomes a per-part row filter
// (Snapshot.IndexFilter), so the column itself is never decoded.
//
// GMS reads a table through one index at most. When the filter above that
// lookup holds conjuncts other bitmap indexes answer, the pushdown rule
// moves them into the table (withBitmapLookup), and the lookup's
// partitions AND all their bitmaps (bitmapRows): country = 'DE' AND
// channel IN (…) reads neither column, and COUNT(*) under it reads none.

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
		return wrapStorageErr(err, "create index %s", def.Name)
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
		return wrapStorageErr(err, "drop index %s", name)
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
		return wrapStorageErr(err, "rename index %s", from)
	}
	return t.refresh(ctx)
}

// bitmapPartition is one storage part read through a bitmap-index lookup.
type bitmapPartition struct {
	snap   *storage.Snapshot
	part   *storage.Part
	idx    int
	lookup bitmapFilter // the lookup's values on the indexed column
}

func (p *bitmapPartition) Key() []byte {
	return binary.BigEndian.AppendUint32([]byte("B"), uint32(p.idx))
}

// bitmapPartitions turns equality/IN ranges on the indexed column into one
// filtered partition per storage part.
func (it *IndexedTable) bitmapPartitions(ctx *sql.Context, snap *storage.Snapshot, idx *pkIndex, ranges sql.MySQLRangeCollection) (sql.PartitionIter, error) {
	lookup, ok := it.lookupFilter(ctx, idx, ranges)
	if !ok {
		return nil, fmt.Errorf("cohortdb: bitmap index %s got a range lookup", idx.name)
	}
	parts := snap.Parts()
	out := make([]sql.Partition, len(parts))
	for i := range parts {
		out[i] = &bitmapPartition{snap: snap, part: &parts[i], idx: i, lookup: lookup}
	}
	return &partitionIter{parts: out}, nil
}

// lookupFilter is a bitmap lookup's point ranges as a bitmap filter.
func (it *IndexedTable) lookupFilter(ctx *sql.Context, idx *pkIndex, ranges sql.MySQLRangeCollection) (bitmapFilter, bool) {
	keys, ok := pointKeys(ctx, ranges, 1)
	if !ok {
		return bitmapFilter{}, false
	}
	bf := bitmapFilter{index: idx.name, ord: idx.ord}
	for _, k := range keys {
		if v, err := it.sch.codecs[idx.ord].encode(ctx, k[0]); err == nil && v != nil {
			bf.values = append(bf.values, v)
		}
	}
	return bf, true
}

// Filters shows, beside the conjuncts the pushdown rule attached, the
// lookup itself: GMS prints an IndexedTableAccess with filters as that
// one line only, so without it EXPLAIN would lose the lookup's index.
func (it *IndexedTable) Filters() []sql.Expression {
	fs := it.Table.Filters()
	idx, ok := it.lookup.Index.(*pkIndex)
	ranges, isMySQL := it.lookup.Ranges.(sql.MySQLRangeCollection)
	if len(fs) == 0 || !ok || !idx.bitmap || !isMySQL {
		return fs
	}
	keys, ok := pointKeys(sql.NewEmptyContext(), ranges, 1)
	if !ok || len(keys) == 0 {
		return fs
	}
	col := idx.exprs[0]
	lits := make([]sql.Expression, len(keys))
	for i, k := range keys {
		lits[i] = expression.NewLiteral(k[0], col.Type())
	}
	var e sql.Expression = expression.NewInTuple(col, expression.NewTuple(lits...))
	if len(lits) == 1 {
		e = expression.NewEquals(col, lits[0])
	}
	return append([]sql.Expression{indexedFilter{Expression: e, index: idx.name}}, fs...)
}

// bitmapRows scans one part, keeping only the rows that the lookup and
// the table's other bitmap filters all select.
func (t *Table) bitmapRows(ctx *sql.Context, p *bitmapPartition) (sql.RowIter, error) {
	nt := t.withBitmaps(append(slices.Clip(t.bitmaps), p.lookup))
	rows, err := nt.bitmapScan(p.snap, p.part)
	if err != nil {
		return nil, wrapStorageErr(err, "scan %s", t.Name())
	}
	return sql.RowsToRowIter(rows...), nil
}

// bitmapScan reads the output columns of one part under the table's
// bitmap filters. Columns the filters fix to one value are constants;
// columns they restrict to a few values are read off the per-value
// bitmaps: neither is decoded, so COUNT(*) reads no column at all.
func (t *Table) bitmapScan(snap *storage.Snapshot, part *storage.Part) ([]sql.Row, error) {
	out := t.outputColumns()
	consts := t.bitmapConstants(out)
	derived := t.bitmapDerived(out, consts)
	skip := maps.Clone(consts)
	if skip == nil {
		skip = map[int]any{}
	}
	for _, d := range derived {
		skip[d.pos] = nil
	}
	req, cols := t.scanRequest(snap.Def(), out, skip)
	var ferr *error
	req.Filter, ferr = t.bitmapFilterFunc(snap, derived)
	var rows []sql.Row
	err := snap.ScanPart(part, req, func(b *storage.Batch) error {
		start := len(rows)
		var err error
		rows, err = t.appendBatchRows(rows, b, out, cols)
		if err == nil {
			fillDerived(rows[start:], b, derived)
		}
		return err
	})
	if err == nil {
		err = *ferr
	}
	if err != nil {
		return nil, err
	}
	fillConstants(rows, consts)
	return rows, nil
}

func (t *Table) withBitmaps(bfs []bitmapFilter) *Table {
	nt := *t
	nt.bitmaps = bfs
	return &nt
}

// bitmapConstants maps output positions whose column a bitmap filter fixes
// to a single value to that value (GMS form): such columns need no
// decoding.
func (t *Table) bitmapConstants(out []int) map[int]any {
	var consts map[int]any
	for _, bf := range t.bitmaps {
		if !bf.leaf() || len(bf.values) != 1 {
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

// derivedColumn is an output column that a top-level bitmap filter
// restricts to a few values: a row's value is the one whose bitmap holds
// the row, so the column is never decoded.
type derivedColumn struct {
	pos    int // output position
	filter *bitmapFilter
	vals   []any             // GMS form of filter.values
	per    []*roaring.Bitmap // the current part's bitmap of each value
}

// bitmapDerived returns the derived columns of out (constants excluded).
func (t *Table) bitmapDerived(out []int, consts map[int]any) []*derivedColumn {
	var ds []*derivedColumn
	for i, o := range out {
		if _, ok := consts[i]; ok {
			continue
		}
		if d := t.derive(o); d != nil {
			d.pos = i
			ds = append(ds, d)
		}
	}
	return ds
}

func (t *Table) derive(ord int) *derivedColumn {
	for k := range t.bitmaps {
		bf := &t.bitmaps[k]
		if !bf.leaf() || bf.ord != ord || len(bf.values) == 0 {
			continue
		}
		d := &derivedColumn{filter: bf}
		for _, v := range bf.values {
			gv, err := t.sch.codecs[ord].decode(v)
			if err != nil {
				return nil
			}
			d.vals = append(d.vals, gv)
		}
		return d
	}
	return nil
}

// fillDerived sets the derived columns of rows, which hold the live rows
// of b in order.
func fillDerived(rows []sql.Row, b *storage.Batch, ds []*derivedColumn) {
	if len(ds) == 0 {
		return
	}
	k := 0
	b.Each(func(pos int) {
		for _, d := range ds {
			for j, bm := range d.per {
				if bm.Contains(uint32(pos)) {
					rows[k][d.pos] = d.vals[j]
					break
				}
			}
		}
		k++
	})
}

// withBitmapLookup is withZoneFilters for a table GMS reads through a
// static bitmap-index lookup: GMS uses one index per table, so the
// conjuncts other bitmap indexes answer are still in the Filter above.
// They move into the table, whose lookup partitions AND them with the
// lookup's bitmap (bitmapRows); the rest get zone pruning as in a scan.
func withBitmapLookup(ctx *sql.Context, ita *plan.IndexedTableAccess, conjuncts []sql.Expression) (sql.Node, []sql.Expression, transform.TreeIdentity, error) {
	it, ok := ita.Table.(*IndexedTable)
	if !ok || !ita.IsStatic() || it.Table.filters != nil {
		return ita, conjuncts, transform.SameTree, nil
	}
	if idx, ok := it.lookup.Index.(*pkIndex); !ok || !idx.bitmap {
		return ita, conjuncts, transform.SameTree, nil
	}
	mtn, ok := ita.TableNode.(sql.MutableTableNode)
	if !ok {
		return ita, conjuncts, transform.SameTree, nil
	}
	nt := it.Table.WithFilters(ctx, conjuncts).(*Table)
	nt, rest := nt.withBitmapFilters(ctx, conjuncts)
	if nt.pruneFor == nil && nt.bitmaps == nil {
		return ita, conjuncts, transform.SameTree, nil
	}
	node, err := mtn.WithTable(nt)
	if err != nil {
		return nil, nil, transform.SameTree, err
	}
	lookup, err := ita.GetLookup(ctx, nil)
	if err != nil {
		return nil, nil, transform.SameTree, err
	}
	nita, err := plan.NewStaticIndexedAccessForTableNode(ctx, node, lookup)
	if err != nil {
		return nil, nil, transform.SameTree, err
	}
	return nita.WithId(ita.Id()).WithColumns(ita.Columns()), rest, transform.NewTree, nil
}

// asBitmapTable is the table restricted to a bitmap-index lookup, as a
// table view with the lookup as one more bitmap filter (for vectorised
// scans); false for primary-key lookups.
func (it *IndexedTable) asBitmapTable(ctx *sql.Context) (*Table, bool) {
	idx, ok := it.lookup.Index.(*pkIndex)
	ranges, isMySQL := it.lookup.Ranges.(sql.MySQLRangeCollection)
	if !ok || !idx.bitmap || !isMySQL {
		return nil, false
	}
	lf, ok := it.lookupFilter(ctx, idx, ranges)
	if !ok {
		return nil, false
	}
	return it.Table.withBitmaps(append(slices.Clip(it.Table.bitmaps), lf)), true
}
