package sqlfn

import (
	"testing"

	"github.com/cohortdb/cohortdb/storage"
)

func TestColumnTypes(t *testing.T) {
	def := &storage.TableDef{Meta: []byte(`{"v":1,"columns":{"amount":{"type":"DECIMAL(12,4)"},"qty":{"type":"int"},"day":{"type":"date"},"at":{"type":"datetime(6)"}}}`)}
	tests := []struct {
		col   string
		scale int32
		date  bool
	}{
		{"amount", 4, false}, {"qty", 0, false}, {"day", 0, true}, {"at", 0, false},
		{"unknown", 2, false}, // not recorded: the canonical DECIMAL(12,2)
	}
	if got := DecimalScale(&storage.TableDef{Meta: []byte(`{"v":2,"columns":{"amount":{"type":"decimal(12,4)"}}}`)}, "amount"); got != 2 {
		t.Errorf("DecimalScale of an unknown metadata version = %d, want the fallback 2", got)
	}
	for _, tc := range tests {
		if got := DecimalScale(def, tc.col); got != tc.scale {
			t.Errorf("DecimalScale(%s) = %d, want %d", tc.col, got, tc.scale)
		}
		if got := IsDate(def, tc.col); got != tc.date {
			t.Errorf("IsDate(%s) = %v, want %v", tc.col, got, tc.date)
		}
	}
}
