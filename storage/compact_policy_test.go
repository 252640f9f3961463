package storage

import (
	"slices"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// bigSortedOrders returns a store with an orders table of base days ×
// perDay rows compacted into one sorted run (segments of 32 rows), and
// the days (64 more than loaded).
func bigSortedOrders(t *testing.T, fs vfs.FS, base, perDay int) (*Store, *Table, [][]Row) {
	t.Helper()
	s := openMem(t, fs, 32)
	tbl := newOrders(t, s)
	days := dailyOrders(base+64, perDay)
	loadDays(t, s, tbl, days[:base])
	if _, err := s.Compact(tbl, CompactOptions{}); err != nil {
		t.Fatal(err)
	}
	if l := tbl.Layout(); l.Runs != 1 || l.Unsorted != 0 {
		t.Fatalf("base layout %+v", l)
	}
	return s, tbl, days
}

func all(int64) bool { return true }

// round runs one incremental round of DefaultPolicy and returns its result.
func round(t *testing.T, s *Store, tbl *Table) CompactResult {
	t.Helper()
	res, err := s.Compact(tbl, CompactOptions{Policy: &DefaultPolicy})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestIncrementalRoundsCostTheAppends: daily loads into a big sorted
// table: each background round rewrites the newest runs (a binary
// counter of days), never the big run, until the rows outside it pass
// UnsortedFraction; the table reads the same rows throughout. Work is
// counted in rows and segments rewritten, not time.
func TestIncrementalRoundsCostTheAppends(t *testing.T) {
	const base, perDay = 300, 12 // 3600 rows: 113 segments of 32; a day is a small segment
	s, tbl, days := bigSortedOrders(t, vfs.NewMem(), base, perDay)
	defer s.Close()
	baseSegs := segNums(tbl.Snapshot())
	loaded := base
	var rewritten []int64
	for loaded < base+24 {
		loadDays(t, s, tbl, days[loaded:loaded+8])
		loaded += 8
		plan := tbl.PlanRound(DefaultPolicy)
		if plan.Segments == 0 || plan.Whole || plan.Why != "small segments" {
			t.Fatalf("after %d days: plan %+v, want a partial round", loaded-base, plan)
		}
		res := round(t, s, tbl)
		if res.RowsBefore != plan.Rows {
			t.Fatalf("round rewrote %d rows, planned %d", res.RowsBefore, plan.Rows)
		}
		rewritten = append(rewritten, res.RowsBefore)
		sameRows(t, sortedByKey(t, tbl), expectSorted(days[:loaded], all))
		if got := segNums(tbl.Snapshot()); !slices.Equal(got[:len(baseSegs)], baseSegs) {
			t.Fatalf("the big sorted run was rewritten: %v", got[:len(baseSegs)])
		}
	}
	// 8 days, then those 8 days with 8 more (two equal runs merge), then
	// 8 days alone (the 16-day run is bigger than they are).
	if want := []int64{8 * perDay, 16 * perDay, 8 * perDay}; !slices.Equal(rewritten, want) {
		t.Fatalf("rows rewritten per round %v, want %v (the table has %d)", rewritten, want, base*perDay)
	}
	if l := tbl.Layout(); l.Runs != 3 || l.Deleted != 0 {
		t.Fatalf("layout after the rounds: %+v", l)
	}
	// Enough days for the rows outside the big run to pass a tenth: the
	// round rewrites the whole table, into one sorted run again.
	for tbl.PlanRound(DefaultPolicy).Why != "unsorted" {
		if loaded == len(days) {
			t.Fatal("the tail never passed UnsortedFraction")
		}
		loadDays(t, s, tbl, days[loaded:loaded+1])
		loaded++
	}
	before := tbl.Layout().Segments
	if res := round(t, s, tbl); res.SegmentsBefore != before || res.RowsAfter != int64(loaded*perDay) {
		t.Fatalf("whole round %+v, %d rows loaded", res, loaded*perDay)
	}
	if l := tbl.Layout(); l.Runs != 1 || l.Unsorted != 0 {
		t.Fatalf("layout after the whole round: %+v", l)
	}
	sameRows(t, collect(t, tbl.Snapshot()), expectSorted(days[:loaded], all))
}

// TestIncrementalRoundReclaimsDeletedSegments: deletes concentrated in
// a few segments of the big run make a round rewrite those segments
// only; thin deletes elsewhere stay until their segment passes the
// threshold.
func TestIncrementalRoundReclaimsDeletedSegments(t *testing.T) {
	const base = 120
	s, tbl, days := bigSortedOrders(t, vfs.NewMem(), base, 30)
	defer s.Close()
	sn := tbl.Snapshot()
	segs := segNums(sn)
	target := segs[10] // a full segment in the middle of the run
	var ats []int64
	var thin int64
	part := sn.Parts()[10]
	err := sn.ScanPart(&part, ScanRequest{Columns: []int{1}}, func(b *Batch) error {
		b.Each(func(pos int) { ats = append(ats, b.Cols[0].Ints[pos]) })
		return nil
	})
	if err != nil || part.Seg != target || len(ats) != 32 {
		t.Fatalf("segment %d: %d rows, %v", part.Seg, len(ats), err)
	}
	gone := map[int64]bool{}
	for _, at := range ats[:10] { // 31% of the segment
		gone[at] = true
	}
	thin = collect(t, tbl.Snapshot())[0][1].(int64) // one row of the first segment: 3%
	gone[thin] = true
	deleteWhere(t, s, tbl, func(at int64) bool { return gone[at] })
	plan := tbl.PlanRound(DefaultPolicy)
	if plan.Why != "deleted rows" || plan.Segments != 1 || plan.Rows != 32 {
		t.Fatalf("plan %+v, want segment %d alone", plan, target)
	}
	res := round(t, s, tbl)
	if res.SegmentsBefore != 1 || res.RowsBefore != 32 || res.RowsAfter != 22 {
		t.Fatalf("round %+v", res)
	}
	if l := tbl.Layout(); l.Deleted != 1 {
		t.Fatalf("deleted rows left: %+v, want the thin one", l)
	}
	sameRows(t, sortedByKey(t, tbl), expectSorted(days[:base], func(at int64) bool { return !gone[at] }))
	if again := tbl.PlanRound(DefaultPolicy); again.Segments != 0 {
		t.Fatalf("second plan %+v, want nothing", again)
	}
}

// sortedByKey returns the table's rows in (cust, at) order, whatever the
// order of its segments.
func sortedByKey(t *testing.T, tbl *Table) []Row {
	t.Helper()
	return expectSorted([][]Row{collect(t, tbl.Snapshot())}, all)
}
