package tablemeta

import (
	"strings"
	"testing"
)

func TestColumnTypes(t *testing.T) {
	m, err := Decode([]byte(`{"v":1,"columns":{"amount":{"type":"DECIMAL(12,4)"},"qty":{"type":"int"},` +
		`"day":{"type":"date"},"at":{"type":"datetime(6)"},"whole":{"type":"decimal(10)"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		col   string
		scale int32
		date  bool
	}{
		{"amount", 4, false}, {"AMOUNT", 4, false}, {"qty", 0, false}, {"day", 0, true},
		{"at", 0, false}, {"whole", 0, false},
		{"unknown", 0, false}, // no entry: the engine shows BIGINT
	}
	for _, tc := range tests {
		if got := m.Scale(tc.col); got != tc.scale {
			t.Errorf("Scale(%s) = %d, want %d", tc.col, got, tc.scale)
		}
		if got := m.IsDate(tc.col); got != tc.date {
			t.Errorf("IsDate(%s) = %v, want %v", tc.col, got, tc.date)
		}
	}
}

func TestDecodeRefusesOtherVersions(t *testing.T) {
	for _, b := range []string{`{"v":2,"columns":{}}`, `{"v":0,"columns":{}}`} {
		if _, err := Decode([]byte(b)); err == nil || !strings.Contains(err.Error(), "version") {
			t.Errorf("Decode(%s) = %v, want a version error", b, err)
		}
	}
	m, err := Decode(nil)
	if err != nil || m.Version != Version || len(m.Columns) != 0 {
		t.Errorf("Decode(nil) = %+v, %v, want an empty description", m, err)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	m := New()
	m.Comment = "sort key: a"
	m.SetColumn("Amount", &Column{Type: "decimal(12,2)", Default: "0.00"})
	got, err := Decode(m.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if got.Comment != m.Comment || got.Column("amount").Type != "decimal(12,2)" || got.Column("amount").Default != "0.00" {
		t.Errorf("round trip = %+v, want %+v", got, m)
	}
	c := got.Clone()
	c.SetColumn("other", &Column{Type: "int"})
	if got.Column("other") != nil {
		t.Error("Clone shares its column map")
	}
}
