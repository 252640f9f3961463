package affinity

import (
	"cmp"
	"math"
	"slices"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// halfLifeDays is the recency weighting of a customer's history: an item
// last bought halfLifeDays before the as-of time counts half as much as
// one bought at it.
const halfLifeDays = 90

// scorer scores items for one customer at a time against a similarity:
//
//	score(c, j) = Σ_h w(h) · sim(h, j) / Σ_h w(h)
//
// over the distinct items h the customer bought, with w(h) =
// 0.5^(days since h was last bought / halfLifeDays). A weighted mean of
// values in [0, 1], so the score is in [0, 1]. reason(j) is the h with
// the largest w(h)·sim(h, j) (ties: the smaller item index).
//
// Buffers are reused from customer to customer; a scorer is not safe for
// concurrent use.
type scorer struct {
	h    *history
	of   []int32
	sim  *similarity
	asOf int64

	score   []float64
	reason  []int32
	best    []float64
	touched []int32
	inTouch []bool
	last    []int64 // item -> last purchase time of the current customer
	stamp   []int32 // item -> customer+1 whose purchase last is
	bought  []int32 // the current customer's distinct items
	byName  []int32 // item -> position in name order (ties in top)
}

// nameRanks returns each item's position when items are sorted by name.
func nameRanks(names []string) []int32 {
	idx := make([]int32, len(names))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Compare(names[a], names[b]) })
	ranks := make([]int32, len(names))
	for pos, it := range idx {
		ranks[it] = int32(pos)
	}
	return ranks
}

func newScorer(h *history, of []int32, names []string, sim *similarity) *scorer {
	nItems := len(names)
	return &scorer{h: h, of: of, sim: sim, asOf: h.maxAt, byName: nameRanks(names),
		score: make([]float64, nItems), reason: make([]int32, nItems), best: make([]float64, nItems),
		inTouch: make([]bool, nItems), last: make([]int64, nItems), stamp: make([]int32, nItems)}
}

// history collects customer c's distinct items with their last purchase
// time into s.bought and s.last.
func (s *scorer) history(c int32) {
	s.bought = s.bought[:0]
	for _, o := range s.h.ordersOf(c) {
		from, to := s.h.lines(o)
		for _, p := range s.h.lProd[from:to] {
			it := s.of[p]
			if it < 0 {
				continue
			}
			if s.stamp[it] != c+1 {
				s.stamp[it] = c + 1
				s.bought = append(s.bought, it)
				s.last[it] = s.h.oAt[o]
			} else {
				s.last[it] = max(s.last[it], s.h.oAt[o])
			}
		}
	}
}

// isBought reports whether the current customer (c, after history(c))
// bought item it.
func (s *scorer) isBought(c, it int32) bool { return s.stamp[it] == c+1 }

// run scores every neighbour of customer c's items; the scored items are
// in s.touched. Call reset before the next customer.
func (s *scorer) run(c int32) {
	s.history(c)
	var total float64
	for _, hIt := range s.bought {
		age := float64(s.asOf-s.last[hIt]) / calendar.MicrosPerDay
		w := math.Exp2(-max(age, 0) / halfLifeDays)
		total += w
		for _, nb := range s.sim.nbr[hIt] {
			j := nb.item
			if !s.inTouch[j] {
				s.inTouch[j] = true
				s.touched = append(s.touched, j)
				s.reason[j] = hIt
			}
			v := w * nb.sim
			s.score[j] += v
			if v > s.best[j] || v == s.best[j] && hIt < s.reason[j] {
				s.best[j], s.reason[j] = v, hIt
			}
		}
	}
	if total > 0 {
		for _, j := range s.touched {
			s.score[j] /= total
		}
	}
}

// reset clears the scores of the last customer.
func (s *scorer) reset() {
	for _, j := range s.touched {
		s.score[j], s.best[j], s.inTouch[j] = 0, 0, false
	}
	s.touched = s.touched[:0]
}

// scored is one item's score for a customer.
type scored struct {
	item   int32
	score  float64
	reason int32 // -1: none (a popularity fill-in)
}

// better reports whether a ranks before b: higher score, then name.
func (s *scorer) better(a, b scored) bool {
	return a.score > b.score || a.score == b.score && s.byName[a.item] < s.byName[b.item]
}

// top returns the n best of the scored items that keep accepts, by score
// descending then name. dst is kept sorted while candidates stream in, so
// a customer with m candidates costs O(m) compares against the n-th best
// (n is small), not a sort of all m.
func (s *scorer) top(n int, keep func(j int32) bool, dst []scored) []scored {
	dst = dst[:0]
	for _, j := range s.touched {
		if s.score[j] <= 0 || keep != nil && !keep(j) {
			continue
		}
		c := scored{j, s.score[j], s.reason[j]}
		if len(dst) == n && !s.better(c, dst[n-1]) {
			continue
		}
		if len(dst) < n {
			dst = append(dst, c)
		}
		i := len(dst) - 1
		for ; i > 0 && s.better(c, dst[i-1]); i-- {
			dst[i] = dst[i-1]
		}
		dst[i] = c
	}
	return dst
}
