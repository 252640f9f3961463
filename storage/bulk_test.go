package storage

import (
	"encoding/binary"
	"errors"
	"sort"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

func loadRows(t *testing.T, s *Store, tbl *Table, mode LoadMode, ids []int, mutate func(Row) Row) error {
	t.Helper()
	l, err := s.BeginLoad(tbl, mode)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range ids {
		r := testRow(i)
		if mutate != nil {
			r = mutate(r)
		}
		if err := l.Append(r); err != nil {
			l.Abort()
			return err
		}
	}
	return l.Commit()
}

func TestBulkLoadModes(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs, 100)
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 50) // in the write buffer
	if err := loadRows(t, s, tbl, LoadAppend, seq(50, 330), nil); err != nil {
		t.Fatal(err)
	}
	checkRows(t, sortedRows(t, tbl.Snapshot()), testRow, seq(0, 330))

	var de *DuplicateKeyError
	if err := loadRows(t, s, tbl, LoadAppend, seq(330, 400), nil); err != nil {
		t.Fatal(err)
	}
	if err := loadRows(t, s, tbl, LoadAppend, []int{500, 10}, nil); !errors.As(err, &de) {
		t.Fatalf("append of a taken key: %v", err)
	}
	if err := loadRows(t, s, tbl, LoadAppend, []int{600, 600}, nil); !errors.As(err, &de) {
		t.Fatalf("key twice in one load: %v", err)
	}
	checkRows(t, sortedRows(t, tbl.Snapshot()), testRow, seq(0, 400))

	// Upsert: 10 and 120 exist (buffer and a loaded segment), 999 twice.
	neg := func(r Row) Row { r[2] = -r[2].(float64); return r }
	if err := loadRows(t, s, tbl, LoadUpsert, []int{10, 120, 999, 999}, neg); err != nil {
		t.Fatal(err)
	}
	rows := collect(t, tbl.Snapshot())
	if len(rows) != 401 {
		t.Fatalf("%d rows after upsert, want 401", len(rows))
	}
	s.Close()
	s = openMem(t, fs, 100)
	defer s.Close()
	tbl, _ = s.Table("d", "t")
	for _, k := range []int{10, 120, 999} {
		id, ok, err := tbl.Snapshot().LookupPK(Row{int64(k)})
		if err != nil || !ok {
			t.Fatalf("key %d: %v %v", k, ok, err)
		}
		r, _ := tbl.Snapshot().Get(id, []int{2})
		if r[0] != -float64(k)/3 {
			t.Fatalf("key %d not replaced: %v", k, r)
		}
	}
	if err := loadRows(t, s, tbl, LoadReplace, seq(7, 9), nil); err != nil {
		t.Fatal(err)
	}
	checkRows(t, sortedRows(t, tbl.Snapshot()), testRow, seq(7, 9))
	if _, ok, _ := tbl.Snapshot().LookupPK(Row{int64(100)}); ok {
		t.Fatal("replaced row still found by key")
	}
}

// TestBulkLoadCrashLeavesNothing crashes after a load wrote its segments
// but before it committed: after reopening none of its rows is visible and
// its orphan chunks are gone.
func TestBulkLoadCrashLeavesNothing(t *testing.T) {
	fs := vfs.NewCrashableMem()
	s := openMem(t, fs, 100)
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 30)
	l, _ := s.BeginLoad(tbl, LoadAppend)
	for i := 30; i < 1000; i++ {
		if err := l.Append(testRow(i)); err != nil {
			t.Fatal(err)
		}
	}
	l.enc.finish() // make sure the orphans reach the file system
	s2, t2 := crashReopen(t, s, fs)
	defer s2.Close()
	checkRows(t, sortedRows(t, t2.Snapshot()), testRow, seq(0, 30))
	n := 0
	s2.each([]byte{prefixChunk, '/'}, func(k, v []byte) error { n++; return nil })
	if n != 0 {
		t.Fatalf("%d orphan chunks left", n)
	}
}

// crashReopen crashes s (its memtable flushed: what it wrote reaches
// the file system) and opens the crashed copy, with its table d.t.
func crashReopen(t *testing.T, s *Store, fs *vfs.MemFS) (*Store, *Table) {
	t.Helper()
	s.db.Flush()
	crashed := fs.CrashClone(vfs.CrashCloneCfg{})
	s.Close()
	s2 := openMem(t, crashed, 100)
	t2, _ := s2.Table("d", "t")
	return s2, t2
}

// TestOrphansBetweenCommittedSegments crashes while a load that never
// commits has written its segments, between two loads that commit: at
// reopen its chunks go, and every chunk of the committed segments,
// before and after it in key order, stays.
func TestOrphansBetweenCommittedSegments(t *testing.T) {
	fs := vfs.NewCrashableMem()
	s := openMem(t, fs, 100)
	tbl := mustTable(t, s)
	load := func(from, to int) *Load {
		l, err := s.BeginLoad(tbl, LoadAppend)
		if err != nil {
			t.Fatal(err)
		}
		for i := from; i < to; i++ {
			if err := l.Append(testRow(i)); err != nil {
				t.Fatal(err)
			}
		}
		l.enc.finish()
		return l
	}
	if err := load(0, 500).Commit(); err != nil {
		t.Fatal(err)
	}
	load(500, 1200) // never committed: its segments are orphans
	if err := load(2000, 2300).Commit(); err != nil {
		t.Fatal(err)
	}
	s2, t2 := crashReopen(t, s, fs)
	defer s2.Close()
	checkRows(t, sortedRows(t, t2.Snapshot()), testRow, append(seq(0, 500), seq(2000, 2300)...))
	st := t2.state.Load()
	segs, chunks := map[uint32]bool{}, 0
	s2.each([]byte{prefixChunk, '/'}, func(k, v []byte) error {
		seg := binary.BigEndian.Uint32(k[10:14])
		if st.segIndex(seg) < 0 {
			t.Errorf("chunk of segment %d, which the table does not name", seg)
		}
		segs[seg] = true
		chunks++
		return nil
	})
	if len(segs) != len(st.segs) || chunks == 0 {
		t.Fatalf("chunks of %d segments (%d chunks), the table has %d", len(segs), chunks, len(st.segs))
	}
}

// sortedRows returns the rows ordered by id: loads add segments after the
// write buffer, so scan order is not insertion order.
func sortedRows(t *testing.T, sn *Snapshot) []Row {
	rows := collect(t, sn)
	sort.Slice(rows, func(i, j int) bool { return rows[i][0].(int64) < rows[j][0].(int64) })
	return rows
}

// TestConcurrentKeyedLoads: loads into a table with a primary key that
// run at the same time as each other and as inserts all commit when
// their keys differ (each load's keys were checked against the state it
// began with, and are checked again against what committed meanwhile);
// a load one of whose keys another write added meanwhile, or an upsert
// overtaken by another write, conflicts and changes nothing.
func TestConcurrentKeyedLoads(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 100)
	defer s.Close()
	tbl := mustTable(t, s)
	begin := func(mode LoadMode, ids []int) *Load {
		t.Helper()
		l, err := s.BeginLoad(tbl, mode)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range ids {
			if err := l.Append(testRow(i)); err != nil {
				t.Fatal(err)
			}
		}
		return l
	}
	a, b := begin(LoadAppend, seq(0, 150)), begin(LoadAppend, seq(150, 300))
	insertRange(t, s, tbl, 300, 310)
	for _, l := range []*Load{a, b} {
		if err := l.Commit(); err != nil {
			t.Fatalf("load of distinct keys after another commit: %v", err)
		}
	}
	checkRows(t, sortedRows(t, tbl.Snapshot()), testRow, seq(0, 310))

	c := begin(LoadAppend, seq(400, 450))
	insertRange(t, s, tbl, 420, 421) // one of c's keys
	if err := c.Commit(); !errors.Is(err, ErrConflict) {
		t.Fatalf("load of a key another write added meanwhile: %v, want ErrConflict", err)
	}
	u := begin(LoadUpsert, []int{5, 500})
	insertRange(t, s, tbl, 600, 601)
	if err := u.Commit(); !errors.Is(err, ErrConflict) {
		t.Fatalf("upsert overtaken by another commit: %v, want ErrConflict", err)
	}
	checkRows(t, sortedRows(t, tbl.Snapshot()), testRow, append(append(seq(0, 310), 420), 600))
}
