package storage

import (
	"reflect"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// TestIDView: rows (n, cust, visitor) over sealed segments of 4 rows and
// the write buffer; the view maps customers 2 and 3 to 1 and visitor
// "v9" to customer 3.
func TestIDView(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 4)
	defer s.Close()
	if err := s.CreateDatabase("d"); err != nil {
		t.Fatal(err)
	}
	tbl, err := s.CreateTable("d", TableDef{Name: "ev", Columns: []ColumnDef{
		{Name: "n", Kind: KindInt}, {Name: "cust", Kind: KindInt, Nullable: true}, {Name: "visitor", Kind: KindBytes, Nullable: true}}})
	if err != nil {
		t.Fatal(err)
	}
	rows := []Row{
		{int64(0), int64(1), nil}, {int64(1), int64(2), "v1"}, {int64(2), nil, "v9"}, {int64(3), nil, "v7"},
		{int64(4), int64(3), nil}, {int64(5), int64(4), nil}, {int64(6), nil, nil}, {int64(7), int64(2), nil},
		{int64(8), nil, "v9"}, {int64(9), int64(5), nil},
	}
	tx := s.Begin()
	for _, r := range rows {
		if _, err := tx.Insert(tbl, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	scan := func(sn *Snapshot, cols []int) [][2]any {
		var out [][2]any
		err := sn.Scan(ScanRequest{Columns: cols}, func(b *Batch) error {
			b.Each(func(i int) { out = append(out, [2]any{b.Cols[0].Value(i), b.Cols[len(b.Cols)-1].Value(i)}) })
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	sn := tbl.Snapshot()
	m := map[int64]int64{2: 1, 3: 1}
	byKey := map[string]int64{"v9": 3}
	for _, tc := range []struct {
		name string
		view IDView
		cols []int
		want [][2]any
	}{
		{"map and stitch", IDView{Column: 1, Map: m, Fallback: 2, ByKey: byKey}, []int{0, 1}, [][2]any{
			{int64(0), int64(1)}, {int64(1), int64(1)}, {int64(2), int64(1)}, {int64(3), nil},
			{int64(4), int64(1)}, {int64(5), int64(4)}, {int64(6), nil}, {int64(7), int64(1)},
			{int64(8), int64(1)}, {int64(9), int64(5)}}},
		{"map only", IDView{Column: 1, Map: m, Fallback: -1}, []int{0, 1}, [][2]any{
			{int64(0), int64(1)}, {int64(1), int64(1)}, {int64(2), nil}, {int64(3), nil},
			{int64(4), int64(1)}, {int64(5), int64(4)}, {int64(6), nil}, {int64(7), int64(1)},
			{int64(8), nil}, {int64(9), int64(5)}}},
		{"drop mapped rows, id column not read", IDView{Column: 1, Map: m, Drop: true, Fallback: -1}, []int{0}, [][2]any{
			{int64(0), int64(0)}, {int64(2), int64(2)}, {int64(3), int64(3)}, {int64(5), int64(5)},
			{int64(6), int64(6)}, {int64(8), int64(8)}, {int64(9), int64(9)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.view
			got := scan(sn.WithIDView(&v), tc.cols)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
			for _, p := range sn.WithIDView(&v).Parts() {
				if p.Zones != nil && p.Zones[1].HasRange {
					t.Errorf("part %d: the viewed column keeps its zone range", p.Seg)
				}
			}
		})
	}
	// The stored snapshot is untouched: its zone maps and values stand.
	if got := scan(sn, []int{0, 1}); got[1] != [2]any{int64(1), int64(2)} {
		t.Errorf("stored row 1 = %v, want [1 2]", got[1])
	}
	if p := sn.Parts()[0]; !p.Zones[1].HasRange {
		t.Errorf("stored zone map lost its range")
	}
}
