package affinity

import (
	"github.com/cohortdb/cohortdb/contract/calendar"
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

// perDayFactor scales a date/datetime column to µs: DATE columns hold
// days, DATETIME microseconds.
func perDayFactor(sn read.Table, name string) int64 {
	if sqlfn.IsDate(sn, name) {
		return calendar.MicrosPerDay
	}
	return 1
}

// hasNulls reports whether any position of v is NULL.
func hasNulls(v *read.Vector) bool { return v.Nulls != nil && !v.Nulls.IsEmpty() }

// each calls fn with every live position of b.
func each(b *read.Batch, fn func(i int)) {
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
