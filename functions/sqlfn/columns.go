package sqlfn

import (
	"fmt"

	"github.com/cohortdb/cohortdb/contract/read"
)

// Column finds a column of a table by name and checks its storage kind;
// it returns the column's ordinal, for read.Request.Columns.
func Column(t read.Table, table, name string, kind read.Kind) (int, error) {
	c, ok := t.Column(name)
	if !ok {
		return 0, fmt.Errorf("table %s has no column %s", table, name)
	}
	if c.Kind != kind {
		return 0, fmt.Errorf("column %s.%s is stored as %s, want %s", table, name, c.Kind, kind)
	}
	return c.Ord, nil
}

// SQLType returns the SQL type the engine recorded for a column (lower
// case, e.g. "decimal(12,2)"), or "" when it recorded none (a column
// created below SQL, or metadata of a version this build does not know).
func SQLType(t read.Table, name string) string {
	c, _ := t.Column(name)
	return c.Type
}

// DecimalScale is the scale s of a DECIMAL(p,s) column, the power of ten
// its stored integers are scaled by; other types have scale 0. A column
// the engine recorded no type for (only possible in a table created
// below SQL, or in metadata of an unknown version) is taken to be the
// canonical DECIMAL(12,2) amount: scale 2.
func DecimalScale(t read.Table, name string) int32 {
	c, ok := t.Column(name)
	if !ok || c.Type == "" {
		return 2
	}
	return c.Scale
}

// IsDate reports whether a column is a DATE (stored as days); DATETIME and
// TIMESTAMP columns are stored as microseconds.
func IsDate(t read.Table, name string) bool {
	c, _ := t.Column(name)
	return c.Date
}

// OptionalColumn is the ordinal of a column a reader uses when the table
// has it stored as kind, -1 otherwise (an optional column: currency,
// visitor_id).
func OptionalColumn(t read.Table, name string, kind read.Kind) int {
	if c, ok := t.Column(name); ok && c.Kind == kind {
		return c.Ord
	}
	return -1
}
