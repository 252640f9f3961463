package engine

import (
	"context"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/storage"
)

// TestReadTableColumns checks the typed columns the analytics read: kind
// from the store, SQL type, scale and DATE-vs-µs from the engine's
// metadata, nothing from metadata of an unknown version.
func TestReadTableColumns(t *testing.T) {
	st, err := storage.Open("rt", storage.Options{FS: vfs.NewMem()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateDatabase("db"); err != nil {
		t.Fatal(err)
	}
	cols := []storage.ColumnDef{{Name: "Amount", Kind: storage.KindInt}, {Name: "day", Kind: storage.KindInt},
		{Name: "at", Kind: storage.KindInt}, {Name: "name", Kind: storage.KindBytes, Nullable: true}}
	table := func(name, meta string) read.Table {
		tb, err := st.CreateTable("db", storage.TableDef{Name: name, Columns: cols, Meta: []byte(meta)})
		if err != nil {
			t.Fatal(err)
		}
		return newReadTable(context.Background(), tb.Snapshot())
	}
	typed := table("typed", `{"v":1,"columns":{"amount":{"type":"DECIMAL(12,4)"},"day":{"type":"date"},"at":{"type":"datetime(6)"}}}`)
	tests := []struct {
		name string
		want read.Column
	}{
		{"AMOUNT", read.Column{Name: "Amount", Ord: 0, Kind: read.KindInt, Type: "decimal(12,4)", Scale: 4}},
		{"day", read.Column{Name: "day", Ord: 1, Kind: read.KindInt, Type: "date", Date: true}},
		{"at", read.Column{Name: "at", Ord: 2, Kind: read.KindInt, Type: "datetime(6)"}},
		{"name", read.Column{Name: "name", Ord: 3, Kind: read.KindBytes, Nullable: true}}, // no entry: no type
	}
	for _, tc := range tests {
		if got, ok := typed.Column(tc.name); !ok || got != tc.want {
			t.Errorf("Column(%s) = %+v, %v; want %+v", tc.name, got, ok, tc.want)
		}
	}
	if _, ok := typed.Column("missing"); ok {
		t.Error("Column(missing) found a column")
	}
	if n := typed.NumColumns(); n != len(cols) {
		t.Errorf("NumColumns = %d, want %d", n, len(cols))
	}
	future := table("future", `{"v":2,"columns":{"amount":{"type":"decimal(12,4)"}}}`)
	if got, _ := future.Column("amount"); got.Type != "" || got.Scale != 0 {
		t.Errorf("a column of an unknown metadata version reads as %+v, want no type", got)
	}
}
