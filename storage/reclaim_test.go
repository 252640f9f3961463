package storage

import (
	"strings"
	"testing"

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
