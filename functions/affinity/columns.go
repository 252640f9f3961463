package affinity

import (
	"github.com/cohortdb/cohortdb/functions/sqlfn"
	"github.com/cohortdb/cohortdb/storage"
	"github.com/cohortdb/cohortdb/storage/calendar"
)

// column finds a column by name and checks its kind.
func column(sn *storage.Snapshot, table, name string, kind storage.Kind) (int, error) {
	return sqlfn.Column(sn, table, name, kind)
}

// decimalScale is the scale of a DECIMAL column (see sqlfn.DecimalScale).
func decimalScale(sn *storage.Snapshot, name string) int32 {
	return sqlfn.DecimalScale(sn.Def(), name)
}

// perDayFactor scales a date/datetime column to µs: DATE columns hold
// days, DATETIME microseconds.
func perDayFactor(sn *storage.Snapshot, name string) int64 {
	if sqlfn.IsDate(sn.Def(), name) {
		return calendar.MicrosPerDay
	}
	return 1
}

// hasNulls reports whether any position of v is NULL.
func hasNulls(v *storage.Vector) bool { return v.Nulls != nil && !v.Nulls.IsEmpty() }

// each calls fn with every live position of b.
func each(b *storage.Batch, fn func(i int)) {
	if b.Sel == nil {
		for i := 0; i < b.N; i++ {
			fn(i)
		}
		return
	}
	for _, p := range b.Sel {
		fn(int(p))
	}
}
