package sqlfn

import (
	"testing"

	"github.com/cohortdb/cohortdb/contract/read"
)

// typedTable is a read.Table of typed columns and no rows.
type typedTable struct {
	read.Table // nil: only Column is called
	cols       map[string]read.Column
}

func (t typedTable) Column(name string) (read.Column, bool) {
	c, ok := t.cols[name]
	return c, ok
}

func TestColumnTypes(t *testing.T) {
	tb := typedTable{cols: map[string]read.Column{
		"amount":  {Kind: read.KindInt, Type: "decimal(12,4)", Scale: 4},
		"qty":     {Kind: read.KindInt, Type: "int"},
		"day":     {Kind: read.KindInt, Type: "date", Date: true},
		"at":      {Kind: read.KindInt, Type: "datetime(6)"},
		"untyped": {Kind: read.KindInt}, // created below SQL, or metadata of an unknown version
	}}
	tests := []struct {
		col   string
		scale int32
		date  bool
		unit  int64
	}{
		{"amount", 4, false, MicrosPerDay}, {"qty", 0, false, MicrosPerDay}, {"day", 0, true, 1}, {"at", 0, false, MicrosPerDay},
		{"untyped", 2, false, MicrosPerDay}, // not recorded: the canonical DECIMAL(12,2)
		{"unknown", 2, false, MicrosPerDay},
	}
	for _, tc := range tests {
		if got := DecimalScale(tb, tc.col); got != tc.scale {
			t.Errorf("DecimalScale(%s) = %d, want %d", tc.col, got, tc.scale)
		}
		if got := IsDate(tb, tc.col); got != tc.date {
			t.Errorf("IsDate(%s) = %v, want %v", tc.col, got, tc.date)
		}
		if got := UnitsPerDay(tb, tc.col); got != tc.unit {
			t.Errorf("UnitsPerDay(%s) = %d, want %d", tc.col, got, tc.unit)
		}
	}
}
