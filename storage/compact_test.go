package storage

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// orderDef is a keyless fact table with sort key (cust, at), like orders.
func orderDef() TableDef {
	return TableDef{
		Name: "o",
		Columns: []ColumnDef{
			{Name: "cust", Kind: KindInt},
			{Name: "at", Kind: KindInt},
			{Name: "tag", Kind: KindBytes, Nullable: true},
			{Name: "amt", Kind: KindFloat, Nullable: true},
		},
		SortKey: []int{0, 1},
	}
}

// dailyOrders returns days × perDay rows in time order: row n is placed
// at time n by a pseudo-random customer, as a nightly export is.
func dailyOrders(days, perDay int) [][]Row {
	rng := rand.New(rand.NewPCG(7, uint64(days)))
	out := make([][]Row, days)
	n := 0
	for d := range out {
		for range perDay {
			var tag any = fmt.Sprintf("t%d", n%5)
			if n%11 == 0 {
				tag = nil
			}
			var amt any = float64(n%97) / 4
			if n%13 == 0 {
				amt = nil
			}
			out[d] = append(out[d], Row{int64(rng.IntN(40)), int64(n), tag, amt})
			n++
		}
	}
	return out
}

func loadDays(t *testing.T, s *Store, tbl *Table, days [][]Row) {
	t.Helper()
	for _, day := range days {
		l, err := s.BeginLoad(tbl, LoadAppend)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range day {
			if err := l.Append(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
	}
}

func newOrders(t *testing.T, s *Store) *Table {
	t.Helper()
	if err := s.CreateDatabase("d"); err != nil {
		t.Fatal(err)
	}
	tbl, err := s.CreateTable("d", orderDef())
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

// deleteWhere deletes, in one transaction, the live rows whose at
// satisfies pred and returns how many.
func deleteWhere(t *testing.T, s *Store, tbl *Table, pred func(at int64) bool) int {
	t.Helper()
	tx := s.Begin()
	var ids []RowID
	err := tx.Snapshot(tbl).Scan(ScanRequest{Columns: []int{1}}, func(b *Batch) error {
		b.Each(func(pos int) {
			if pred(b.Cols[0].Ints[pos]) {
				ids = append(ids, BatchRowID(b, pos))
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if err := tx.Delete(tbl, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return len(ids)
}

// expectSorted is the independent answer: the surviving rows sorted by
// (cust, at) — at is unique, so the order is total.
func expectSorted(days [][]Row, keep func(at int64) bool) []Row {
	var out []Row
	for _, d := range days {
		for _, r := range d {
			if keep(r[1].(int64)) {
				out = append(out, r)
			}
		}
	}
	slices.SortFunc(out, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a[0].(int64), b[0].(int64)), cmp.Compare(a[1].(int64), b[1].(int64)))
	})
	return out
}

func sameRows(t *testing.T, got, want []Row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
			t.Fatalf("row %d: got %v, want %v", i, got[i], want[i])
		}
	}
}

// checkZones verifies every segment's zone map of cust against its rows.
func checkZones(t *testing.T, sn *Snapshot) {
	t.Helper()
	for _, p := range sn.Parts() {
		if p.Kind != PartSegment {
			continue
		}
		err := sn.ScanPart(&p, ScanRequest{Columns: []int{0}}, func(b *Batch) error {
			v := b.Cols[0]
			lo, hi := slices.Min(v.Ints[:v.N]), slices.Max(v.Ints[:v.N])
			if z := p.Zones[0]; !z.HasRange || z.MinI != lo || z.MaxI != hi {
				t.Fatalf("segment %d: zone %d..%d, rows %d..%d", p.Seg, z.MinI, z.MaxI, lo, hi)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestCompactSortsDailyLoads(t *testing.T) {
	for _, tc := range []struct {
		name       string
		days, rows int
		fanIn      int
		passes     int
	}{
		{"one pass", 12, 30, 0, 1},
		{"intermediate passes", 12, 30, 2, 4}, // 12 runs → 6 → 3 → 2 → 1
		{"two segments a day", 12, 50, 0, 2},  // 24 runs → 2 → 1
		{"single day", 1, 40, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openMem(t, vfs.NewMem(), 32)
			defer s.Close()
			tbl := newOrders(t, s)
			days := dailyOrders(tc.days, tc.rows)
			loadDays(t, s, tbl, days)
			gone := func(at int64) bool { return at%7 == 3 }
			deleteWhere(t, s, tbl, gone)
			before := tbl.Layout()
			if before.Runs < 2 && tc.days > 1 || before.Unsorted == 0 || before.Deleted == 0 {
				t.Fatalf("layout before compaction: %+v", before)
			}
			res, err := s.Compact(tbl, CompactOptions{FanIn: tc.fanIn})
			if err != nil {
				t.Fatal(err)
			}
			want := expectSorted(days, func(at int64) bool { return !gone(at) })
			sameRows(t, collect(t, tbl.Snapshot()), want)
			after := tbl.Layout()
			if after.Runs != 1 || after.Unsorted != 0 || after.Deleted != 0 || after.SmallSegments > 1 {
				t.Fatalf("layout after compaction: %+v", after)
			}
			if res.Passes != tc.passes || res.RowsAfter != int64(len(want)) || !res.Sorted ||
				res.SegmentsAfter != (len(want)+31)/32 {
				t.Fatalf("result %+v, want %d passes, %d rows", res, tc.passes, len(want))
			}
			checkZones(t, tbl.Snapshot())
			if again, err := s.Compact(tbl, CompactOptions{}); err != nil || again.Passes != 0 {
				t.Fatalf("second compaction: %+v %v", again, err)
			}
		})
	}
}

// TestCompactKeepsAcrossReopen: the compacted table reads the same after a
// restart, later loads append after the sorted run, and compacting again
// merges them in.
func TestCompactKeepsAcrossReopen(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs, 32)
	tbl := newOrders(t, s)
	days := dailyOrders(8, 30)
	loadDays(t, s, tbl, days[:6])
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openMem(t, fs, 32)
	defer s.Close()
	tbl, _ = s.Table("d", "o")
	all := func(int64) bool { return true }
	sameRows(t, collect(t, tbl.Snapshot()), expectSorted(days[:6], all))
	if l := tbl.Layout(); l.Runs != 1 || l.Unsorted != 0 {
		t.Fatalf("layout after reopen: %+v", l)
	}
	loadDays(t, s, tbl, days[6:])
	if l := tbl.Layout(); l.Runs != 3 {
		t.Fatalf("layout after two more loads: %+v", l)
	}
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	sameRows(t, collect(t, tbl.Snapshot()), expectSorted(days, all))
}

// TestCompactKeyedTable: primary-key entries follow their rows, entries
// of deleted rows go, a deleted key can be inserted again, bitmap indexes
// are rebuilt, and a table without a sort key keeps its row order.
func TestCompactKeyedTable(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 64)
	defer s.Close()
	tbl := mustTable(t, s) // key id, no sort key
	if err := s.CreateIndex("d", "t", IndexDef{Name: "by_s"}, 3, nil); err != nil {
		t.Fatal(err)
	}
	if err := loadRows(t, s, tbl, LoadAppend, seq(0, 300), nil); err != nil {
		t.Fatal(err)
	}
	insertRange(t, s, tbl, 300, 340) // write buffer: not compacted
	deleted := map[int]bool{}
	tx := s.Begin()
	for i := 0; i < 340; i += 3 {
		id, ok, err := tx.Current(tbl).LookupPK(Row{int64(i)})
		if err != nil || !ok {
			t.Fatalf("key %d: %v %v", i, ok, err)
		}
		if err := tx.Delete(tbl, id); err != nil {
			t.Fatal(err)
		}
		deleted[i] = true
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	var live []int
	for i := 0; i < 340; i++ {
		if !deleted[i] {
			live = append(live, i)
		}
	}
	checkRows(t, collect(t, tbl.Snapshot()), testRow, live)
	sn := tbl.Snapshot()
	for i := 0; i < 340; i++ {
		id, ok, err := sn.LookupPK(Row{int64(i)})
		if err != nil || ok == deleted[i] {
			t.Fatalf("key %d: found %v (err %v), deleted %v", i, ok, err, deleted[i])
		}
		if ok {
			r, err := sn.Get(id, nil)
			if err != nil || r[0] != int64(i) {
				t.Fatalf("key %d names row %v (%v)", i, r, err)
			}
		}
	}
	// Entries of rows deleted from the write buffer stay: compaction
	// leaves the buffer alone (14 of its 40 rows are deleted).
	if n := countKeys(t, s, prefixPK, tbl.id); n != len(live)+14 {
		t.Fatalf("%d primary-key entries, %d live rows", n, len(live))
	}
	insertRange(t, s, tbl, 0, 1) // key 0 was deleted: free again
	checkIndex(t, tbl.Snapshot(), 3, []any{"name-1", nil})
}

// checkIndex compares the bitmap index of column ord with a scan, part by
// part, for each of values.
func checkIndex(t *testing.T, sn *Snapshot, ord int, values []any) {
	t.Helper()
	for _, v := range values {
		for _, p := range sn.Parts() {
			got, ok, err := sn.IndexFilter(&p, ord, []any{v})
			if err != nil || !ok {
				t.Fatalf("index filter: %v %v", ok, err)
			}
			want := 0
			sn.ScanPart(&p, ScanRequest{Columns: []int{ord}}, func(b *Batch) error {
				for i := 0; i < b.N; i++ { // deleted rows too: the index has them
					if fmt.Sprint(b.Cols[0].Value(i)) == fmt.Sprint(v) {
						if !got.Contains(uint32(i)) {
							t.Fatalf("part %d position %d (%v) not in the index", p.Seg, i, v)
						}
						want++
					}
				}
				return nil
			})
			if int(got.GetCardinality()) != want {
				t.Fatalf("part %d value %v: index has %d positions, scan %d", p.Seg, v, got.GetCardinality(), want)
			}
		}
	}
}

func countKeys(t *testing.T, s *Store, prefix byte, tid uint64) int {
	t.Helper()
	n := 0
	if err := s.each(tablePrefix(prefix, tid), func(k, v []byte) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCompactSnapshotIsolation: a snapshot taken before the swap reads
// the old segments to the end (when they are deleted: reclaim_test.go).
func TestCompactSnapshotIsolation(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 32)
	defer s.Close()
	tbl := newOrders(t, s)
	days := dailyOrders(5, 40)
	loadDays(t, s, tbl, days)
	old := tbl.Snapshot()
	oldRows := collect(t, old)
	s.cache.forget(tbl.id) // the old snapshot must read from Pebble
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	sameRows(t, collect(t, old), oldRows)
	sameRows(t, collect(t, tbl.Snapshot()), expectSorted(days, func(int64) bool { return true }))
	old.Close()
}

// TestCompactConflicts: writes that race with a compaction. Deletes of
// compacted rows committed during it make it give up (nothing published);
// a transaction that read before the swap and deletes compacted rows
// fails with ErrConflict; inserts are unaffected.
func TestCompactConflicts(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 32)
	defer s.Close()
	tbl := newOrders(t, s)
	days := dailyOrders(4, 40)
	loadDays(t, s, tbl, days)

	s.compactHook = func(point string) {
		if point == "before-swap" {
			s.compactHook = nil
			deleteWhere(t, s, tbl, func(at int64) bool { return at == 5 })
		}
	}
	before := tbl.Layout()
	if _, err := s.Compact(tbl, CompactOptions{}); !errors.Is(err, ErrConflict) {
		t.Fatalf("compaction racing a delete: %v", err)
	}
	if l := tbl.Layout(); l.Segments != before.Segments || l.Deleted != 1 {
		t.Fatalf("layout after the refused compaction: %+v", l)
	}

	tx := s.Begin()
	var victim RowID
	tx.Snapshot(tbl).Scan(ScanRequest{Columns: []int{1}}, func(b *Batch) error {
		victim = BatchRowID(b, 0)
		return nil
	})
	ins := s.Begin()
	ins.Snapshot(tbl)
	if _, err := ins.Insert(tbl, Row{int64(1), int64(10_000), nil, nil}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Delete(tbl, victim); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); !errors.Is(err, ErrConflict) {
		t.Fatalf("delete of a compacted row: %v", err)
	}
	if err := ins.Commit(); err != nil {
		t.Fatalf("insert across a compaction: %v", err)
	}
	if n := tbl.Snapshot().RowCount(); n != 4*40-1+1 {
		t.Fatalf("%d rows", n)
	}
}

// TestCompactWaitsForKeyedLoads: a bulk load into a keyed table checks
// keys by RowID, so compaction does not swap under it.
func TestCompactWaitsForKeyedLoads(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 64)
	defer s.Close()
	tbl := mustTable(t, s)
	if err := loadRows(t, s, tbl, LoadAppend, seq(0, 200), nil); err != nil {
		t.Fatal(err)
	}
	deleteKeys(t, s, tbl, 1, 2, 3)
	l, err := s.BeginLoad(tbl, LoadUpsert)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Append(testRow(10)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Compact(tbl, CompactOptions{}); !errors.Is(err, ErrConflict) {
		t.Fatalf("compaction during a keyed load: %v", err)
	}
	if err := l.Commit(); err != nil {
		t.Fatalf("load after the refused compaction: %v", err)
	}
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	var live []int
	for i := 0; i < 200; i++ {
		if i < 1 || i > 3 {
			live = append(live, i)
		}
	}
	checkRows(t, sortedRows(t, tbl.Snapshot()), testRow, live)
}

func deleteKeys(t *testing.T, s *Store, tbl *Table, keys ...int) {
	t.Helper()
	tx := s.Begin()
	for _, k := range keys {
		id, ok, err := tx.Current(tbl).LookupPK(Row{int64(k)})
		if err != nil || !ok {
			t.Fatalf("key %d: %v %v", k, ok, err)
		}
		if err := tx.Delete(tbl, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestPolicy(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    Layout
		want string
	}{
		{"empty", Layout{}, ""},
		{"sorted", Layout{Segments: 10, Rows: 1000, SortKey: true, Runs: 1}, ""},
		{"all unsorted", Layout{Segments: 10, Rows: 1000, SortKey: true, Runs: 10, Unsorted: 1000}, "unsorted"},
		{"one day out of order", Layout{Segments: 100, Rows: 1000, SortKey: true, Runs: 2, Unsorted: 10}, ""},
		{"many deleted", Layout{Segments: 10, Rows: 1000, Deleted: 300}, "deleted rows"},
		{"few deleted", Layout{Segments: 10, Rows: 1000, Deleted: 30}, ""},
		{"small segments", Layout{Segments: 10, Rows: 1000, SmallSegments: 9}, "small segments"},
	} {
		if ok, why := DefaultPolicy.Wants(tc.l); why != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: got %v %q, want %q", tc.name, ok, why, tc.want)
		}
	}
}

// TestPresortedLoadNeedsNoCompaction: a file already in sort-key order
// loads as one sorted run, which compaction leaves alone.
func TestPresortedLoadNeedsNoCompaction(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 32)
	defer s.Close()
	tbl := newOrders(t, s)
	days := dailyOrders(1, 200)
	all := func(int64) bool { return true }
	loadDays(t, s, tbl, [][]Row{expectSorted(days, all)})
	if l := tbl.Layout(); l.Segments != 7 || l.Runs != 1 || l.Unsorted != 0 || l.Improvable() {
		t.Fatalf("layout of a pre-sorted load: %+v", l)
	}
	if res, err := s.Compact(tbl, CompactOptions{}); err != nil || res.Passes != 0 {
		t.Fatalf("compaction of a pre-sorted table: %+v %v", res, err)
	}
}
