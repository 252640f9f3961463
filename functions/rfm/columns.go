package rfm

import (
	"github.com/cohortdb/cohortdb/functions/sqlfn"
	"github.com/cohortdb/cohortdb/storage"
)

// column finds a column by name and checks its kind.
func column(sn *storage.Snapshot, table, name string, kind storage.Kind) (int, error) {
	return sqlfn.Column(sn, table, name, kind)
}

// decimalScale is the scale of a DECIMAL column (see sqlfn.DecimalScale).
func decimalScale(sn *storage.Snapshot, name string) int32 {
	return sqlfn.DecimalScale(sn.Def(), name)
}

// timeUnit is the number of stored units per day of a date or datetime
// column: DATE columns hold days, DATETIME/TIMESTAMP microseconds.
func timeUnit(sn *storage.Snapshot, name string) int64 {
	if sqlfn.IsDate(sn.Def(), name) {
		return 1
	}
	return usPerDay
}

// hasNulls reports whether any position of v is NULL.
func hasNulls(v *storage.Vector) bool { return v.Nulls != nil && !v.Nulls.IsEmpty() }
