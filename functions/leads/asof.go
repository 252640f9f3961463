package leads

import (
	"github.com/cohortdb/cohortdb/functions/sqlfn"
	"github.com/cohortdb/cohortdb/storage"
)

// asOfDay is *asOf when given, else the day of the latest event.
func asOfDay(fn string, env sqlfn.Env, db string, asOf *int64) (int64, error) {
	if asOf != nil {
		return *asOf, nil
	}
	sn, err := env.Snapshot(db, "events")
	if err != nil {
		return 0, err
	}
	day, ok, err := LatestDay(sn, "events", "occurred_at")
	if err != nil {
		return 0, sqlfn.ErrNoData(fn, "%v", err)
	}
	if !ok {
		return 0, sqlfn.ErrNoData(fn, "events is empty: give the as-of date")
	}
	return day, nil
}

// LatestDay is the day of the latest value of a date or datetime column;
// ok is false when it has none. Sealed segments without deletes answer
// from their zone maps.
func LatestDay(sn *storage.Snapshot, table, col string) (day int64, ok bool, err error) {
	c, err := sqlfn.Column(sn, table, col, storage.KindInt)
	if err != nil {
		return 0, false, err
	}
	var best int64
	take := func(v int64) {
		if !ok || v > best {
			best, ok = v, true
		}
	}
	parts := sn.Parts()
	req := storage.ScanRequest{Columns: []int{c}}
	for i := range parts {
		p := &parts[i]
		if p.Kind == storage.PartSegment && p.Live == p.Rows && p.Zones != nil {
			if z := p.Zones[c]; z.HasRange {
				take(z.MaxI)
			}
			continue
		}
		err := sn.ScanPart(p, req, func(b *storage.Batch) error {
			v := b.Cols[0]
			b.Each(func(i int) {
				if !v.IsNull(i) {
					take(v.Ints[i])
				}
			})
			return nil
		})
		if err != nil {
			return 0, false, err
		}
	}
	return floorDiv(best, unitOf(sn, col)), ok, nil
}
