package affinity

import (
	"cmp"
	"slices"
)

// similarity is the item-to-item co-purchase model behind
// predictive_affinity and recommendations. For items h and j:
//
//	sim(h, j) = C(h, j) / N(h)
//
// where N(h) is the number of orders holding h, and C(h, j) the number of
// those orders that also hold j (j ≠ h), or, for j = h, whose customer's
// next order holds h again (a repurchase). Each order adds at most 1 to
// C(h, j), so sim is in [0, 1]: the confidence of the rule h → j over
// order baskets, with repurchase on the diagonal. (Counting items of the
// next order as partners too was tried: the next order's first line is
// mostly a best seller, which drowned the co-purchase signal and halved
// the planted-pattern hit rate.)
//
// Invariant: nbr[h] lists h's neighbours by sim descending (then item
// ascending), at most maxNbrs of them.
type similarity struct {
	n   []int32 // N(h)
	nbr [][]neighbour
}

type neighbour struct {
	item int32
	sim  float64
}

// maxNbrs bounds each item's neighbour list: the long tail of items
// bought together once or twice adds cost, not recommendations.
const maxNbrs = 64

// orderItems returns the distinct items of order o at level "of",
// appended to dst (sorted).
func (h *history) orderItems(dst []int32, of []int32, o int32) []int32 {
	from, to := h.lines(o)
	start := len(dst)
	for _, p := range h.lProd[from:to] {
		if it := of[p]; it >= 0 && !slices.Contains(dst[start:], it) {
			dst = append(dst, it)
		}
	}
	slices.Sort(dst[start:])
	return dst
}

// buildSimilarity counts C and N over every customer's orders in time
// order.
func (h *history) buildSimilarity(of []int32, nItems int) *similarity {
	s := &similarity{n: make([]int32, nItems), nbr: make([][]neighbour, nItems)}
	cnt := newPairCounter(nItems)
	var cur, next, targets []int32
	for c := range h.cID {
		os := h.ordersOf(int32(c))
		cur = h.orderItems(cur[:0], of, os[0])
		for k := range os {
			next = next[:0]
			if k+1 < len(os) {
				next = h.orderItems(next, of, os[k+1])
			}
			for _, a := range cur {
				s.n[a]++
				targets = targets[:0]
				for _, b := range cur {
					if b != a {
						targets = append(targets, b)
					}
				}
				if _, ok := slices.BinarySearch(next, a); ok {
					targets = append(targets, a)
				}
				for _, b := range targets {
					cnt.add(a, b)
				}
			}
			cur, next = next, cur
		}
	}
	cnt.each(func(a, b, n int32) {
		s.nbr[a] = append(s.nbr[a], neighbour{b, float64(n) / float64(s.n[a])})
	})
	for a, l := range s.nbr {
		slices.SortFunc(l, func(x, y neighbour) int { return cmp.Or(cmp.Compare(y.sim, x.sim), cmp.Compare(x.item, y.item)) })
		s.nbr[a] = l[:min(len(l), maxNbrs)]
	}
	return s
}

// pairCounter counts ordered item pairs: a dense k×k array for small k,
// else a map.
type pairCounter struct {
	k      int64
	dense  []int32
	sparse map[int64]int32
}

func newPairCounter(k int) *pairCounter {
	c := &pairCounter{k: int64(k)}
	if c.k <= denseMaxItems {
		c.dense = make([]int32, c.k*c.k)
	} else {
		c.sparse = map[int64]int32{}
	}
	return c
}

func (c *pairCounter) add(a, b int32) {
	key := int64(a)*c.k + int64(b)
	if c.dense != nil {
		c.dense[key]++
	} else {
		c.sparse[key]++
	}
}

// each calls fn with every counted pair.
func (c *pairCounter) each(fn func(a, b, n int32)) {
	if c.dense != nil {
		for key, n := range c.dense {
			if n > 0 {
				fn(int32(int64(key)/c.k), int32(int64(key)%c.k), n)
			}
		}
		return
	}
	for key, n := range c.sparse {
		fn(int32(key/c.k), int32(key%c.k), n)
	}
}
