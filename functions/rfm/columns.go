package rfm

import (
	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// column finds a column by name and checks its kind.
func column(sn read.Table, table, name string, kind read.Kind) (int, error) {
	return sqlfn.Column(sn, table, name, kind)
}

// decimalScale is the scale of a DECIMAL column (see sqlfn.DecimalScale).
func decimalScale(sn read.Table, name string) int32 {
	return sqlfn.DecimalScale(sn, name)
}

// timeUnit is the number of stored units per day of a date or datetime
// column: DATE columns hold days, DATETIME/TIMESTAMP microseconds.
func timeUnit(sn read.Table, name string) int64 {
	if sqlfn.IsDate(sn, name) {
		return 1
	}
	return usPerDay
}

// hasNulls reports whether any position of v is NULL.
func hasNulls(v *read.Vector) bool { return v.Nulls != nil && !v.Nulls.IsEmpty() }
