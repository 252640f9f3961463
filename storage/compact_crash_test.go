package storage

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// TestCompactCrash simulates power loss at every point of a compaction
// (after each segment written, before the swap, after it), with part of
// the unsynced data lost: after reopening, the table has exactly the old
// segments or exactly the new ones, the same rows, working primary keys,
// and no chunks of unpublished segments.
func TestCompactCrash(t *testing.T) {
	for _, fanIn := range []int{0, 2} {
		t.Run(fmt.Sprintf("fanIn=%d", fanIn), func(t *testing.T) { crashCompaction(t, fanIn) })
	}
}

type crashPoint struct {
	name string
	fs   *vfs.MemFS
}

func crashCompaction(t *testing.T, fanIn int) {
	fs := vfs.NewCrashableMem()
	s := openMem(t, fs, 32)
	tbl := mustTable(t, s)
	if err := s.SetSortKey("d", "t", []string{"s", "id"}); err != nil {
		t.Fatal(err)
	}
	for day := 0; day < 6; day++ {
		if err := loadRows(t, s, tbl, LoadAppend, seq(day*45, day*45+45), nil); err != nil {
			t.Fatal(err)
		}
	}
	deleteKeys(t, s, tbl, 4, 50, 51, 200)
	want := sortedRows(t, tbl.Snapshot())
	oldSegs := segNums(tbl.Snapshot())

	rng := rand.New(rand.NewPCG(3, uint64(fanIn)))
	var points []crashPoint
	s.compactHook = func(point string) {
		cfg := vfs.CrashCloneCfg{UnsyncedDataPercent: rng.IntN(101), RNG: rand.New(rand.NewPCG(rng.Uint64(), 1))}
		points = append(points, crashPoint{point, fs.CrashClone(cfg)})
	}
	if _, err := s.Compact(tbl, CompactOptions{FanIn: fanIn}); err != nil {
		t.Fatal(err)
	}
	s.compactHook = nil
	newSegs := segNums(tbl.Snapshot())
	s.Close()
	if len(points) < 3 {
		t.Fatalf("only %d crash points", len(points))
	}
	sawNew := false
	for i, p := range points {
		s2 := openMem(t, p.fs, 32)
		t2, err := s2.Table("d", "t")
		if err != nil {
			t.Fatal(err)
		}
		got := segNums(t2.Snapshot())
		switch {
		case slices.Equal(got, oldSegs):
		case slices.Equal(got, newSegs):
			sawNew = true
		default:
			t.Fatalf("crash %d (%s): segments %v, neither old %v nor new %v", i, p.name, got, oldSegs, newSegs)
		}
		if p.name == "after-swap" && !slices.Equal(got, newSegs) {
			t.Fatalf("crash after the swap lost it")
		}
		sameRows(t, sortedRows(t, t2.Snapshot()), want)
		checkKeys(t, t2.Snapshot(), want)
		checkNoOrphans(t, s2, t2)
		s2.Close()
	}
	if !sawNew {
		t.Fatal("no crash point saw the compacted table")
	}
}

func segNums(sn *Snapshot) []uint32 {
	var out []uint32
	for _, p := range sn.Parts() {
		if p.Kind == PartSegment {
			out = append(out, p.Seg)
		}
	}
	return out
}

// checkKeys looks every row up by its primary key.
func checkKeys(t *testing.T, sn *Snapshot, rows []Row) {
	t.Helper()
	for _, r := range rows {
		id, ok, err := sn.LookupPK(Row{r[0]})
		if err != nil || !ok {
			t.Fatalf("key %v: %v %v", r[0], ok, err)
		}
		got, err := sn.Get(id, nil)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(r) {
			t.Fatalf("key %v names %v (%v)", r[0], got, err)
		}
	}
}

// checkNoOrphans fails when a column chunk belongs to no segment.
func checkNoOrphans(t *testing.T, s *Store, tbl *Table) {
	t.Helper()
	live := map[uint32]bool{}
	for _, n := range segNums(tbl.Snapshot()) {
		live[n] = true
	}
	err := s.each(tablePrefix(prefixChunk, tbl.id), func(k, v []byte) error {
		if seg := binary.BigEndian.Uint32(k[10:14]); !live[seg] {
			return fmt.Errorf("chunk of segment %d, which no header names", seg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
