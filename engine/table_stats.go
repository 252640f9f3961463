package engine

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/storage"
)

const tableStatsName = "table_stats"

var tableStatsSchema = sql.Schema{
	{Name: "column_name", Type: types.LongText, Source: tableStatsName},
	{Name: "kind", Type: types.LongText, Source: tableStatsName},
	{Name: "segments", Type: types.Int64, Source: tableStatsName},
	{Name: "encoded_bytes", Type: types.Int64, Source: tableStatsName},
	{Name: "raw_bytes", Type: types.Int64, Source: tableStatsName},
	{Name: "null_count", Type: types.Int64, Source: tableStatsName},
	{Name: "min_value", Type: types.LongText, Source: tableStatsName, Nullable: true},
	{Name: "max_value", Type: types.LongText, Source: tableStatsName, Nullable: true},
	{Name: "buffer_rows", Type: types.Int64, Source: tableStatsName},
	{Name: "live_rows", Type: types.Int64, Source: tableStatsName},
}

// columnStats accumulates one column over the parts of a snapshot: zone
// maps for sealed segments, the values themselves for the write buffer
// and the transaction's own rows.
type columnStats struct {
	segments, encoded, raw, nulls int64
	min, max                      any // storage values; nil until seen
}

// tableStatsRows implements table_stats('db','table'): one row per column,
// computed from the zone maps of Snapshot.Parts() without decoding any
// sealed chunk.
func tableStatsRows(ctx *sql.Context, p *Provider, args []any) ([]sql.Row, error) {
	db, ok1 := args[0].(string)
	name, ok2 := args[1].(string)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("table_stats expects ('database', 'table') as strings")
	}
	// Its min/max values are the table's data: SELECT on the table, checked
	// before the lookup so that a table the caller cannot see stays unseen.
	if err := p.privileges().table(ctx, db, name, sql.PrivilegeType_Select); err != nil {
		return nil, err
	}
	st, err := p.store.Table(db, name)
	if errors.Is(err, storage.ErrTableNotFound) || errors.Is(err, storage.ErrDatabaseNotFound) {
		return nil, sql.ErrTableNotFound.New(db + "." + name)
	}
	if err != nil {
		return nil, fmt.Errorf("table_stats %s.%s: %w", db, name, err)
	}
	t, err := newTable(ctx, &Database{p: p, name: st.DB()}, st)
	if err != nil {
		return nil, err
	}
	snap := t.snapshot(ctx)
	stats, bufferRows, err := collectStats(snap)
	if err != nil {
		return nil, err
	}
	mapped := t.mapColumns(snap.Def(), t.outputColumns())
	rows := make([]sql.Row, 0, len(mapped))
	for i, m := range mapped {
		c := t.sch.codecs[i]
		s := columnStats{}
		if m >= 0 {
			s = stats[m]
		}
		rows = append(rows, sql.Row{
			t.sch.pk.Schema[i].Name, c.kind.String(), s.segments, s.encoded, s.raw, s.nulls,
			formatStorageValue(ctx, c, s.min), formatStorageValue(ctx, c, s.max),
			bufferRows, snap.RowCount(),
		})
	}
	return rows, nil
}

// collectStats folds every part of the snapshot into per-column stats
// (indexed by the snapshot's column ordinals).
func collectStats(snap *storage.Snapshot) ([]columnStats, int64, error) {
	def := snap.Def()
	stats := make([]columnStats, len(def.Columns))
	var bufferRows int64
	parts := snap.Parts()
	for pi := range parts {
		part := &parts[pi]
		if part.Kind == storage.PartSegment {
			for c := range stats {
				if c < len(part.Zones) {
					stats[c].addZone(def.Columns[c].Kind, &part.Zones[c])
				}
			}
			continue
		}
		bufferRows += int64(part.Live)
		err := snap.ScanPart(part, storage.ScanRequest{}, func(b *storage.Batch) error {
			for c, v := range b.Cols {
				stats[c].addVector(v, b)
			}
			return nil
		})
		if err != nil {
			return nil, 0, fmt.Errorf("table_stats: scan write buffer: %w", err)
		}
	}
	return stats, bufferRows, nil
}

func (s *columnStats) addZone(k storage.Kind, z *storage.ZoneMap) {
	s.segments++
	s.encoded += z.Bytes
	s.raw += z.RawBytes
	s.nulls += int64(z.Nulls)
	if !z.HasRange {
		return
	}
	switch k {
	case storage.KindInt:
		s.see(z.MinI, z.MaxI)
	case storage.KindUint:
		s.see(uint64(z.MinI), uint64(z.MaxI))
	case storage.KindFloat:
		s.see(z.MinF, z.MaxF)
	case storage.KindBytes:
		s.see(string(z.MinB), string(z.MaxB))
	}
}

func (s *columnStats) addVector(v *storage.Vector, b *storage.Batch) {
	n := b.Live()
	for k := 0; k < n; k++ {
		pos := k
		if b.Sel != nil {
			pos = int(b.Sel[k])
		}
		x := v.Value(pos)
		if x == nil {
			s.nulls++
			continue
		}
		s.see(x, x)
	}
}

func (s *columnStats) see(lo, hi any) {
	if s.min == nil || compareStorage(lo, s.min) < 0 {
		s.min = lo
	}
	if s.max == nil || compareStorage(hi, s.max) > 0 {
		s.max = hi
	}
}

// compareStorage orders two storage values of the same kind.
func compareStorage(a, b any) int {
	switch x := a.(type) {
	case int64:
		y := b.(int64)
		return cmpOrdered(x, y)
	case uint64:
		return cmpOrdered(x, b.(uint64))
	case float64:
		return cmpOrdered(x, b.(float64))
	case string:
		return bytes.Compare([]byte(x), []byte(b.(string)))
	}
	return 0
}

func cmpOrdered[T int64 | uint64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// formatStorageValue renders a storage value as MySQL would print the
// column's value, or NULL.
func formatStorageValue(ctx *sql.Context, c *codec, v any) any {
	if v == nil {
		return nil
	}
	gv, err := c.decode(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	sv, err := c.typ.SQL(ctx, nil, gv)
	if err != nil {
		return fmt.Sprint(v)
	}
	return sv.ToString()
}
