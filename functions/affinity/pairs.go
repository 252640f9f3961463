package affinity

import (
	"cmp"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// itemset is a frequent set of two or three items (c == -1 for pairs)
// with the number of baskets holding all of them.
type itemset struct {
	a, b, c int32
	n       int32
}

// pairMethod chooses how pairs are counted; both give identical counts.
type pairMethod int

const (
	pairAuto pairMethod = iota
	pairEnumerate
	pairBitmap
)

// andOverhead is the fixed cost of one bitmap AND-cardinality in units of
// one pair increment; on top of it an AND costs about the smaller
// bitmap's cardinality (array containers are intersected by merging or
// galloping).
const andOverhead = 16

// frequentItems returns the items held by at least minCount baskets,
// ascending.
func frequentItems(b *baskets, minCount int32) []int32 {
	var f []int32
	for it, n := range b.count {
		if n >= minCount {
			f = append(f, int32(it))
		}
	}
	return f
}

// countPairs returns every pair of frequent items held together by at
// least minCount baskets, sorted by (a, b) with a < b. It enumerates the
// pairs of each basket, or intersects per-item bitmaps of baskets when
// that is estimated cheaper (few frequent items, big baskets).
func countPairs(b *baskets, minCount int32, m pairMethod) []itemset {
	pairs, _ := countPairsIn(b, minCount, m, nil)
	return pairs
}

// countPairsIn is countPairs charging its counters to mem (nil: no
// budget): an error is the statement's memory limit.
func countPairsIn(b *baskets, minCount int32, m pairMethod, mem *membudget.Tally) ([]itemset, error) {
	freq := frequentItems(b, minCount)
	if len(freq) < 2 {
		return nil, nil
	}
	if m == pairAuto {
		m = pairEnumerate
		if bitmapCost(b, freq) < enumerationCost(b, minCount) {
			m = pairBitmap
		}
	}
	if m == pairBitmap {
		return bitmapPairs(itemBitmaps(b, freq), freq, minCount), nil
	}
	return enumeratePairs(b, freq, minCount, mem)
}

// bitmapCost estimates bitmapPairs' work: per pair, the overhead plus
// the smaller item's basket count.
func bitmapCost(b *baskets, freq []int32) int64 {
	counts := make([]int64, len(freq))
	for i, it := range freq {
		counts[i] = int64(b.count[it])
	}
	slices.Sort(counts)
	k := int64(len(counts))
	cost := k * (k - 1) / 2 * andOverhead
	for i, c := range counts { // c is the smaller of its pairs with the k-1-i larger items
		cost += c * (k - 1 - int64(i))
	}
	return cost
}

// enumerationCost is the number of pair increments enumeratePairs does.
func enumerationCost(b *baskets, minCount int32) int64 {
	var cost int64
	for k := 0; k < b.n(); k++ {
		f := int64(0)
		for _, it := range b.basket(k) {
			if b.count[it] >= minCount {
				f++
			}
		}
		cost += f * (f - 1) / 2
	}
	return cost
}

// A pair counter in the map costs about sparseEntryBytes (key, value and
// the map's overhead), charged every sparseChargeStep new entries.
const (
	sparseEntryBytes = 40
	sparseChargeStep = 1 << 16
)

// denseMaxItems is the most frequent items counted in a dense k×k array
// (64 MiB of int32); more go to a map. A variable so tests cover both.
var denseMaxItems int64 = 4096

// enumeratePairs counts pairs basket by basket into a dense triangular
// array when the frequent items are few, else into a map.
//
// The counters are charged to mem as they grow: the dense array at once,
// the map every sparseChargeStep entries (a map of pairs of thousands of
// frequent items can outgrow any machine).
func enumeratePairs(b *baskets, freq []int32, minCount int32, mem *membudget.Tally) ([]itemset, error) {
	rank := make([]int32, len(b.count)) // item -> 1 + index in freq, 0 if infrequent
	for i, it := range freq {
		rank[it] = int32(i) + 1
	}
	k := int64(len(freq))
	var dense []int32
	var sparse map[int64]int32
	if k <= denseMaxItems {
		if err := mem.Add(4 * k * k); err != nil {
			return nil, err
		}
		dense = make([]int32, k*k)
	} else {
		sparse = map[int64]int32{}
	}
	charged := 0 // map entries charged so far
	fs := make([]int64, 0, 64)
	for n := 0; n < b.n(); n++ {
		fs = fs[:0]
		for _, it := range b.basket(n) {
			if r := rank[it]; r > 0 {
				fs = append(fs, int64(r-1))
			}
		}
		for i, x := range fs {
			for _, y := range fs[i+1:] {
				if dense != nil {
					dense[x*k+y]++
				} else {
					sparse[x*k+y]++
				}
			}
		}
		if len(sparse) >= charged+sparseChargeStep {
			if err := mem.Add(sparseEntryBytes * int64(len(sparse)-charged)); err != nil {
				return nil, err
			}
			charged = len(sparse)
		}
	}
	var out []itemset
	if dense != nil {
		for x := int64(0); x < k; x++ {
			for y := x + 1; y < k; y++ {
				if n := dense[x*k+y]; n >= minCount {
					out = append(out, itemset{freq[x], freq[y], -1, n})
				}
			}
		}
		return out, nil
	}
	for key, n := range sparse {
		if n >= minCount {
			out = append(out, itemset{freq[key/k], freq[key%k], -1, n})
		}
	}
	slices.SortFunc(out, func(p, q itemset) int { return cmp.Or(cmp.Compare(p.a, q.a), cmp.Compare(p.b, q.b)) })
	return out, nil
}

// itemBitmaps returns, per frequent item, the bitmap of baskets holding it.
func itemBitmaps(b *baskets, freq []int32) map[int32]*roaring.Bitmap {
	bms := make(map[int32]*roaring.Bitmap, len(freq))
	ids := make([][]uint32, len(b.count))
	for _, it := range freq {
		ids[it] = make([]uint32, 0, b.count[it])
	}
	for n := 0; n < b.n(); n++ {
		for _, it := range b.basket(n) {
			if ids[it] != nil {
				ids[it] = append(ids[it], uint32(n))
			}
		}
	}
	for _, it := range freq {
		bm := roaring.BitmapOf(ids[it]...)
		bm.RunOptimize()
		bms[it] = bm
	}
	return bms
}

// bitmapPairs counts every pair of frequent items by AND-cardinality.
func bitmapPairs(bms map[int32]*roaring.Bitmap, freq []int32, minCount int32) []itemset {
	var out []itemset
	for i, a := range freq {
		for _, b := range freq[i+1:] {
			if n := int32(bms[a].AndCardinality(bms[b])); n >= minCount {
				out = append(out, itemset{a, b, -1, n})
			}
		}
	}
	return out
}

// maxTriples bounds the candidate triples counted, so a tiny min_support
// on a big catalogue fails with advice instead of running for hours.
const maxTriples = 2_000_000

// countTriples counts the triples all of whose pairs are frequent (the
// Apriori candidates) by intersecting the pair's bitmap with the third
// item's. ok is false when there are more than maxTriples candidates.
func countTriples(b *baskets, pairs []itemset, minCount int32) (out []itemset, ok bool) {
	if len(pairs) < 3 {
		return nil, true
	}
	nb := map[int32][]int32{} // a -> frequent partners b > a, ascending
	has := map[[2]int32]bool{}
	inPair := map[int32]bool{}
	for _, p := range pairs {
		inPair[p.a], inPair[p.b] = true, true
		nb[p.a] = append(nb[p.a], p.b)
		has[[2]int32{p.a, p.b}] = true
	}
	freq := make([]int32, 0, len(inPair))
	for it := range inPair {
		freq = append(freq, it)
	}
	candidates := 0
	for _, p := range pairs {
		for _, c := range nb[p.b] {
			if has[[2]int32{p.a, c}] {
				candidates++
			}
		}
	}
	if candidates > maxTriples {
		return nil, false
	}
	bms := itemBitmaps(b, freq)
	for _, p := range pairs {
		var ab *roaring.Bitmap
		for _, c := range nb[p.b] {
			if !has[[2]int32{p.a, c}] {
				continue
			}
			if ab == nil {
				ab = roaring.And(bms[p.a], bms[p.b])
			}
			if n := int32(ab.AndCardinality(bms[c])); n >= minCount {
				out = append(out, itemset{p.a, p.b, c, n})
			}
		}
	}
	return out, true
}
