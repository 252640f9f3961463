package storage

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

func testDef() TableDef {
	return TableDef{
		Name: "t",
		Columns: []ColumnDef{
			{Name: "id", Kind: KindInt},
			{Name: "u", Kind: KindUint, Nullable: true},
			{Name: "f", Kind: KindFloat, Nullable: true},
			{Name: "s", Kind: KindBytes, Nullable: true},
		},
		PrimaryKey: []int{0},
	}
}

func testRow(i int) Row {
	var s any = fmt.Sprintf("name-%d", i%7)
	if i%5 == 0 {
		s = nil
	}
	return Row{int64(i), uint64(math.MaxUint64 - uint64(i)), float64(i) / 3, s}
}

func openMem(t *testing.T, fs vfs.FS, segRows int) *Store {
	t.Helper()
	s, err := Open("db", Options{FS: fs, SegmentRows: segRows, CacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustTable(t *testing.T, s *Store) *Table {
	t.Helper()
	if !s.HasDatabase("d") {
		if err := s.CreateDatabase("d"); err != nil {
			t.Fatal(err)
		}
	}
	tbl, err := s.CreateTable("d", testDef())
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

func insertRange(t *testing.T, s *Store, tbl *Table, from, to int) {
	t.Helper()
	tx := s.Begin()
	for i := from; i < to; i++ {
		if _, err := tx.Insert(tbl, testRow(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// collect returns the rows of a snapshot in scan order.
func collect(t *testing.T, sn *Snapshot) []Row {
	t.Helper()
	var out []Row
	err := sn.Scan(ScanRequest{}, func(b *Batch) error {
		b.Each(func(pos int) {
			r := make(Row, len(b.Cols))
			for c, v := range b.Cols {
				r[c] = v.Value(pos)
			}
			out = append(out, r)
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func checkRows(t *testing.T, got []Row, want func(i int) Row, ids []int) {
	t.Helper()
	if len(got) != len(ids) {
		t.Fatalf("got %d rows, want %d", len(got), len(ids))
	}
	for k, i := range ids {
		w := want(i)
		for c := range w {
			if got[k][c] != w[c] {
				t.Fatalf("row %d col %d: got %v (%T), want %v (%T)", i, c, got[k][c], got[k][c], w[c], w[c])
			}
		}
	}
}

func seq(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

func TestRoundTripAcrossSegmentsAndReopen(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs, 1000)
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 1500)
	insertRange(t, s, tbl, 1500, 2600)
	sn := tbl.Snapshot()
	kinds := map[PartKind]int{}
	for _, p := range sn.Parts() {
		kinds[p.Kind]++
	}
	if kinds[PartSegment] != 2 || kinds[PartBuffer] != 1 {
		t.Fatalf("parts %v, want 2 segments and a buffer", kinds)
	}
	checkRows(t, collect(t, sn), testRow, seq(0, 2600))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openMem(t, fs, 1000)
	defer s.Close()
	tbl, err := s.Table("D", "T")
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, collect(t, tbl.Snapshot()), testRow, seq(0, 2600))
	if n := tbl.Snapshot().RowCount(); n != 2600 {
		t.Fatalf("RowCount %d", n)
	}
}

func TestZoneMapsAndPruning(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 100)
	defer s.Close()
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 1000)
	parts := tbl.Snapshot().Parts()
	z := parts[3].Zones[0]
	if !z.HasRange || z.MinI != 300 || z.MaxI != 399 {
		t.Fatalf("zone of segment 3: %+v", z)
	}
	if zu := parts[0].Zones[1]; uint64(zu.MinI) != math.MaxUint64-99 || uint64(zu.MaxI) != math.MaxUint64 {
		t.Fatalf("uint zone %+v", zu)
	}
	if zs := parts[0].Zones[3]; zs.Nulls != 20 || string(zs.MinB) != "name-0" || string(zs.MaxB) != "name-6" {
		t.Fatalf("bytes zone %+v", zs)
	}
	before := s.Counters().SegmentsSkipped.Load()
	n := 0
	err := tbl.Snapshot().Scan(ScanRequest{Columns: []int{0},
		Prune: func(p *Part) bool { return p.Zones[0].MaxI < 420 || p.Zones[0].MinI > 430 }},
		func(b *Batch) error { n += b.Live(); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if n != 100 || s.Counters().SegmentsSkipped.Load()-before != 9 {
		t.Fatalf("scanned %d rows, skipped %d", n, s.Counters().SegmentsSkipped.Load()-before)
	}
}

func TestProjectionDecodesOnlyRequestedColumns(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 100)
	defer s.Close()
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 500)
	before := s.Counters().ChunksDecoded.Load()
	if err := tbl.Snapshot().Scan(ScanRequest{Columns: []int{2}}, func(*Batch) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := s.Counters().ChunksDecoded.Load() - before; got != 5 {
		t.Fatalf("decoded %d chunks, want 5 (one column of five segments)", got)
	}
}

func TestDeleteUpdateRollbackAndMarks(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs, 100)
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 250) // two segments and a buffer
	tx := s.Begin()
	for _, i := range []int{5, 150, 220} {
		id, ok, err := tx.Snapshot(tbl).LookupPK(Row{int64(i)})
		if err != nil || !ok {
			t.Fatalf("lookup %d: %v %v", i, ok, err)
		}
		if err := tx.Delete(tbl, id); err != nil {
			t.Fatal(err)
		}
	}
	m := tx.Mark()
	if _, err := tx.Insert(tbl, testRow(1000)); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Insert(tbl, testRow(7)); err == nil {
		t.Fatal("duplicate key accepted")
	} else if de := (*DuplicateKeyError)(nil); !errors.As(err, &de) {
		t.Fatalf("got %v, want DuplicateKeyError", err)
	}
	tx.RollbackTo(m)                                      // statement failed: its insert of 1000 is undone too
	if _, err := tx.Insert(tbl, testRow(5)); err != nil { // key freed by the delete
		t.Fatal(err)
	}
	if got := tx.Snapshot(tbl).RowCount(); got != 248 {
		t.Fatalf("txn view has %d rows, want 248", got)
	}
	if got := tbl.Snapshot().RowCount(); got != 250 {
		t.Fatalf("committed view changed before commit: %d", got)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	want := append(seq(0, 5), seq(6, 150)...)
	want = append(append(append(want, seq(151, 220)...), seq(221, 250)...), 5)
	checkRows(t, collect(t, tbl.Snapshot()), testRow, want)

	tx = s.Begin()
	tx.Insert(tbl, testRow(2000))
	tx.Rollback()
	s.Close()
	s = openMem(t, fs, 100)
	defer s.Close()
	tbl, _ = s.Table("d", "t")
	checkRows(t, collect(t, tbl.Snapshot()), testRow, want)
	if _, ok, _ := tbl.Snapshot().LookupPK(Row{int64(150)}); ok {
		t.Fatal("deleted key still found after reopen")
	}
	id, ok, err := tbl.Snapshot().LookupPK(Row{int64(42)})
	if err != nil || !ok {
		t.Fatal("key 42 not found", err)
	}
	r, err := tbl.Snapshot().Get(id, nil)
	if err != nil || r[0] != int64(42) || r[2] != float64(42)/3 {
		t.Fatalf("Get: %v %v", r, err)
	}
}

func TestConflictingDeletes(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 100)
	defer s.Close()
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 10)
	a, b := s.Begin(), s.Begin()
	for _, tx := range []*Txn{a, b} {
		id, _, _ := tx.Snapshot(tbl).LookupPK(Row{int64(3)})
		if err := tx.Delete(tbl, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); !errors.Is(err, ErrConflict) {
		t.Fatalf("second delete: %v, want ErrConflict", err)
	}
	c, d := s.Begin(), s.Begin()
	c.Insert(tbl, testRow(77))
	d.Insert(tbl, testRow(77))
	if err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	var de *DuplicateKeyError
	if err := d.Commit(); !errors.As(err, &de) {
		t.Fatalf("concurrent duplicate: %v", err)
	}
}

func TestDDL(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs, 100)
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 150)
	if err := s.AddColumn("d", "t", ColumnDef{Name: "extra", Kind: KindInt, Nullable: true}, 1, []byte("m2")); err != nil {
		t.Fatal(err)
	}
	tx := s.Begin()
	if _, err := tx.Insert(tbl, Row{int64(500), int64(9), nil, nil, nil}); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	rows := collect(t, tbl.Snapshot())
	if len(rows) != 151 || rows[0][1] != nil || rows[150][1] != int64(9) || rows[149][4] != "name-2" {
		t.Fatalf("after add column: %v ... %v", rows[0], rows[150])
	}
	if err := s.DropColumn("d", "t", "f", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.DropColumn("d", "t", "id", nil); err == nil {
		t.Fatal("dropped a primary-key column")
	}
	if err := s.RenameTable("d", "t", "t2"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openMem(t, fs, 100)
	defer s.Close()
	tbl, err := s.Table("d", "t2")
	if err != nil {
		t.Fatal(err)
	}
	rows = collect(t, tbl.Snapshot())
	if len(rows[0]) != 4 || rows[150][1] != int64(9) || rows[149][3] != "name-2" {
		t.Fatalf("after drop column and reopen: %v", rows[149])
	}
	if err := s.TruncateTable("d", "t2"); err != nil {
		t.Fatal(err)
	}
	if n := tbl.Snapshot().RowCount(); n != 0 {
		t.Fatalf("%d rows after truncate", n)
	}
	if _, ok, _ := tbl.Snapshot().LookupPK(Row{int64(3)}); ok {
		t.Fatal("key survived truncate")
	}
	if err := s.DropDatabase("d"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Table("d", "t2"); !errors.Is(err, ErrTableNotFound) {
		t.Fatalf("table after drop database: %v", err)
	}
}

func TestUnknownFormatRefused(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs, 0)
	s.PutMeta(formatMetaName, []byte("99"))
	s.Close()
	_, err := Open("db", Options{FS: fs})
	if !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("got %v, want ErrUnknownFormat", err)
	}
}

// TestCrashKeepsCommitted simulates power loss after each commit: every
// committed row is there after reopen, and nothing of a commit that did not
// return.
func TestCrashKeepsCommitted(t *testing.T) {
	fs := vfs.NewCrashableMem()
	s := openMem(t, fs, 64)
	tbl := mustTable(t, s)
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	for round := 0; round < 20; round++ {
		k := 1 + rng.IntN(150)
		insertRange(t, s, tbl, n, n+k)
		n += k
		crashed := fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: 50, RNG: rand.New(rand.NewPCG(uint64(round), 9))})
		s2 := openMem(t, crashed, 64)
		t2, err := s2.Table("d", "t")
		if err != nil {
			t.Fatal(err)
		}
		checkRows(t, collect(t, t2.Snapshot()), testRow, seq(0, n))
		s2.Close()
	}
	s.Close()
}

// TestChunkAscending: a sealed chunk of an int column is marked ascending
// exactly when its values never decrease; float, uint and text columns,
// and the write buffer, never are.
func TestChunkAscending(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 64)
	defer s.Close()
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 64) // column 0 ascends: 0..63
	tx := s.Begin()
	for i := 0; i < 64; i++ { // column 0 goes down once in the second segment
		if _, err := tx.Insert(tbl, testRow(100+(i+32)%64)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	insertRange(t, s, tbl, 200, 210) // stays in the buffer
	var got []bool
	err := tbl.Snapshot().Scan(ScanRequest{}, func(b *Batch) error {
		got = append(got, b.Cols[0].Ascending)
		for _, c := range b.Cols[1:] {
			if c.Ascending {
				t.Errorf("a %v column is marked ascending", c.Kind)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []bool{true, false, false}) {
		t.Fatalf("ascending per part = %v, want [true false false]", got)
	}
}

// TestChunkDictionaryForm checks that a low-cardinality string chunk of a
// sealed segment scans in dictionary form (each distinct value once plus a
// code per row) with Bytes, IsNull and Expand giving the stored rows, and
// that rows still in the buffer come back plain.
func TestChunkDictionaryForm(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 64)
	defer s.Close()
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 64)
	insertRange(t, s, tbl, 64, 70) // stays in the buffer
	var coded []bool
	pos := 0
	err := tbl.Snapshot().Scan(ScanRequest{Columns: []int{3}}, func(b *Batch) error {
		v := b.Cols[0]
		coded = append(coded, v.Codes != nil)
		// seven names, and the empty value NULL rows hold
		if v.Codes != nil && v.DictLen() != 8 {
			t.Errorf("dictionary of %d values, want 8", v.DictLen())
		}
		for i := range b.N {
			want := testRow(pos + i)[3]
			got := any(string(v.Bytes(i)))
			if v.IsNull(i) {
				got = nil
			}
			if got != want {
				t.Errorf("row %d = %v, want %v", pos+i, got, want)
			}
		}
		plain := *v
		plain.Expand()
		if plain.Codes != nil || len(plain.Offsets) != b.N+1 {
			t.Fatalf("Expand left codes %v, %d offsets", plain.Codes != nil, len(plain.Offsets))
		}
		for i := range b.N {
			if !bytes.Equal(plain.Bytes(i), v.Bytes(i)) {
				t.Fatalf("expanded row %d = %q, want %q", i, plain.Bytes(i), v.Bytes(i))
			}
		}
		pos += b.N
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(coded, []bool{true, false}) {
		t.Fatalf("dictionary form per part = %v, want [true false]", coded)
	}
}
