package storage

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

var writeFixture = flag.Bool("write-format-fixture", false, "rewrite testdata/format1 with this build")

// TestReadsFormat1Fixture opens a data dir written by an earlier build of
// format 1 (testdata/format1, checked in) and reads it back: a new build
// must keep reading old data dirs of the same format.
func TestReadsFormat1Fixture(t *testing.T) {
	if *writeFixture {
		os.RemoveAll("testdata/format1")
		s, err := Open("testdata/format1", Options{SegmentRows: 100})
		if err != nil {
			t.Fatal(err)
		}
		tbl := mustTable(t, s)
		insertRange(t, s, tbl, 0, 250)
		tx := s.Begin()
		id, _, _ := tx.Snapshot(tbl).LookupPK(Row{int64(10)})
		tx.Delete(tbl, id)
		tx.Commit()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	dir := copyDir(t, "testdata/format1")
	s, err := Open(dir, Options{SegmentRows: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tbl, err := s.Table("d", "t")
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, collect(t, tbl.Snapshot()), testRow, append(seq(0, 10), seq(11, 250)...))
}

func copyDir(t *testing.T, src string) string {
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755)
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
