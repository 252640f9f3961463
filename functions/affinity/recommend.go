package affinity

import (
	"cmp"
	"slices"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// recommender ranks products a customer has not bought: the scorer's
// product-level scores, then best sellers (by distinct buyers) to fill
// up to k when the co-purchase model has too few candidates. Optionally
// whole categories (at level excl) bought in the last exclDays days before
// the as-of time are left out too.
type recommender struct {
	h        *history
	s        *scorer
	names    []string
	popular  []int32 // products by distinct buyers desc, then name
	exclOf   []int32 // product -> category item at the exclusion level; nil: no exclusion
	exclFrom int64   // µs: categories bought at or after this are excluded
	recent   map[int32]bool
	out      []scored
}

func newRecommender(h *history, excl Level, exclDays int64) *recommender {
	of, names := h.cat.items(LevelProduct)
	r := &recommender{h: h, names: names, s: newScorer(h, of, names, h.buildSimilarity(of, len(names)))}
	r.popular = popularity(h, names)
	if exclDays > 0 && excl != LevelProduct {
		r.exclOf, _ = h.cat.items(excl)
		r.exclFrom = h.maxAt - exclDays*calendar.MicrosPerDay
		r.recent = map[int32]bool{}
	}
	return r
}

// popularity ranks products by distinct buyers, then name.
func popularity(h *history, names []string) []int32 {
	buyers := make([]int32, len(names))
	last := make([]int32, len(names))
	for c := range h.cID {
		for _, o := range h.ordersOf(int32(c)) {
			from, to := h.lines(o)
			for _, p := range h.lProd[from:to] {
				if last[p] != int32(c)+1 {
					last[p] = int32(c) + 1
					buyers[p]++
				}
			}
		}
	}
	out := make([]int32, 0, len(names))
	for p, n := range buyers {
		if n > 0 {
			out = append(out, int32(p))
		}
	}
	slices.SortFunc(out, func(a, b int32) int {
		return cmp.Or(cmp.Compare(buyers[b], buyers[a]), cmp.Compare(names[a], names[b]))
	})
	return out
}

// recommend returns customer c's top k products (index into h.cID).
func (r *recommender) recommend(c int32, k int) []scored {
	r.s.run(c)
	defer r.s.reset()
	if r.recent != nil {
		clear(r.recent)
		for _, o := range r.h.ordersOf(c) {
			if r.h.oAt[o] < r.exclFrom {
				continue
			}
			from, to := r.h.lines(o)
			for _, p := range r.h.lProd[from:to] {
				if cat := r.exclOf[p]; cat >= 0 {
					r.recent[cat] = true
				}
			}
		}
	}
	keep := func(p int32) bool {
		return !r.s.isBought(c, p) && (r.recent == nil || r.exclOf[p] < 0 || !r.recent[r.exclOf[p]])
	}
	r.out = r.s.top(k, keep, r.out)
	for _, p := range r.popular {
		if len(r.out) >= k {
			break
		}
		if r.s.score[p] == 0 && keep(p) { // not already ranked above
			r.out = append(r.out, scored{item: p, reason: -1})
		}
	}
	return r.out
}
