package affinity

import (
	"cmp"
	"slices"
)

// TopItem is one row of top_products: an item's distinct buyers, units,
// revenue (scaled by 10^scale) and orders over the lines in scope, and
// the customers whose lifecycle stage buying it changed: ToFirstTime
// counts customers whose first order held it (lead → first-time buyer),
// ToRepeat those whose second order held it (first-time → repeat buyer).
type TopItem struct {
	Item                  int32
	Buyers                int32
	Units, Revenue        int64
	Orders                int32
	ToFirstTime, ToRepeat int32
}

// topScope restricts top_products: keep(c) says whether customer c is in
// the segment (nil: everyone); orders outside [from, to] (µs, inclusive)
// are ignored.
type topScope struct {
	keep     func(c int32) bool
	from, to int64
}

// topItems ranks the items of level l by distinct buyers, then revenue,
// then name. total is the number of customers in scope with any valid
// line (the denominator of buyers' share).
func (h *history) topItems(l Level, s topScope) (items []TopItem, total int, names []string) {
	of, names := h.cat.items(l)
	acc := make([]TopItem, len(names))
	lastBuyer := make([]int32, len(names)) // customer+1 that last counted as a buyer
	lastOrder := make([]int32, len(names)) // order+1 that last counted
	for c := range h.cID {
		ci := int32(c)
		if s.keep != nil && !s.keep(ci) {
			continue
		}
		bought := false
		for k, o := range h.ordersOf(ci) {
			if h.oAt[o] < s.from || h.oAt[o] > s.to {
				continue
			}
			bought = true
			from, to := h.lines(o)
			for j := from; j < to; j++ {
				it := of[h.lProd[j]]
				if it < 0 {
					continue
				}
				t := &acc[it]
				t.Units += h.lQty[j]
				t.Revenue += h.lAmt[j]
				if lastOrder[it] != o+1 {
					lastOrder[it] = o + 1
					t.Orders++
					switch k {
					case 0:
						t.ToFirstTime++
					case 1:
						t.ToRepeat++
					}
				}
				if lastBuyer[it] != ci+1 {
					lastBuyer[it] = ci + 1
					t.Buyers++
				}
			}
		}
		if bought {
			total++
		}
	}
	for i := range acc {
		if acc[i].Orders > 0 {
			acc[i].Item = int32(i)
			items = append(items, acc[i])
		}
	}
	slices.SortFunc(items, func(a, b TopItem) int {
		return cmp.Or(cmp.Compare(b.Buyers, a.Buyers), cmp.Compare(b.Revenue, a.Revenue), cmp.Compare(names[a.Item], names[b.Item]))
	})
	return items, total, names
}
