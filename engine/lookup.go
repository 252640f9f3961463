package engine

import (
	"encoding/binary"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/storage"
)

// lookupPartition is the work of one primary-key lookup: either a list of
// keys to fetch, or (for ranges the key map cannot serve) one storage part
// to scan. Either way every row is checked against the range filter, so
// lossy key conversions can never return a wrong row.
type lookupPartition struct {
	snap   *storage.Snapshot
	keys   [][]any       // point lookups; nil when part is set
	part   *storage.Part // fallback scan of one part
	idx    int
	filter sql.Expression // the lookup's ranges, over the full schema
}

var _ sql.Partition = (*lookupPartition)(nil)

func (p *lookupPartition) Key() []byte {
	return binary.BigEndian.AppendUint32([]byte("L"), uint32(p.idx))
}

// lookupRows returns the projected rows of a lookup partition.
func (t *Table) lookupRows(ctx *sql.Context, p *lookupPartition) (sql.RowIter, error) {
	var full []sql.Row
	var err error
	if p.part != nil {
		full, err = t.withAllColumns().scanPart(ctx, p.snap, p.part)
	} else {
		full, err = t.fetchKeys(ctx, p.snap, p.keys)
	}
	if err != nil {
		return nil, err
	}
	out := t.outputColumns()
	rows := make([]sql.Row, 0, len(full))
	for _, r := range full {
		// Point lookups are checked key by key in fetchKeys: the range
		// filter of n keys would cost n comparisons per row.
		if p.filter != nil && p.keys == nil {
			ok, err := sql.EvaluateCondition(ctx, p.filter, r)
			if err != nil {
				return nil, err
			}
			if !sql.IsTrue(ok) {
				continue
			}
		}
		rows = append(rows, projectRow(r, out))
	}
	return sql.RowsToRowIter(rows...), nil
}

// withAllColumns returns a view without projection or pruning.
func (t *Table) withAllColumns() *Table {
	nt := *t
	nt.proj, nt.projSch, nt.pruneFor = nil, nil, nil
	return &nt
}

// fetchKeys reads the full rows with the given primary keys; keys that
// cannot be stored in the key columns match nothing, and a row is kept
// only when its key columns compare equal to the key it was fetched by
// (so a lossy key conversion never returns a wrong row).
func (t *Table) fetchKeys(ctx *sql.Context, snap *storage.Snapshot, keys [][]any) ([]sql.Row, error) {
	var rows []sql.Row
	all := t.withAllColumns().outputColumns()
	mapped := t.mapColumns(snap.Def(), all)
	for _, k := range keys {
		key, ok := t.encodeKey(ctx, k)
		if !ok {
			continue
		}
		id, found, err := snap.LookupPK(key)
		if err != nil {
			return nil, wrapStorageErr(err, "lookup %s", t.Name())
		}
		if !found {
			continue
		}
		srow, err := snap.Get(id, nil)
		if err != nil {
			return nil, wrapStorageErr(err, "read %s row %d", t.Name(), id)
		}
		row, err := t.decodeRow(srow, mapped)
		if err != nil {
			return nil, err
		}
		if same, err := t.keyEquals(ctx, row, k); err != nil {
			return nil, err
		} else if same {
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// keyEquals reports whether a full row's key columns equal key.
func (t *Table) keyEquals(ctx *sql.Context, row sql.Row, key []any) (bool, error) {
	for i, v := range key {
		ord := t.sch.pk.PkOrdinals[i]
		c, err := t.sch.pk.Schema[ord].Type.Compare(ctx, row[ord], v)
		if err != nil || c != 0 {
			return false, err
		}
	}
	return true, nil
}

// encodeKey converts GMS key values to the storage form of the key columns.
func (t *Table) encodeKey(ctx *sql.Context, vals []any) (storage.Row, bool) {
	key := make(storage.Row, len(vals))
	for i, v := range vals {
		ev, err := t.sch.codecs[t.sch.pk.PkOrdinals[i]].encode(ctx, v)
		if err != nil || ev == nil {
			return nil, false
		}
		key[i] = ev
	}
	return key, true
}

// decodeRow converts a full storage row (laid out by the snapshot's
// definition; mapped[i] is column i's position there) to a GMS row.
func (t *Table) decodeRow(srow storage.Row, mapped []int) (sql.Row, error) {
	row := make(sql.Row, len(mapped))
	for i, m := range mapped {
		if m < 0 || m >= len(srow) {
			continue
		}
		v, err := t.sch.codecs[i].decode(srow[m])
		if err != nil {
			return nil, err
		}
		row[i] = v
	}
	return row, nil
}

func projectRow(full sql.Row, out []int) sql.Row {
	row := make(sql.Row, len(out))
	for i, o := range out {
		row[i] = full[o]
	}
	return row
}
