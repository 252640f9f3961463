package affinity

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cohortdb/cohortdb/storage"
)

// µs per day: DATETIME columns hold microseconds since the epoch (UTC).
const usPerDay = 86_400_000_000

// dayOf is the UTC calendar day of a DATETIME value (floor division).
func dayOf(us int64) int64 {
	d := us / usPerDay
	if us%usPerDay < 0 {
		d--
	}
	return d
}

// column finds a column by name and checks its kind.
func column(sn *storage.Snapshot, table, name string, kind storage.Kind) (int, error) {
	def := sn.Def()
	i := def.ColumnIndex(name)
	if i < 0 {
		return 0, fmt.Errorf("table %s has no column %s", table, name)
	}
	if k := def.Columns[i].Kind; k != kind {
		return 0, fmt.Errorf("column %s.%s is stored as %s, want %s", table, name, k, kind)
	}
	return i, nil
}

// sqlType is the SQL type the engine recorded for a column in
// TableDef.Meta (lower case), or "" when unknown.
func sqlType(sn *storage.Snapshot, name string) string {
	var meta struct {
		Columns map[string]struct {
			Type string `json:"type"`
		} `json:"columns"`
	}
	if err := json.Unmarshal(sn.Def().Meta, &meta); err != nil {
		return ""
	}
	return strings.ToLower(meta.Columns[strings.ToLower(name)].Type)
}

// decimalScale is s of a DECIMAL(p,s) column (the canonical amount is
// DECIMAL(12,2), the fallback when the type is not recorded); integer
// columns have scale 0.
func decimalScale(sn *storage.Snapshot, name string) int32 {
	t := sqlType(sn, name)
	if !strings.HasPrefix(t, "decimal(") {
		if t == "" {
			return 2
		}
		return 0
	}
	_, s, ok := strings.Cut(strings.TrimSuffix(t, ")"), ",")
	if !ok {
		return 0
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 2
	}
	return int32(v)
}

// perDayFactor scales a date/datetime column to µs: DATE columns hold
// days, DATETIME microseconds.
func perDayFactor(sn *storage.Snapshot, name string) int64 {
	if sqlType(sn, name) == "date" {
		return usPerDay
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
