package affinity

import "slices"

// Basis says what a basket is: one order, or one customer's whole
// history (every valid order).
type Basis int

// Bases of affinity_rules.
const (
	BasisOrder Basis = iota
	BasisCustomer
)

func (b Basis) String() string {
	if b == BasisCustomer {
		return "customer"
	}
	return "order"
}

// baskets are the distinct items of each basket. Invariants: basket k's
// items are items[start[k]:start[k+1]], sorted ascending, without
// duplicates, and never empty (baskets without any item at the level are
// left out, so len(start)-1 is the N of support); count[i] is the number
// of baskets holding item i.
type baskets struct {
	start []int32
	items []int32
	count []int32
	names []string
}

// n is the number of baskets.
func (b *baskets) n() int { return len(b.start) - 1 }

// basket returns the items of basket k.
func (b *baskets) basket(k int) []int32 { return b.items[b.start[k]:b.start[k+1]] }

// basketsBytes bounds what buildBaskets holds beyond the catalog's
// items: an item per order line at most and a start per order (a basket
// is an order or a customer's orders).
func (h *history) basketsBytes() int64 {
	return int64(len(h.lProd))*4 + int64(len(h.oID)+1)*4
}

// buildBaskets collects the baskets of h at level l.
func (h *history) buildBaskets(l Level, basis Basis) *baskets {
	of, names := h.cat.items(l)
	b := &baskets{start: []int32{0}, count: make([]int32, len(names)), names: names}
	seen := make([]int32, len(names)) // basket stamp+1 of the last basket holding the item
	stamp := int32(0)
	add := func(o int32) {
		from, to := h.lines(o)
		for _, p := range h.lProd[from:to] {
			if it := of[p]; it >= 0 && seen[it] != stamp {
				seen[it] = stamp
				b.items = append(b.items, it)
			}
		}
	}
	closeBasket := func() {
		k0 := int(b.start[len(b.start)-1])
		if len(b.items) == k0 {
			return
		}
		slices.Sort(b.items[k0:])
		for _, it := range b.items[k0:] {
			b.count[it]++
		}
		b.start = append(b.start, int32(len(b.items)))
	}
	if basis == BasisOrder {
		for o := range h.oID {
			stamp++
			add(int32(o))
			closeBasket()
		}
		return b
	}
	for c := range h.cID {
		stamp++
		for _, o := range h.ordersOf(int32(c)) {
			add(o)
		}
		closeBasket()
	}
	return b
}
