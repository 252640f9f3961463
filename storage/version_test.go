package storage

import (
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// TestDataVersion: every change a read can see moves DataVersion (caches
// of query results key on it); compaction, which keeps the rows, does not.
func TestDataVersion(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 4)
	defer s.Close()
	v := s.DataVersion()
	moved := func(what string) {
		t.Helper()
		if nv := s.DataVersion(); nv <= v {
			t.Fatalf("%s: DataVersion stayed %d", what, nv)
		} else {
			v = nv
		}
	}
	tbl := mustTable(t, s)
	moved("create database and table")
	insertRange(t, s, tbl, 0, 10)
	moved("insert")
	if err := loadRows(t, s, tbl, LoadAppend, seq(100, 110), nil); err != nil {
		t.Fatal(err)
	}
	moved("bulk load")
	tx := s.Begin()
	if _, err := tx.Insert(tbl, testRow(10)); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if s.DataVersion() != v {
		t.Fatal("a rolled-back transaction moved DataVersion")
	}
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	if s.DataVersion() != v {
		t.Fatal("compaction moved DataVersion")
	}
	if err := s.PutMeta("x", []byte("1")); err != nil {
		t.Fatal(err)
	}
	moved("put meta")
	if err := s.DeleteMeta("x"); err != nil {
		t.Fatal(err)
	}
	moved("delete meta")
	if err := s.TruncateTable("d", "t"); err != nil {
		t.Fatal(err)
	}
	moved("truncate")
	if err := s.DropDatabase("d"); err != nil {
		t.Fatal(err)
	}
	moved("drop database")
}
