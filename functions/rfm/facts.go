package rfm

import (
	"cmp"
	"errors"
	"slices"
	"unsafe"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// µs per day: DATETIME columns hold microseconds since the epoch (UTC).
const usPerDay = calendar.MicrosPerDay

// dayOf is the UTC calendar day of a DATETIME value (floor division, so
// times before 1970 land on the right day).
func dayOf(us int64) int64 {
	d := us / usPerDay
	if us%usPerDay < 0 {
		d--
	}
	return d
}

// Customer is one customer's facts as of the as-of day. Times are DATETIME
// microseconds; First/Second/Last refer to valid orders only and are
// meaningful when Orders ≥ 1 (Second when Orders ≥ 2). An order's time is
// the earliest ordered_at of its valid lines; orders at the same time are
// ordered by order_id.
type Customer struct {
	ID        int64
	Orders    int32 // valid orders
	Attempted int32 // orders with any line (any status)
	Revenue   int64 // sum of valid lines' amounts, scaled by 10^scale
	First     int64
	Second    int64
	Last      int64
	firstOID  int64
	secondOID int64

	Contact bool     // a row of customers with signup on or before as-of
	Signup  int64    // signup day, when Contact
	Label   [2]int32 // per chosen customers column: index into data.labels; -1 for NULL

	Opens, Clicks, Visits int32 // engagement events in the 90-day window
	Earlier               int32 // engagement events in the 90 days before it
}

// engagementDays is the engagement window: the 90 days ending on as-of.
const engagementDays = 90

// errUnsorted stops a streaming pass that met an order_id lower than the
// one before it: lines of one order may then be apart, so the pass is
// redone with a map of orders.
var errUnsorted = errors.New("order ids not ascending")

// order accumulates the lines of one order.
type order struct {
	id    int64
	ci    int32 // customer index
	at    int64 // earliest valid line time
	rev   int64
	valid bool
}

// builder gathers Facts from column values, one line at a time.
// Invariants: cs[:sortedN] ascend by ID; every later entry is in extra
// (cs[extra[id]].ID == id); orders are flushed to their customer exactly
// once. Input sorted by customer (the tables' sort key) only ever appends
// to the sorted prefix, so no map is built for it.
type builder struct {
	asOf     int64 // day; later rows are ignored
	from     int64 // day; earlier rows are ignored
	sortedN  int
	extra    map[int64]int32
	hint     int // where the last lookup in the sorted prefix ended
	cs       []Customer
	lastID   int64
	lastCI   int32
	wantDays bool
	days     []uint64 // (customer index << 32 | day+2^31) of each valid order
	keepHist bool
	hist     []orderRec // every valid order, when keepHist
	fx       *fx.Table  // converts amounts into the reporting currency (nil: none)
	// g charges what the builder keeps (customers, the order map, days,
	// history) to the statement's memory as it grows; its error, once
	// set, is what line and finish return.
	g *sqlfn.Guard

	streaming bool
	cur       order
	hasCur    bool
	pending   map[int64]*order
}

func newBuilder(g *sqlfn.Guard, asOf int64, wantDays bool) *builder {
	return &builder{g: g, asOf: asOf, from: noFrom, extra: map[int64]int32{}, lastCI: -1, wantDays: wantDays, streaming: true}
}

// Bytes charged per entry of the builder's structures.
var (
	customerSize = int64(unsafe.Sizeof(Customer{}))
	extraSize    = int64(8+4) + sqlfn.MapEntryOverhead
	pendingSize  = int64(unsafe.Sizeof(order{})) + 8 + 8 + sqlfn.MapEntryOverhead
)

// reserveCustomers sizes cs for n customers in one allocation, charged
// first: growing a slice of a million customers by doubling copies it
// over and over.
func (b *builder) reserveCustomers(n int64) error {
	if err := b.g.Grow(n * customerSize); err != nil {
		return err
	}
	b.cs = make([]Customer, 0, n)
	return nil
}

// reset empties the order state (not the contacts) for a second pass in
// map mode.
func (b *builder) resetOrders() {
	for i := range b.cs {
		c := &b.cs[i]
		c.Orders, c.Attempted, c.Revenue = 0, 0, 0
		c.First, c.Second, c.Last, c.firstOID, c.secondOID = 0, 0, 0, 0, 0
	}
	b.days, b.hist = b.days[:0], b.hist[:0]
	b.hasCur, b.streaming = false, false
	b.pending = make(map[int64]*order)
}

// customer returns the index of id's entry, creating it.
func (b *builder) customer(id int64) int32 {
	if id == b.lastID && b.lastCI >= 0 {
		return b.lastCI
	}
	ci, ok := b.find(id)
	if !ok {
		ci = int32(len(b.cs))
		old := cap(b.cs)
		b.cs = append(b.cs, Customer{ID: id, Label: [2]int32{-1, -1}})
		sqlfn.GrowSlice(b.g, b.cs, old) // an error stays in b.g
		if int(ci) == b.sortedN && (ci == 0 || id > b.cs[ci-1].ID) {
			b.sortedN++
		} else {
			b.extra[id] = ci
			b.g.Grow(extraSize)
		}
	}
	b.lastID, b.lastCI = id, ci
	return ci
}

// find looks id up: first next to the previous lookup (inputs sorted by
// customer move forward a step at a time), then by binary search of the
// sorted prefix, then in extra.
func (b *builder) find(id int64) (int32, bool) {
	cs, n := b.cs, b.sortedN
	h := min(b.hint, n)
	if h < n && cs[h].ID == id {
		return int32(h), true
	}
	if h+1 < n && cs[h+1].ID == id {
		b.hint = h + 1
		return int32(h + 1), true
	}
	lo, hi := 0, n
	if h < n && cs[h].ID < id {
		lo = h + 1
		if lo < n && cs[lo].ID > id {
			hi = lo // just past the previous lookup: a miss (a contact without orders)
		}
	} else {
		hi = h
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if cs[m].ID < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	b.hint = lo
	if lo < n && cs[lo].ID == id {
		return int32(lo), true
	}
	ci, ok := b.extra[id]
	return ci, ok
}

// line adds one order line. It returns errUnsorted in streaming mode when
// order ids go down, and the guard's error once what the builder keeps
// is past the statement's memory.
func (b *builder) line(cust, oid, at, amount int64, valid bool) error {
	if d := dayOf(at); d > b.asOf || d < b.from {
		return nil
	}
	ci := b.customer(cust)
	if !b.streaming {
		o := b.pending[oid]
		if o == nil {
			o = &order{id: oid, ci: ci}
			b.pending[oid] = o
			b.g.Grow(pendingSize)
		}
		o.add(at, amount, valid)
		return b.g.Err()
	}
	if b.hasCur && oid == b.cur.id && ci == b.cur.ci {
		b.cur.add(at, amount, valid)
		return nil
	}
	if b.hasCur {
		if oid < b.cur.id {
			return errUnsorted
		}
		b.flush(&b.cur)
	}
	b.cur, b.hasCur = order{id: oid, ci: ci}, true
	b.cur.add(at, amount, valid)
	return b.g.Err()
}

func (o *order) add(at, amount int64, valid bool) {
	if !valid {
		return
	}
	if !o.valid || at < o.at {
		o.at = at
	}
	o.valid = true
	o.rev += amount
}

// finish flushes what is still pending after the last line and returns
// the guard's error, if any.
func (b *builder) finish() error {
	if b.hasCur {
		b.flush(&b.cur)
		b.hasCur = false
	}
	for _, o := range b.pending {
		b.flush(o)
	}
	b.pending = nil
	return b.g.Err()
}

// flush adds a complete order to its customer.
func (b *builder) flush(o *order) {
	c := &b.cs[o.ci]
	c.Attempted++
	if !o.valid {
		return
	}
	switch {
	case c.Orders == 0:
		c.First, c.firstOID, c.Last = o.at, o.id, o.at
	case before(o.at, o.id, c.First, c.firstOID):
		c.Second, c.secondOID = c.First, c.firstOID
		c.First, c.firstOID = o.at, o.id
	case c.Orders == 1 || before(o.at, o.id, c.Second, c.secondOID):
		c.Second, c.secondOID = o.at, o.id
	}
	c.Last = max(c.Last, o.at)
	c.Orders++
	c.Revenue += o.rev
	if b.wantDays {
		old := cap(b.days)
		b.days = append(b.days, uint64(o.ci)<<32|uint64(dayOf(o.at)+1<<31))
		sqlfn.GrowSlice(b.g, b.days, old)
	}
	if b.keepHist {
		old := cap(b.hist)
		b.hist = append(b.hist, orderRec{cust: c.ID, at: o.at, oid: o.id, rev: o.rev})
		sqlfn.GrowSlice(b.g, b.hist, old)
	}
}

func before(at, id, at2, id2 int64) bool { return at < at2 || (at == at2 && id < id2) }

// intervals returns the repurchase intervals: for every customer, the days
// between consecutive distinct valid order days, keeping those whose later
// day is on or after from, each with the number of intervals its customer
// has kept (its weight is 1/N). Sorted by days. The intervals (one per
// distinct order day at most) are charged to b's guard as they grow.
func (b *builder) intervals(from int64) ([]Interval, error) {
	if !slices.IsSorted(b.days) {
		slices.Sort(b.days)
	}
	// At most one interval per order day: one allocation, not doublings
	// of a slice of millions.
	out := make([]Interval, 0, len(b.days))
	if err := sqlfn.GrowSlice(b.g, out, 0); err != nil {
		return nil, err
	}
	start := 0 // first interval of the current customer in out
	for i := 1; i < len(b.days); i++ {
		prev, cur := b.days[i-1], b.days[i]
		if prev>>32 != cur>>32 {
			setN(out[start:])
			start = len(out)
			continue
		}
		if prev == cur {
			continue
		}
		if day := int64(cur&0xffffffff) - 1<<31; day >= from {
			old := cap(out)
			out = append(out, Interval{Days: int64(cur - prev)})
			if err := sqlfn.GrowSlice(b.g, out, old); err != nil {
				return nil, err
			}
		}
	}
	setN(out[start:])
	sortIntervals(out)
	return out, nil
}

// sortIntervals orders intervals by Days: by counting when the days
// span little more than the intervals (they are days between orders:
// mostly a few hundred distinct values for millions of intervals).
func sortIntervals(iv []Interval) {
	top := int64(0)
	for _, x := range iv {
		top = max(top, x.Days)
	}
	if top > 4*int64(len(iv))+1024 {
		slices.SortStableFunc(iv, func(a, b Interval) int { return cmp.Compare(a.Days, b.Days) })
		return
	}
	at := make([]int, top+2)
	for _, x := range iv {
		at[x.Days+1]++
	}
	for d := 1; d < len(at); d++ {
		at[d] += at[d-1]
	}
	out := make([]Interval, len(iv))
	for _, x := range iv {
		out[at[x.Days]] = x
		at[x.Days]++
	}
	copy(iv, out)
}

// setN gives each of one customer's intervals their count.
func setN(iv []Interval) {
	for i := range iv {
		iv[i].N = int32(len(iv))
	}
}

// sorted returns the customers ordered by ID (they usually already are).
// Those added out of order (contacts without orders, read after the
// orders) are sorted alone, usually already in order too, and merged
// with the sorted rest: linear passes where sorting all of them would
// compare and move every entry log n times.
func (b *builder) sorted() []Customer {
	if b.sortedN < len(b.cs) {
		head, tail := b.cs[:b.sortedN], b.cs[b.sortedN:]
		if !slices.IsSortedFunc(tail, cmpID) {
			slices.SortFunc(tail, cmpID)
		}
		if len(head) > 0 && cmpID(tail[0], head[len(head)-1]) < 0 {
			b.cs = b.merged(head, tail)
		}
		b.sortedN, b.extra, b.lastCI = len(b.cs), map[int64]int32{}, -1 // indexes were stale
	}
	return b.cs
}

// merged merges two ID-sorted runs into a new slice, charged to b's
// guard (the old one is garbage after it, but both are held meanwhile).
func (b *builder) merged(x, y []Customer) []Customer {
	out := make([]Customer, 0, len(x)+len(y))
	b.g.Grow(int64(cap(out)) * customerSize) // an error stays in b.g
	for len(x) > 0 && len(y) > 0 {
		if cmpID(y[0], x[0]) < 0 {
			out, y = append(out, y[0]), y[1:]
		} else {
			out, x = append(out, x[0]), x[1:]
		}
	}
	return append(append(out, x...), y...)
}

func cmpID(a, b Customer) int {
	switch {
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}
