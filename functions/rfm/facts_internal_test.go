package rfm

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBuilderCustomerLookup: whatever order ids come in (ascending runs,
// repeats, going back, random), customer(id) always finds the one entry
// of id, and sorted() returns each id once, ascending.
func TestBuilderCustomerLookup(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name string
		ids  func(i int) int64
	}{
		{"ascending", func(i int) int64 { return int64(i / 3) }},
		{"two runs", func(i int) int64 { return int64(i % 500) }},
		{"descending", func(i int) int64 { return int64(1000 - i/2) }},
		{"random", func(int) int64 { return r.Int64N(300) - 100 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBuilder(nil, 0, false)
			want := map[int64]bool{}
			for i := 0; i < 2000; i++ {
				id := tc.ids(i)
				ci := b.customer(id)
				if b.cs[ci].ID != id {
					t.Fatalf("customer(%d) = entry of %d", id, b.cs[ci].ID)
				}
				b.cs[ci].Orders++
				want[id] = true
			}
			cs := b.sorted()
			if len(cs) != len(want) {
				t.Fatalf("%d entries for %d ids", len(cs), len(want))
			}
			for i := range cs {
				if i > 0 && cs[i-1].ID >= cs[i].ID {
					t.Fatalf("not ascending at %d: %d then %d", i, cs[i-1].ID, cs[i].ID)
				}
			}
			// Lookups after sorting still find the same entries.
			for id := range want {
				if c := b.customer(id); b.cs[c].ID != id {
					t.Fatalf("after sorted: customer(%d) = entry of %d", id, b.cs[c].ID)
				}
			}
			if len(b.cs) != len(want) {
				t.Fatalf("lookups after sorted created entries")
			}
		})
	}
}

func TestFoldEq(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"valid", true}, {"VALID", true}, {"Valid", true}, {"valid ", false}, {"vali", false},
		{"cancelled", false}, {"", false}, {"vAlId", true}, {"valie", false}, {"va1id", false},
	} {
		if got := foldEq([]byte(tc.in), valid); got != tc.want {
			t.Errorf("foldEq(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestSortIntervals: intervals come out ordered by Days, the same
// multiset, whether counted (days spanning little more than the
// intervals) or compared (a few intervals of many years).
func TestSortIntervals(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct{ n, maxDays int }{{5000, 700}, {10, 100000}, {1, 3}, {0, 1}} {
		iv := make([]Interval, c.n)
		for i := range iv {
			iv[i] = Interval{Days: 1 + r.Int64N(int64(c.maxDays)), N: r.Int32N(9)}
		}
		want := slices.Clone(iv)
		slices.SortStableFunc(want, func(a, b Interval) int { return cmp.Compare(a.Days, b.Days) })
		sortIntervals(iv)
		if !slices.Equal(iv, want) {
			t.Errorf("%d intervals of up to %d days: not sorted by days, stably", c.n, c.maxDays)
		}
	}
}
