// Package tablemeta is the SQL-level description of a table that
// storage keeps for the engine without understanding it
// (storage.TableDef.Meta): each column's exact SQL type, default and
// comment, the table's comment and collation, as versioned JSON.
//
// The engine writes it (CREATE and ALTER TABLE) and rebuilds a table's
// SQL schema from it; the analytics read column types from it through
// functions/sqlfn (a DECIMAL's scale, DATE days vs DATETIME µs). It is
// the one codec of that JSON, so its format has one owner and every
// reader checks its version.
//
// # Invariants
//
//   - Encode writes Version; Decode refuses any other version (an error,
//     never a guess), and reads JSON without "v" as Version.
//   - Columns are keyed by lower-cased name, so ADD and DROP COLUMN only
//     touch their own entry and lookups ignore case.
//   - A column without an entry (a table created below SQL) has the type
//     the engine derives from its storage kind: BIGINT for integers, so
//     its scale is 0 and it is not a DATE.
package tablemeta

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Version is the version of the JSON Encode writes.
const Version = 1

// Table is the SQL-level description of one table.
type Table struct {
	Version   int                `json:"v"`
	Comment   string             `json:"comment,omitempty"`
	Collation string             `json:"collation,omitempty"`
	Columns   map[string]*Column `json:"columns"`
}

// Column is what SHOW CREATE TABLE needs of one column beyond its
// storage kind.
type Column struct {
	// Type is the SQL type as go-mysql-server prints it, e.g.
	// "decimal(12,2)", "date", "datetime(6)", "varchar(255) COLLATE ...".
	Type          string `json:"type"`
	Default       string `json:"default,omitempty"`
	OnUpdate      string `json:"on_update,omitempty"`
	Comment       string `json:"comment,omitempty"`
	AutoIncrement bool   `json:"auto_increment,omitempty"`
}

// New returns an empty description of the current version.
func New() *Table { return &Table{Version: Version, Columns: map[string]*Column{}} }

// Decode reads a description; empty input (a table created below SQL)
// is an empty one.
func Decode(b []byte) (*Table, error) {
	m := New()
	if len(b) == 0 {
		return m, nil
	}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("decode table meta: %w", err)
	}
	if m.Version != Version {
		return nil, fmt.Errorf("table meta version %d not supported", m.Version)
	}
	if m.Columns == nil {
		m.Columns = map[string]*Column{}
	}
	return m, nil
}

// Encode returns the JSON form of m.
func (m *Table) Encode() []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("encode table meta: %v", err)) // plain structs always marshal
	}
	return b
}

// Clone returns a copy of m whose column map may be changed without
// changing m (the columns themselves are shared and never mutated).
func (m *Table) Clone() *Table {
	cp := *m
	cp.Columns = make(map[string]*Column, len(m.Columns))
	for k, v := range m.Columns {
		cp.Columns[k] = v
	}
	return &cp
}

// Column returns the entry of the named column (any case), or nil.
func (m *Table) Column(name string) *Column { return m.Columns[strings.ToLower(name)] }

// SetColumn sets the entry of the named column.
func (m *Table) SetColumn(name string, c *Column) { m.Columns[strings.ToLower(name)] = c }

// TypeName is the lower-cased SQL type of the named column, "" when it
// has no entry.
func (m *Table) TypeName(name string) string {
	if c := m.Column(name); c != nil {
		return strings.ToLower(c.Type)
	}
	return ""
}

// Scale is the power of ten the named column's stored integers are
// scaled by: s of a DECIMAL(p,s), 0 for every other type and for a
// column without an entry.
func (m *Table) Scale(name string) int32 {
	t := m.TypeName(name)
	if !strings.HasPrefix(t, "decimal(") {
		return 0
	}
	args, _, _ := strings.Cut(strings.TrimPrefix(t, "decimal("), ")")
	_, s, ok := strings.Cut(args, ",")
	if !ok {
		return 0 // DECIMAL(p) has scale 0
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return int32(v)
}

// IsDate reports whether the named column is a DATE, stored as days
// since 1970-01-01; DATETIME and TIMESTAMP columns are stored as
// microseconds.
func (m *Table) IsDate(name string) bool { return m.TypeName(name) == "date" }
