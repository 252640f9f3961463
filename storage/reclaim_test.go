package storage

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// sstBytes is the size of the store's table files in fs: what it keeps
// of its data once closed (the WAL aside).
func sstBytes(t *testing.T, fs vfs.FS) int64 {
	t.Helper()
	names, err := fs.List("db")
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, name := range names {
		if !strings.HasSuffix(name, ".sst") {
			continue
		}
		fi, err := fs.Stat(fs.PathJoin("db", name))
		if err != nil {
			t.Fatal(err)
		}
		n += fi.Size()
	}
	return n
}

// TestCloseDropsRetiredSegments: a compaction's retired segments are gone
// from disk once the store is closed, not only at the next open — a data
// dir measured after OPTIMIZE TABLE and a clean shutdown held the table
// twice (the old segments and the new). Rows loaded in sort-key order,
// half of them deleted: compaction keeps the other half in segments
// encoded as before, so the closed store takes about half the bytes, not
// one and a half times. The rows are the same after a reopen and no
// chunk is left without its segment.
func TestCloseDropsRetiredSegments(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs, 1024)
	tbl := newOrders(t, s)
	all := func(int64) bool { return true }
	sorted := expectSorted(dailyOrders(8, 3000), all)
	loadDays(t, s, tbl, [][]Row{sorted})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	loaded := sstBytes(t, fs)

	s = openMem(t, fs, 1024)
	tbl, _ = s.Table("d", "o")
	odd := func(at int64) bool { return at%2 == 1 }
	deleteWhere(t, s, tbl, odd)
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if compacted := sstBytes(t, fs); compacted > loaded*7/10 {
		t.Errorf("after deleting half the rows, compaction and close the store keeps %d bytes of tables, %d before: the retired segments are still there", compacted, loaded)
	}
	s = openMem(t, fs, 1024)
	defer s.Close()
	tbl, _ = s.Table("d", "o")
	even := func(at int64) bool { return at%2 == 0 }
	sameRows(t, collect(t, tbl.Snapshot()), expectSorted([][]Row{sorted}, even))
	checkNoOrphans(t, s, tbl)
}

// storedSegments returns which of segs still have column chunks stored.
func storedSegments(t *testing.T, s *Store, tbl *Table, segs []uint32) []uint32 {
	t.Helper()
	var out []uint32
	for _, seg := range segs {
		n := 0
		err := s.each(appendU32(tablePrefix(prefixChunk, tbl.id), seg), func(k, v []byte) error { n++; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			out = append(out, seg)
		}
	}
	return out
}

// flushedBytes flushes the store's memtable and returns its table files'
// size: the bytes on disk of the open store (once Pebble's cleaner has
// removed the files its compactions made obsolete, which it does in the
// background).
func flushedBytes(t *testing.T, s *Store, fs vfs.FS) int64 {
	t.Helper()
	if err := s.db.Flush(); err != nil {
		t.Fatal(err)
	}
	s.db.TestOnlyWaitForCleaning()
	return sstBytes(t, fs)
}

// settledBytes is flushedBytes after Pebble has compacted the whole key
// space: without it a baseline still holds overwritten and deleted keys
// that a background compaction may drop between two measurements, and
// the difference of two readings would count them (it failed that way
// on a loaded machine).
func settledBytes(t *testing.T, s *Store, fs vfs.FS) int64 {
	t.Helper()
	if err := s.db.Flush(); err != nil {
		t.Fatal(err)
	}
	all := bytes.Repeat([]byte{0xff}, 16)
	if err := s.db.Compact(context.Background(), []byte{0}, all, false); err != nil {
		t.Fatal(err)
	}
	return flushedBytes(t, s, fs)
}

// freedBytes is settledBytes once it is at most want, or after a few
// seconds: Pebble deletes a compacted-away file only once no iterator
// still reads the version that holds it, and a scan's read-ahead may
// hold one for a moment after the scan ended (1 run in 10 measured the
// old segments still on disk right after the readers closed).
func freedBytes(t *testing.T, s *Store, fs vfs.FS, want int64) int64 {
	t.Helper()
	n := settledBytes(t, s, fs)
	for i := 0; i < 100 && n > want; i++ {
		time.Sleep(50 * time.Millisecond)
		n = settledBytes(t, s, fs)
	}
	return n
}

// TestRetiredSegmentsWaitForReaders: while the store runs, a
// compaction's old segments stay on disk exactly as long as a reader
// can read them — a snapshot until Close, a transaction that read the
// table until it ends — and go as soon as the last of them lets go, disk
// space included: while readers hold the old segments the store holds
// both tables, and once they let go it shrinks by about the loaded
// table's bytes.
func TestRetiredSegmentsWaitForReaders(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs, 1024)
	defer s.Close()
	tbl := newOrders(t, s)
	days := dailyOrders(8, 3000)
	loadDays(t, s, tbl, days)
	odd := func(at int64) bool { return at%2 == 1 }
	even := func(at int64) bool { return at%2 == 0 }
	deleteWhere(t, s, tbl, odd)
	loaded := settledBytes(t, s, fs)

	held := tbl.Snapshot()
	oldSegs := segNums(held)
	want := expectSorted(days, even)
	tx := s.Begin()
	sameRows(t, sortRows(collect(t, tx.Snapshot(tbl))), want)

	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	s.Reclaim()
	if kept := storedSegments(t, s, tbl, oldSegs); len(kept) != len(oldSegs) {
		t.Fatalf("a snapshot and a transaction hold the old segments, yet only %v of %v are stored", kept, oldSegs)
	}
	both := settledBytes(t, s, fs)
	if both <= loaded {
		t.Fatalf("with the old segments held the store takes %d bytes, the loaded table alone took %d", both, loaded)
	}
	s.cache.forget(tbl.id) // read from Pebble, not from decoded chunks
	sameRows(t, sortRows(collect(t, held)), want)

	held.Close()
	s.Reclaim()
	if kept := storedSegments(t, s, tbl, oldSegs); len(kept) != len(oldSegs) {
		t.Fatalf("the transaction still holds the old segments, yet only %v of %v are stored", kept, oldSegs)
	}
	sameRows(t, sortRows(collect(t, tx.Snapshot(tbl))), want)

	freed := s.Counters().SegmentsFreed.Load()
	tx.Rollback()
	s.Reclaim()
	if kept := storedSegments(t, s, tbl, oldSegs); len(kept) != 0 {
		t.Fatalf("no reader is left, yet old segments %v are stored", kept)
	}
	if n := s.Counters().SegmentsFreed.Load() - freed; n != int64(len(oldSegs)) {
		t.Errorf("segments_freed grew by %d, want %d", n, len(oldSegs))
	}
	if after := freedBytes(t, s, fs, both-loaded*8/10); both-after < loaded*8/10 {
		t.Errorf("the open store took %d bytes with the old segments held, %d after the readers closed: the old segments' %d bytes are not free", both, after, loaded)
	}
	sameRows(t, collect(t, tbl.Snapshot()), want)
	checkNoOrphans(t, s, tbl)

	// A snapshot read after Close fails rather than reading NULLs.
	err := held.Scan(ScanRequest{}, func(*Batch) error { return nil })
	if !errors.Is(err, errRetiredRead) {
		t.Errorf("scan of a closed snapshot whose segments are gone: %v, want errRetiredRead", err)
	}
}

// TestUnclosedSnapshotReleasedByGC: a snapshot nobody closes holds the
// old segments only while it is reachable.
func TestUnclosedSnapshotReleasedByGC(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 32)
	defer s.Close()
	tbl := newOrders(t, s)
	loadDays(t, s, tbl, dailyOrders(5, 40))
	old := tbl.Snapshot()
	oldSegs := segNums(old)
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	if kept := storedSegments(t, s, tbl, oldSegs); len(kept) != len(oldSegs) {
		t.Fatalf("old segments %v of %v stored while a snapshot is reachable", kept, oldSegs)
	}
	runtime.KeepAlive(old)
	old = nil
	for try := 0; try < 50 && len(storedSegments(t, s, tbl, oldSegs)) > 0; try++ {
		runtime.GC()
		runtime.Gosched()
		s.Reclaim()
	}
	if kept := storedSegments(t, s, tbl, oldSegs); len(kept) != 0 {
		t.Fatalf("old segments %v still stored after the snapshot became garbage", kept)
	}
}

func sortRows(rows []Row) []Row {
	slices.SortFunc(rows, func(a, b Row) int {
		if c := cmp.Compare(a[0].(int64), b[0].(int64)); c != 0 {
			return c
		}
		return cmp.Compare(a[1].(int64), b[1].(int64))
	})
	return rows
}
