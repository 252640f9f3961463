package storage

import (
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// TestCheck: a sound table, sealed segments and write buffer alike,
// checks clean; a key missing from the primary-key index, or naming
// another row, is reported with its segment and row.
func TestCheck(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 100)
	defer s.Close()
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 250) // two sealed segments and a buffer
	if problem, err := tbl.Check(nil); problem != "" || err != nil {
		t.Fatalf("sound table: %q %v", problem, err)
	}
	k, err := appendKey(nil, Row{testRow(120)[0]})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Delete(pkKey(tbl.id, k), nil); err != nil {
		t.Fatal(err)
	}
	if problem, err := tbl.Check(nil); err != nil || !strings.Contains(problem, "row 20: its primary key [120] is missing") {
		t.Fatalf("a key deleted from the index: %q %v", problem, err)
	}
	id, _, err := tbl.Snapshot().LookupPK(Row{testRow(7)[0]})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Set(pkKey(tbl.id, k), appendU64(nil, uint64(id)), nil); err != nil {
		t.Fatal(err)
	}
	if problem, err := tbl.Check(nil); err != nil || !strings.Contains(problem, "names another row for its key [120]") {
		t.Fatalf("a key pointing at another row: %q %v", problem, err)
	}
}
