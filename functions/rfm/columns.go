package rfm

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cohortdb/cohortdb/storage"
)

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

// sqlType returns the SQL type the engine recorded for a column (lower
// case, e.g. "decimal(12,2)"), or "" when unknown. The engine keeps it in
// TableDef.Meta as {"columns": {"<name>": {"type": ...}}}.
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

// decimalScale is the scale s of a DECIMAL(p,s) column, the power of ten
// its stored integers are scaled by; canonical amounts are DECIMAL(12,2),
// the fallback when the type is not recorded. Integer columns have scale 0.
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

// timeUnit is the number of stored units per day of a date or datetime
// column: DATE columns hold days, DATETIME/TIMESTAMP microseconds.
func timeUnit(sn *storage.Snapshot, name string) int64 {
	if t := sqlType(sn, name); t == "date" {
		return 1
	}
	return usPerDay
}

// hasNulls reports whether any position of v is NULL.
func hasNulls(v *storage.Vector) bool { return v.Nulls != nil && !v.Nulls.IsEmpty() }
