package storage

import (
	"cmp"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// testBudget is a Memory of limit bytes that records the most it held.
type testBudget struct {
	mu                sync.Mutex
	limit, used, peak int64
}

var errBudget = errors.New("budget exceeded")

func (b *testBudget) Reserve(n int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+n > b.limit {
		return errBudget
	}
	b.used += n
	b.peak = max(b.peak, b.used)
	return nil
}

func (b *testBudget) Release(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
}

// mergeMemory is what a compaction of tbl's segments charges to merge
// fanIn runs.
func mergeMemory(s *Store, tbl *Table, fanIn int) int64 {
	st := tbl.state.Load()
	c := newCompaction(s, tbl, st, st.segs, CompactOptions{})
	defer c.close()
	return c.memoryFor(fanIn)
}

func byCustAt(t *testing.T, tbl *Table) []Row {
	rows := collect(t, tbl.Snapshot())
	slices.SortFunc(rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a[0].(int64), b[0].(int64)), cmp.Compare(a[1].(int64), b[1].(int64)))
	})
	return rows
}

// TestCompactWithinMemoryBudget: a budget that admits a merge of three
// runs, not sixteen, makes the compaction work in more passes, never
// holding more than the budget, with the same result; one that admits
// not even two runs fails it, the table as it was and nothing held; a
// budget held by someone else is waited for.
func TestCompactWithinMemoryBudget(t *testing.T) {
	all := func(int64) bool { return true }
	setup := func(t *testing.T) (*Store, *Table, [][]Row) {
		s := openMem(t, vfs.NewMem(), 32)
		tbl := newOrders(t, s)
		days := dailyOrders(12, 30) // 12 runs
		loadDays(t, s, tbl, days)
		return s, tbl, days
	}
	t.Run("smaller pieces", func(t *testing.T) {
		s, tbl, days := setup(t)
		defer s.Close()
		b := &testBudget{limit: mergeMemory(s, tbl, 3)}
		res, err := s.Compact(tbl, CompactOptions{Memory: b})
		if err != nil {
			t.Fatal(err)
		}
		if res.Passes != 3 { // 12 runs → 4 → 2 → 1
			t.Fatalf("%d passes, want 3 (fan-in 3)", res.Passes)
		}
		if b.peak > b.limit || b.used != 0 {
			t.Fatalf("peak %d of a budget of %d, %d still held", b.peak, b.limit, b.used)
		}
		sameRows(t, collect(t, tbl.Snapshot()), expectSorted(days, all))
	})
	t.Run("too small", func(t *testing.T) {
		s, tbl, days := setup(t)
		defer s.Close()
		before := tbl.Layout()
		b := &testBudget{limit: mergeMemory(s, tbl, 2) - 1}
		if _, err := s.Compact(tbl, CompactOptions{Memory: b}); !errors.Is(err, errBudget) {
			t.Fatalf("err %v, want the budget's refusal", err)
		}
		if b.used != 0 || tbl.Layout() != before {
			t.Fatalf("%d held, layout %+v, was %+v", b.used, tbl.Layout(), before)
		}
		sameRows(t, byCustAt(t, tbl), expectSorted(days, all))
	})
	t.Run("waits", func(t *testing.T) {
		s, tbl, days := setup(t)
		defer s.Close()
		b := &testBudget{limit: mergeMemory(s, tbl, 16)}
		other := b.limit - 1
		if err := b.Reserve(other); err != nil {
			t.Fatal(err)
		}
		pauses := 0
		pause := func() error {
			if pauses++; pauses == 2 { // the other holder finishes while the compaction waits
				b.Release(other)
			}
			return nil
		}
		res, err := s.Compact(tbl, CompactOptions{Memory: b, MemoryWait: 1 << 62, Pause: pause})
		if err != nil || res.Passes != 1 {
			t.Fatalf("%+v, %v", res, err)
		}
		if b.used != 0 || b.peak > b.limit {
			t.Fatalf("peak %d of %d, %d held", b.peak, b.limit, b.used)
		}
		sameRows(t, collect(t, tbl.Snapshot()), expectSorted(days, all))
	})
}

// TestLoadChargesMemory: a keyed load charges its vectors in flight and
// its keys, gives everything back at commit, and a budget too small for
// them fails the load with nothing stored and nothing held.
func TestLoadChargesMemory(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 32)
	defer s.Close()
	if err := s.CreateDatabase("d"); err != nil {
		t.Fatal(err)
	}
	def := orderDef()
	def.PrimaryKey = []int{1}
	tbl, err := s.CreateTable("d", def)
	if err != nil {
		t.Fatal(err)
	}
	days := shiftedDays(2, 100, 0)
	load := func(b *testBudget, rows []Row) error {
		l, err := s.BeginLoad(tbl, LoadAppend)
		if err != nil {
			t.Fatal(err)
		}
		l.SetMemory(b)
		for _, r := range rows {
			if err := l.Append(r); err != nil {
				t.Fatal(err)
			}
		}
		return l.Commit()
	}
	roomy := &testBudget{limit: 1 << 30}
	if err := load(roomy, days[0]); err != nil {
		t.Fatal(err)
	}
	if roomy.peak < 100*keyEntryBytes || roomy.used != 0 {
		t.Fatalf("a load of 100 keys charged %d at most, holds %d after commit", roomy.peak, roomy.used)
	}
	tight := &testBudget{limit: roomy.peak / 2}
	if err := load(tight, days[1]); !errors.Is(err, errBudget) {
		t.Fatalf("load within half of what it needs: %v", err)
	}
	if tight.used != 0 {
		t.Fatalf("a failed load holds %d", tight.used)
	}
	sameRows(t, byCustAt(t, tbl), expectSorted(days[:1], func(int64) bool { return true }))
}
