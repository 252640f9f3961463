package leads

import (
	"github.com/cohortdb/cohortdb/functions/sqlfn"
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
	at, ok, err := sqlfn.Latest(sn, "events", "occurred_at")
	if err != nil {
		return 0, sqlfn.ErrNoData(fn, "%v", err)
	}
	if !ok {
		return 0, sqlfn.ErrNoData(fn, "events is empty: give the as-of date")
	}
	return sqlfn.FloorDiv(at, sqlfn.UnitsPerDay(sn.Def(), "occurred_at")), nil
}
