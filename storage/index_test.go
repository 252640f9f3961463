package storage

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

var countries = []any{"DE", "FR", "NL", nil, "PL"}

func countryRow(i int) Row { return Row{int64(i), countries[i%len(countries)]} }

func countryTable(t *testing.T, s *Store) *Table {
	t.Helper()
	s.CreateDatabase("d")
	tbl, err := s.CreateTable("d", TableDef{Name: "c", PrimaryKey: []int{0}, Columns: []ColumnDef{
		{Name: "id", Kind: KindInt}, {Name: "country", Kind: KindBytes, Nullable: true}}})
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

// indexedIDs answers "country IN values" through IndexFilter and returns
// the ids, checking that no column chunk was decoded.
func indexedIDs(t *testing.T, s *Store, sn *Snapshot, values []any) map[int64]bool {
	t.Helper()
	before := s.Counters().ChunksDecoded.Load()
	var n int
	filter := func(p *Part) *roaring.Bitmap {
		b, ok, err := sn.IndexFilter(p, 1, values)
		if err != nil || !ok {
			t.Fatalf("IndexFilter: %v %v", ok, err)
		}
		return b
	}
	sn.Scan(ScanRequest{Columns: []int{}, Filter: filter}, func(b *Batch) error { n += b.Live(); return nil })
	if d := s.Counters().ChunksDecoded.Load() - before; d != 0 {
		t.Fatalf("an indexed count decoded %d column chunks", d)
	}
	ids := map[int64]bool{}
	sn.Scan(ScanRequest{Columns: []int{0}, Filter: filter}, func(b *Batch) error {
		b.Each(func(i int) { ids[b.Cols[0].Ints[i]] = true })
		return nil
	})
	if n != len(ids) {
		t.Fatalf("count %d, ids %d", n, len(ids))
	}
	return ids
}

func bruteIDs(t *testing.T, sn *Snapshot, values []any) map[int64]bool {
	ids := map[int64]bool{}
	for _, r := range collect(t, sn) {
		for _, v := range values {
			if r[1] == v {
				ids[r[0].(int64)] = true
			}
		}
	}
	return ids
}

func TestBitmapIndexMatchesScan(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs, 100)
	tbl := countryTable(t, s)
	tx := s.Begin()
	for i := 0; i < 250; i++ {
		tx.Insert(tbl, countryRow(i))
	}
	tx.Commit()
	if err := s.CreateIndex("d", "c", IndexDef{Name: "by_country"}, 1, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateIndex("d", "c", IndexDef{Name: "again"}, 1, nil); err == nil {
		t.Fatal("second index on the same column accepted")
	}
	l, _ := s.BeginLoad(tbl, LoadAppend)
	for i := 250; i < 520; i++ {
		l.Append(countryRow(i))
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	tx = s.Begin() // deletes and an uncommitted view
	for _, k := range []int{3, 150, 260} {
		id, _, _ := tx.Snapshot(tbl).LookupPK(Row{int64(k)})
		tx.Delete(tbl, id)
	}
	tx.Insert(tbl, countryRow(1000))
	rng := rand.New(rand.NewPCG(5, 6))
	check := func(sn *Snapshot) {
		for trial := 0; trial < 20; trial++ {
			var values []any
			for _, c := range countries {
				if rng.IntN(2) == 0 {
					values = append(values, c)
				}
			}
			got, want := indexedIDs(t, s, sn, values), bruteIDs(t, sn, values)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("values %v: index %d ids, scan %d ids", values, len(got), len(want))
			}
		}
	}
	check(tx.Snapshot(tbl))
	tx.Commit()
	check(tbl.Snapshot())
	// A missing index chunk is rebuilt at open; a dropped index is gone.
	s.db.Delete(indexKey(tbl.id, tbl.Snapshot().Parts()[0].Seg, tbl.Def().Columns[1].ID), nil)
	s.Close()
	s = openMem(t, fs, 100)
	defer s.Close()
	tbl, _ = s.Table("d", "c")
	s.indexes = indexCache{}
	check(tbl.Snapshot())
	if err := s.DropIndex("d", "c", "by_country", nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := tbl.Snapshot().IndexFilter(&tbl.Snapshot().Parts()[0], 1, []any{"DE"}); ok {
		t.Fatal("dropped index still answers")
	}
}
