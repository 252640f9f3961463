package engine

import (
	"bytes"

	"github.com/cohortdb/cohortdb/storage"
)

// A row of a keyless table (orders and events have no primary key) has
// nothing to find it by: GMS hands Update and Delete the old row's
// values, so the editor looks for a live row with equal content. Mapping
// the content of the whole table for that made a GDPR delete of one
// contact's order lines read and hold every order line of the shop,
// however few it deleted. So contentIndex maps rows one value of a
// single column at a time — the table's first sort-key column (orders
// and events: customer_id), else its first — as rows with a new value
// arrive, the scan skipping segments whose zone map rules the value out:
// sorted or compacted, one customer's rows lie in a segment or two. When
// skipping does not pay (a build read more than a quarter of the table's
// rows, as on a table loaded in time order), the next new value maps the
// rest of the table at once, as before.
//
// Invariants: rows holds the live rows of every value in built (or, once
// full, of the whole table) as of the snapshots they were built from,
// less those take has handed out; a value is built at most once per
// statement, so a row is never handed out twice.
type contentIndex struct {
	col   int                        // the column rows are mapped by
	rows  map[string][]storage.RowID // appendRowKey of the content → ids
	built map[string]bool            // appendRowKey of a value of col → mapped
	full  bool                       // every row is mapped
	wide  bool                       // the last build read most of the table
	key   []byte                     // scratch
}

// wideShare: a build that read more than 1/wideShare of the table's rows
// did not gain from skipping segments.
const wideShare = 4

func newContentIndex(def *storage.TableDef) *contentIndex {
	col := 0
	if len(def.SortKey) > 0 {
		col = def.SortKey[0]
	}
	return &contentIndex{col: col, rows: map[string][]storage.RowID{}, built: map[string]bool{}}
}

// take returns the id of a live row of snap equal to row, which it will
// not return again (equal rows are interchangeable: one each).
func (ci *contentIndex) take(snap *storage.Snapshot, row storage.Row) (storage.RowID, bool, error) {
	if err := ci.ensure(snap, row[ci.col]); err != nil {
		return 0, false, err
	}
	k := string(appendRowKey(nil, row))
	ids := ci.rows[k]
	if len(ids) == 0 {
		return 0, false, nil
	}
	ci.rows[k] = ids[1:]
	return ids[0], true, nil
}

// ensure maps the rows whose col is v, unless they are mapped.
func (ci *contentIndex) ensure(snap *storage.Snapshot, v any) error {
	if ci.full {
		return nil
	}
	vk := string(appendRowKey(nil, storage.Row{v}))
	if ci.built[vk] {
		return nil
	}
	if ci.wide {
		ci.full = true
		_, err := ci.add(snap, func(x []byte) bool { return !ci.built[string(x)] }, nil)
		return err
	}
	ci.built[vk] = true
	read, err := ci.add(snap, func(x []byte) bool { return string(x) == vk },
		func(p *storage.Part) bool { return ci.col < len(p.Zones) && zoneExcludes(&p.Zones[ci.col], v) })
	total := 0
	for _, p := range snap.Parts() {
		total += p.Rows
	}
	ci.wide = read*wideShare > total
	return err
}

// add maps the live rows whose col value (as appendRowKey encodes it)
// keep accepts, in segments prune does not skip; it returns the rows the
// scan read.
func (ci *contentIndex) add(snap *storage.Snapshot, keep func(colKey []byte) bool, prune func(*storage.Part) bool) (int, error) {
	row := make(storage.Row, len(snap.Def().Columns))
	read := 0
	var vkey []byte
	err := snap.Scan(storage.ScanRequest{Prune: prune}, func(b *storage.Batch) error {
		read += b.N
		b.Each(func(pos int) {
			vkey = appendRowKey(vkey[:0], storage.Row{b.Cols[ci.col].Value(pos)})
			if !keep(vkey) {
				return
			}
			for c, v := range b.Cols {
				row[c] = v.Value(pos)
			}
			ci.key = appendRowKey(ci.key[:0], row)
			ci.rows[string(ci.key)] = append(ci.rows[string(ci.key)], storage.BatchRowID(b, pos))
		})
		return nil
	})
	return read, err
}

// zoneExcludes reports whether a segment column's zone map shows it holds
// no v. Kinds it cannot compare exclude nothing.
func zoneExcludes(z *storage.ZoneMap, v any) bool {
	switch x := v.(type) {
	case nil:
		return z.Nulls == 0
	case int64:
		return z.Kind == storage.KindInt && (!z.HasRange || x < z.MinI || x > z.MaxI)
	case uint64:
		return z.Kind == storage.KindUint && (!z.HasRange || x < uint64(z.MinI) || x > uint64(z.MaxI))
	case string:
		return z.Kind == storage.KindBytes && (!z.HasRange ||
			bytes.Compare([]byte(x), z.MinB) < 0 || bytes.Compare([]byte(x), z.MaxB) > 0)
	}
	return false
}
