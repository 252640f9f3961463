package leads

import (
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// asOfDay is *asOf when given, else the day of the latest event.
func asOfDay(fn string, env sqlfn.Env, db string, asOf *int64) (int64, error) {
	if asOf != nil {
		return *asOf, nil
	}
	at, err := sqlfn.LatestMicros(fn, env, db, "events", "occurred_at", "date")
	return sqlfn.FloorDiv(at, sqlfn.MicrosPerDay), err
}
