package sqlfn

import (
	"fmt"

	"github.com/cohortdb/cohortdb/contract/tablemeta"
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
// case, e.g. "decimal(12,2)"), or "" when it recorded none. Column types
// are read through contract/tablemeta, the one decoder of the engine's
// table metadata: a version it does not know reads as no type.
func SQLType(def *storage.TableDef, name string) string {
	if m := meta(def); m != nil {
		return m.TypeName(name)
	}
	return ""
}

// DecimalScale is the scale s of a DECIMAL(p,s) column, the power of ten
// its stored integers are scaled by; other types have scale 0. A column
// the engine recorded no type for (only possible in a table created
// below SQL, or in metadata of an unknown version) is taken to be the
// canonical DECIMAL(12,2) amount: scale 2.
func DecimalScale(def *storage.TableDef, name string) int32 {
	m := meta(def)
	if m == nil || m.Column(name) == nil {
		return 2
	}
	return m.Scale(name)
}

// IsDate reports whether a column is a DATE (stored as days); DATETIME and
// TIMESTAMP columns are stored as microseconds.
func IsDate(def *storage.TableDef, name string) bool {
	m := meta(def)
	return m != nil && m.IsDate(name)
}

// meta decodes a table's metadata, nil when it cannot be read.
func meta(def *storage.TableDef) *tablemeta.Table {
	m, err := tablemeta.Decode(def.Meta)
	if err != nil {
		return nil
	}
	return m
}
