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
//
// The incremental case crashes a background round that rewrites part of
// the table (the newest runs and a segment with many deleted rows) and
// leaves the rest in place.
func TestCompactCrash(t *testing.T) {
	for _, fanIn := range []int{0, 2} {
		for _, incremental := range []bool{false, true} {
			t.Run(fmt.Sprintf("fanIn=%d,incremental=%v", fanIn, incremental), func(t *testing.T) {
				crashCompaction(t, fanIn, incremental)
			})
		}
	}
}

// crashPolicy takes the newest runs of the crash test's table (its
// tail is a quarter of it, past DefaultPolicy's whole-table threshold).
var crashPolicy = Policy{UnsortedFraction: 0.5, DeletedFraction: 0.2, SmallSegments: 8, Runs: 8}

// prepareRound compacts tbl whole, then adds 8 small loads and deletes
// 8 rows of one of the compacted segments: a table an incremental round
// rewrites only part of.
func prepareRound(t *testing.T, s *Store, tbl *Table) {
	t.Helper()
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	for day := 0; day < 8; day++ {
		if err := loadRows(t, s, tbl, LoadAppend, seq(1000+day*10, 1000+day*10+10), nil); err != nil {
			t.Fatal(err)
		}
	}
	sn := tbl.Snapshot()
	part := sn.Parts()[2]
	var keys []int
	err := sn.ScanPart(&part, ScanRequest{Columns: []int{0}}, func(b *Batch) error {
		b.Each(func(pos int) { keys = append(keys, int(b.Cols[0].Ints[pos])) })
		return nil
	})
	if err != nil || len(keys) < 8 {
		t.Fatalf("segment %d: keys %v, %v", part.Seg, keys, err)
	}
	deleteKeys(t, s, tbl, keys[:8]...)
	if r := tbl.PlanRound(crashPolicy); r.Segments < 9 || r.Whole || r.Why != "tail and deletes" {
		t.Fatalf("round planned %+v, want the 8 loads and one segment", r)
	}
}

type crashPoint struct {
	name string
	fs   *vfs.MemFS
}

func crashCompaction(t *testing.T, fanIn int, incremental bool) {
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
	opts := CompactOptions{FanIn: fanIn}
	if incremental {
		prepareRound(t, s, tbl)
		opts.Policy = &crashPolicy
	}
	want := sortedRows(t, tbl.Snapshot())
	oldSegs := segNums(tbl.Snapshot())

	rng := rand.New(rand.NewPCG(3, uint64(fanIn)))
	var points []crashPoint
	s.compactHook = func(point string) {
		cfg := vfs.CrashCloneCfg{UnsyncedDataPercent: rng.IntN(101), RNG: rand.New(rand.NewPCG(rng.Uint64(), 1))}
		points = append(points, crashPoint{point, fs.CrashClone(cfg)})
	}
	res, err := s.Compact(tbl, opts)
	if err != nil {
		t.Fatal(err)
	}
	s.compactHook = nil
	newSegs := segNums(tbl.Snapshot())
	if incremental && !keptInPlace(oldSegs, newSegs, len(oldSegs)-res.SegmentsBefore) {
		t.Fatalf("the round rewrote %d of %d segments: %v → %v", res.SegmentsBefore, len(oldSegs), oldSegs, newSegs)
	}
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

// keptInPlace reports whether the first kept of newSegs are old segments
// (a partial round left them as they were) and there are some.
func keptInPlace(oldSegs, newSegs []uint32, kept int) bool {
	if kept < 2 || kept > len(newSegs) {
		return false
	}
	for _, n := range newSegs[:kept] {
		if !slices.Contains(oldSegs, n) {
			return false
		}
	}
	return true
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
