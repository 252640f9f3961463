package affinity

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// randomBaskets builds n baskets of 1..maxLen distinct items out of k,
// skewed so that low items are popular.
func randomBaskets(seed uint64, n, k, maxLen int) *baskets {
	r := rand.New(rand.NewPCG(seed, 1))
	b := &baskets{start: []int32{0}, count: make([]int32, k), names: make([]string, k)}
	for i := range b.names {
		b.names[i] = string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))
	}
	for range n {
		var set []int32
		for range 1 + r.IntN(maxLen) {
			it := int32(min(r.ExpFloat64()*float64(k)/6, float64(k-1)))
			if !slices.Contains(set, it) {
				set = append(set, it)
			}
		}
		slices.Sort(set)
		for _, it := range set {
			b.count[it]++
		}
		b.items = append(b.items, set...)
		b.start = append(b.start, int32(len(b.items)))
	}
	return b
}

// bruteSets counts every pair and triple by checking each basket.
func bruteSets(b *baskets, minCount int32) (pairs, triples map[[3]int32]int32) {
	pairs, triples = map[[3]int32]int32{}, map[[3]int32]int32{}
	for n := 0; n < b.n(); n++ {
		s := b.basket(n)
		for i := range s {
			for j := i + 1; j < len(s); j++ {
				pairs[[3]int32{s[i], s[j], -1}]++
				for l := j + 1; l < len(s); l++ {
					triples[[3]int32{s[i], s[j], s[l]}]++
				}
			}
		}
	}
	for _, m := range []map[[3]int32]int32{pairs, triples} {
		for k, v := range m {
			if v < minCount {
				delete(m, k)
			}
		}
	}
	return pairs, triples
}

func asMap(sets []itemset) map[[3]int32]int32 {
	m := map[[3]int32]int32{}
	for _, s := range sets {
		m[[3]int32{s.a, s.b, s.c}] = s.n
	}
	return m
}

// TestPairMethodsAgree: enumeration (dense and sparse counters), bitmap
// intersection and the triple pass give exactly the brute-force counts.
func TestPairMethodsAgree(t *testing.T) {
	for _, tc := range []struct {
		n, k, maxLen int
		min          int32
	}{
		{500, 20, 4, 1}, {2000, 300, 6, 3}, {3000, 5000, 5, 2}, {300, 40, 30, 10},
	} {
		b := randomBaskets(uint64(tc.n*tc.k), tc.n, tc.k, tc.maxLen)
		wantP, wantT := bruteSets(b, tc.min)
		for _, m := range []pairMethod{pairEnumerate, pairBitmap, pairAuto, -1} {
			dense := denseMaxItems
			if m < 0 { // enumeration into the sparse map
				denseMaxItems, m = 0, pairEnumerate
			}
			got := countPairs(b, tc.min, m)
			denseMaxItems = dense
			if !mapsEqual(asMap(got), wantP) {
				t.Fatalf("%+v method %d: pair counts differ from brute force (%d vs %d pairs)", tc, m, len(got), len(wantP))
			}
			if !slices.IsSortedFunc(got, func(x, y itemset) int {
				if x.a != y.a {
					return int(x.a - y.a)
				}
				return int(x.b - y.b)
			}) {
				t.Fatalf("%+v method %d: pairs not sorted", tc, m)
			}
		}
		tr, ok := countTriples(b, countPairs(b, tc.min, pairAuto), tc.min)
		if !ok || !mapsEqual(asMap(tr), wantT) {
			t.Fatalf("%+v: triple counts differ from brute force (%d vs %d)", tc, len(tr), len(wantT))
		}
	}
}

func mapsEqual(a, b map[[3]int32]int32) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestMinCount(t *testing.T) {
	for _, tc := range []struct {
		s    float64
		n    int
		want int32
	}{
		{0.25, 8, 2}, {0.3, 10, 3}, {0.001, 100, 1}, {0.5, 3, 2}, {1, 100, 1}, {2, 100, 2}, {2.5, 100, 3},
		{0.1, 30, 3}, {0.07, 100, 7},
	} {
		got := minCount(tc.s, tc.n)
		if got != tc.want {
			t.Errorf("minCount(%v, %d) = %d, want %d", tc.s, tc.n, got, tc.want)
		}
		if tc.s < 1 && (float64(got)/float64(tc.n) < tc.s || got > 1 && float64(got-1)/float64(tc.n) >= tc.s) {
			t.Errorf("minCount(%v, %d) = %d is not the smallest count reaching the share", tc.s, tc.n, got)
		}
	}
}

// Counting pairs is charged to the statement's budget: past a small
// limit it stops with the budget's error (1038 over the wire), with the
// dense array and with the map.
func TestPairCountersCharged(t *testing.T) {
	b := randomBaskets(7, 20000, 2000, 20)
	for _, dense := range []int64{denseMaxItems, 0} {
		old := denseMaxItems
		denseMaxItems = dense
		pool := membudget.NewPool(0)
		_, err := countPairsIn(b, 1, pairEnumerate, membudget.NewTally(pool.NewAccount(64<<10)))
		if !errors.Is(err, membudget.ErrExceeded) {
			t.Errorf("denseMaxItems %d: err %v, want the budget's", dense, err)
		}
		got, err := countPairsIn(b, 1, pairEnumerate, membudget.NewTally(pool.NewAccount(0)))
		if err != nil || len(got) != len(countPairs(b, 1, pairEnumerate)) {
			t.Errorf("denseMaxItems %d without a limit: %d pairs, %v", dense, len(got), err)
		}
		denseMaxItems = old
	}
}
