package affinity

import (
	"cmp"
	"math"
	"slices"
	"unsafe"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// Interval is one item's repurchase statistics: how many customers
// bought it, how many bought it on two or more days, and the median of
// the gaps (in days) between a customer's consecutive purchase days of
// it, over all customers.
type Interval struct {
	Item         int32
	Buyers       int32
	RepeatBuyers int32
	Gaps         int32
	Median       float64
}

// Due is one customer's re-stock reminder for an item: the last purchase
// day plus the item's median gap rounded half away from zero.
type Due struct {
	Cust      int32
	Item      int32
	Purchases int32 // distinct purchase days
	LastDay   int64
	DueDay    int64
}

// replenishBytes bounds what replenishment holds: per order line at most
// one (customer, item) holding, one gap and one reminder, and a start
// per customer.
func (h *history) replenishBytes() int64 {
	const holdBytes, gapBytes = 16, 4
	return int64(len(h.lProd))*(holdBytes+gapBytes+int64(unsafe.Sizeof(Due{}))) + int64(len(h.cID))*8
}

// replenishment computes the intervals of every item with at least one
// repurchase, and the reminders of every customer who bought such an
// item (optionally only item only >= 0).
func (h *history) replenishment(l Level, only int32) ([]Interval, []Due) {
	of, names := h.cat.items(l)
	gaps := make([][]int32, len(names))
	buyers := make([]int32, len(names))
	repeat := make([]int32, len(names))
	type hold struct {
		item int32
		days int32
		last int64
	}
	var all []hold
	var custStart []int
	slot := make([]int32, len(names)) // item -> index in all (for the current customer) + 1
	for c := range h.cID {
		custStart = append(custStart, len(all))
		base := len(all)
		for _, o := range h.ordersOf(int32(c)) {
			day := calendar.DayOfMicros(h.oAt[o])
			from, to := h.lines(o)
			for _, p := range h.lProd[from:to] {
				it := of[p]
				if it < 0 || only >= 0 && it != only {
					continue
				}
				k := int(slot[it]) - 1
				if k < base || k >= len(all) || all[k].item != it {
					slot[it] = int32(len(all)) + 1
					all = append(all, hold{item: it, days: 1, last: day})
					buyers[it]++
					continue
				}
				if day > all[k].last {
					gaps[it] = append(gaps[it], int32(day-all[k].last))
					if all[k].days == 1 {
						repeat[it]++
					}
					all[k].days++
					all[k].last = day
				}
			}
		}
	}
	custStart = append(custStart, len(all))
	var ivs []Interval
	median := make([]float64, len(names))
	for it, g := range gaps {
		if len(g) == 0 {
			continue
		}
		median[it] = medianOf(g)
		ivs = append(ivs, Interval{int32(it), buyers[it], repeat[it], int32(len(g)), median[it]})
	}
	slices.SortFunc(ivs, func(a, b Interval) int {
		return cmp.Or(cmp.Compare(b.Gaps, a.Gaps), cmp.Compare(names[a.Item], names[b.Item]))
	})
	var dues []Due
	for _, c := range h.customersByID() {
		hs := all[custStart[c]:custStart[c+1]]
		slices.SortFunc(hs, func(a, b hold) int { return cmp.Compare(names[a.item], names[b.item]) })
		for _, x := range hs {
			if len(gaps[x.item]) > 0 {
				dues = append(dues, Due{c, x.item, x.days, x.last, x.last + int64(math.Round(median[x.item]))})
			}
		}
	}
	return ivs, dues
}

// medianOf sorts g and returns its median (the mean of the middle two
// for an even count).
func medianOf(g []int32) float64 {
	slices.Sort(g)
	n := len(g)
	if n%2 == 1 {
		return float64(g[n/2])
	}
	return (float64(g[n/2-1]) + float64(g[n/2])) / 2
}
