package storage

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// Issue 22: "a load of one day's orders into a table of two years commits
// in time proportional to the day, not the table". Time is not measured
// here (no wall-clock bounds in unit tests); the work is: the same day
// loaded into a table of 10 days and into one of 400 writes the same
// bytes (Pebble's WAL: chunks, index entries, headers, keys) and the same
// number of segments, touches none of the segments already there, and
// decodes none of them.

// dailyLoadCost is what loading day into tbl did.
type dailyLoadCost struct {
	walBytes uint64 // logical bytes written to Pebble
	segments int64  // segments written
	decoded  int64  // column chunks read
}

func loadOneDay(t *testing.T, s *Store, tbl *Table, day []Row) dailyLoadCost {
	t.Helper()
	before := tbl.state.Load().segs
	wal, segs, dec := s.db.Metrics().WAL.BytesIn, s.counters.SegmentsWritten.Load(), s.counters.ChunksDecoded.Load()
	loadDays(t, s, tbl, [][]Row{day})
	cost := dailyLoadCost{walBytes: s.db.Metrics().WAL.BytesIn - wal,
		segments: s.counters.SegmentsWritten.Load() - segs, decoded: s.counters.ChunksDecoded.Load() - dec}
	after := tbl.state.Load().segs
	if len(after) < len(before) || !slices.Equal(after[:len(before)], before) {
		t.Fatalf("the load changed the %d segments already there", len(before))
	}
	return cost
}

// shiftedDays is days × perDay rows whose at values start at from, so a
// keyed table never sees a key twice.
func shiftedDays(days, perDay int, from int64) [][]Row {
	out := dailyOrders(days, perDay)
	for _, d := range out {
		for _, r := range d {
			r[1] = r[1].(int64) + from
		}
	}
	return out
}

func TestDailyLoadCostIndependentOfTableSize(t *testing.T) {
	keyed := orderDef()
	keyed.Name, keyed.PrimaryKey = "k", []int{1}
	for _, def := range []TableDef{orderDef(), keyed} {
		t.Run(fmt.Sprintf("primary key %v", def.PrimaryKey), func(t *testing.T) {
			day := shiftedDays(1, 100, 1<<40)[0] // the same day for both tables
			var costs []dailyLoadCost
			for _, history := range []int{10, 400} {
				s := openMem(t, vfs.NewMem(), 64)
				if err := s.CreateDatabase("d"); err != nil {
					t.Fatal(err)
				}
				tbl, err := s.CreateTable("d", def)
				if err != nil {
					t.Fatal(err)
				}
				loadDays(t, s, tbl, shiftedDays(history, 100, 0))
				costs = append(costs, loadOneDay(t, s, tbl, day))
				if n := len(collect(t, tbl.Snapshot())); n != (history+1)*100 {
					t.Fatalf("%d rows after %d days and one", n, history)
				}
				s.Close()
			}
			small, large := costs[0], costs[1]
			t.Logf("one day into 10 days: %+v; into 400 days: %+v", small, large)
			// Segment numbers are JSON in headers: a few digits more.
			if d := int64(large.walBytes) - int64(small.walBytes); d < -64 || d > 64 || small.walBytes == 0 {
				t.Errorf("one day wrote %d bytes into 10 days, %d into 400", small.walBytes, large.walBytes)
			}
			if small.segments != large.segments || small.segments != 2 { // 100 rows, 64 a segment
				t.Errorf("one day wrote %d segments into 10 days, %d into 400", small.segments, large.segments)
			}
			if small.decoded != 0 || large.decoded != 0 {
				t.Errorf("one day decoded %d chunks of a table of 10 days, %d of 400", small.decoded, large.decoded)
			}
		})
	}
}
