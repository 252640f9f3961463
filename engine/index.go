package engine

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
)

// pkIndex exposes a table's primary key to GMS as a unique index, so the
// planner turns `pk = ?` and `pk IN (…)` into point lookups
// (Snapshot.LookupPK) instead of scans. The key map is a hash, not a
// B-tree: rows come back in no particular order (IndexOrderNone), so GMS
// never relies on the index to sort.
type pkIndex struct {
	db, table string
	exprs     []sql.Expression // GetFields over the full table schema
	// name and ord are set for a bitmap index (see bitmap_index.go): one
	// column, many rows per value.
	name   string
	ord    int
	bitmap bool
}

var _ sql.Index = (*pkIndex)(nil)
var _ sql.OrderedIndex = (*pkIndex)(nil)

func newPKIndex(t *Table) *pkIndex {
	idx := &pkIndex{db: t.db.name, table: t.Name()}
	for _, o := range t.sch.pk.PkOrdinals {
		c := t.sch.pk.Schema[o]
		idx.exprs = append(idx.exprs, expression.NewGetFieldWithTable(o, 0, c.Type, t.db.name, t.Name(), c.Name, c.Nullable))
	}
	return idx
}

func (i *pkIndex) ID() string {
	if i.bitmap {
		return i.name
	}
	return "PRIMARY"
}
func (i *pkIndex) Database() string { return i.db }
func (i *pkIndex) Table() string    { return i.table }
func (i *pkIndex) Expressions() []string {
	out := make([]string, len(i.exprs))
	for k, e := range i.exprs {
		out[k] = e.String()
	}
	return out
}
func (i *pkIndex) IsUnique() bool   { return !i.bitmap }
func (i *pkIndex) IsSpatial() bool  { return false }
func (i *pkIndex) IsFullText() bool { return false }
func (i *pkIndex) IsVector() bool   { return false }
func (i *pkIndex) Comment() string  { return "" }
func (i *pkIndex) IndexType() string {
	if i.bitmap {
		return "BITMAP"
	}
	return "HASH"
}
func (i *pkIndex) IsGenerated() bool                     { return false }
func (i *pkIndex) CanSupportOrderBy(sql.Expression) bool { return false }
func (i *pkIndex) PrefixLengths() []uint16               { return nil }
func (i *pkIndex) Order() sql.IndexOrder                 { return sql.IndexOrderNone }
func (i *pkIndex) Reversible() bool                      { return false }

func (i *pkIndex) ColumnExpressionTypes() []sql.ColumnExpressionType {
	out := make([]sql.ColumnExpressionType, len(i.exprs))
	for k, e := range i.exprs {
		out[k] = sql.ColumnExpressionType{Expression: e.String(), Type: e.Type()}
	}
	return out
}

// CanSupport accepts lookups that fix key columns to points, possibly
// leaving trailing ones open (GMS's lookup joins on a key prefix): the key
// index is a hash, so true ranges would be full scans, which the
// zone-map-pruned table scan does better. Prefix lookups are answered by
// a filtered scan (correct, not fast).
func (i *pkIndex) CanSupport(ctx *sql.Context, ranges ...sql.Range) bool {
	for _, r := range ranges {
		coll, ok := r.(sql.MySQLRange)
		if !ok {
			return false
		}
		if _, ok := pointKeys(ctx, sql.MySQLRangeCollection{coll}, len(i.exprs)); ok {
			continue
		}
		if i.bitmap || !pointPrefix(ctx, coll) {
			return false
		}
	}
	return true
}

// pointPrefix reports whether a range fixes its leading columns (one or
// more) to points and leaves every other column unbounded: a lookup join
// on the first two columns of a three-column key is one.
func pointPrefix(ctx *sql.Context, r sql.MySQLRange) bool {
	n := 0
	for n < len(r) {
		if _, ok := pointValue(ctx, r[n]); !ok {
			break
		}
		n++
	}
	if n == 0 {
		return false
	}
	for _, rce := range r[n:] {
		_, lowOpen := rce.LowerBound.(sql.BelowNull)
		_, highOpen := rce.UpperBound.(sql.AboveAll)
		if !lowOpen || !highOpen {
			return false
		}
	}
	return true
}

var _ sql.IndexAddressable = (*Table)(nil)

// GetIndexes returns the primary-key index, if the table has a key.
func (t *Table) GetIndexes(ctx *sql.Context) ([]sql.Index, error) {
	var out []sql.Index
	if len(t.sch.pk.PkOrdinals) > 0 {
		out = append(out, newPKIndex(t))
	}
	return append(out, t.bitmapIndexes()...), nil
}

// PreciseMatch is true: key lookups match keys exactly, and only bitmap
// indexes on columns whose equality is byte equality are exposed (see
// exactColumn), so GMS can drop the filter an index lookup answers — which
// is what lets an indexed COUNT(*) read no column at all.
func (t *Table) PreciseMatch() bool { return true }

// IndexedAccess returns a view of the table restricted to a lookup.
func (t *Table) IndexedAccess(ctx *sql.Context, lookup sql.IndexLookup) sql.IndexedTable {
	if _, ok := lookup.Index.(*pkIndex); !ok {
		return nil
	}
	return &IndexedTable{Table: t, lookup: lookup}
}

// IndexedTable is a Table read through its primary-key index.
type IndexedTable struct {
	*Table
	lookup sql.IndexLookup
}

var _ sql.IndexedTable = (*IndexedTable)(nil)

// Partitions reads the lookup the table was created with.
func (it *IndexedTable) Partitions(ctx *sql.Context) (sql.PartitionIter, error) {
	return it.LookupPartitions(ctx, it.lookup)
}

// LookupPartitions returns one partition of point lookups when every range
// fixes every key column to one value, and otherwise one filtered
// partition per storage part (correct, not fast).
func (it *IndexedTable) LookupPartitions(ctx *sql.Context, lookup sql.IndexLookup) (sql.PartitionIter, error) {
	idx, ok := lookup.Index.(*pkIndex)
	if !ok {
		return nil, fmt.Errorf("cohortdb: lookup on foreign index %s", lookup.Index.ID())
	}
	ranges, ok := lookup.Ranges.(sql.MySQLRangeCollection)
	if !ok {
		return nil, fmt.Errorf("cohortdb: unsupported range collection %T", lookup.Ranges)
	}
	filter, err := expression.NewRangeFilterExpr(idx.exprs, ranges)
	if err != nil {
		return nil, err
	}
	snap := it.snapshot(ctx)
	if idx.bitmap {
		return it.bitmapPartitions(ctx, snap, idx, ranges)
	}
	if keys, ok := pointKeys(ctx, ranges, len(idx.exprs)); ok {
		return &partitionIter{parts: []sql.Partition{&lookupPartition{snap: snap, keys: keys, filter: filter}}}, nil
	}
	parts := snap.Parts()
	out := make([]sql.Partition, len(parts))
	for i := range parts {
		out[i] = &lookupPartition{snap: snap, part: &parts[i], idx: i, filter: filter}
	}
	return &partitionIter{parts: out}, nil
}

// pointKeys returns the key of each range when every range is an
// equality on all n key columns.
func pointKeys(ctx *sql.Context, ranges sql.MySQLRangeCollection, n int) ([][]any, bool) {
	keys := make([][]any, 0, len(ranges))
	for _, r := range ranges {
		if len(r) != n {
			return nil, false
		}
		key := make([]any, n)
		for i, rce := range r {
			v, ok := pointValue(ctx, rce)
			if !ok {
				return nil, false
			}
			key[i] = v
		}
		keys = append(keys, key)
	}
	return keys, true
}

func pointValue(ctx *sql.Context, rce sql.MySQLRangeColumnExpr) (any, bool) {
	lo, ok1 := rce.LowerBound.(sql.Below)
	hi, ok2 := rce.UpperBound.(sql.Above)
	if !ok1 || !ok2 || lo.Key == nil {
		return nil, false
	}
	cmp, err := rce.Typ.Compare(ctx, lo.Key, hi.Key)
	if err != nil || cmp != 0 {
		return nil, false
	}
	return lo.Key, true
}
