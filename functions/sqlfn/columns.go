package sqlfn

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cohortdb/cohortdb/storage"
)

// Column finds a column of a snapshot by name and checks its storage kind.
func Column(sn *storage.Snapshot, table, name string, kind storage.Kind) (int, error) {
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

// SQLType returns the SQL type the engine recorded for a column (lower
// case, e.g. "decimal(12,2)"), or "" when unknown. The engine keeps it in
// TableDef.Meta as {"columns": {"<name>": {"type": ...}}}; this is the one
// place analytics read that layout.
func SQLType(def *storage.TableDef, name string) string {
	var meta struct {
		Columns map[string]struct {
			Type string `json:"type"`
		} `json:"columns"`
	}
	if err := json.Unmarshal(def.Meta, &meta); err != nil {
		return ""
	}
	return strings.ToLower(meta.Columns[strings.ToLower(name)].Type)
}

// DecimalScale is the scale s of a DECIMAL(p,s) column, the power of ten
// its stored integers are scaled by. Canonical amounts are DECIMAL(12,2),
// the fallback when the type is not recorded; integer columns have scale 0.
func DecimalScale(def *storage.TableDef, name string) int32 {
	t := SQLType(def, name)
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

// IsDate reports whether a column is a DATE (stored as days); DATETIME and
// TIMESTAMP columns are stored as microseconds.
func IsDate(def *storage.TableDef, name string) bool { return SQLType(def, name) == "date" }
