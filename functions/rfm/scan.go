package rfm

import (
	"errors"
	"unsafe"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// maxDay returns the latest day of a date/datetime column over all rows
// (for orders.ordered_at: the default as-of day), read by sqlfn.Latest
// (zone maps where they answer).
func maxDay(sn read.Table, table, col string) (int64, bool, error) {
	v, ok, err := sqlfn.Latest(sn, table, col)
	if err != nil || !ok {
		return 0, false, err
	}
	if timeUnit(sn, col) == 1 {
		return v, true, nil
	}
	return dayOf(v), true, nil
}

// each calls fn with every live position of b.
func each(b *read.Batch, fn func(i int)) {
	if b.Sel == nil {
		for i := 0; i < b.N; i++ {
			fn(i)
		}
		return
	}
	for _, p := range b.Sel {
		fn(int(p))
	}
}

var valid = []byte("valid")

// foldEq is bytes.EqualFold against a lower-case ASCII word, folding
// ASCII letters only: most values differ in length and fail at once. (The
// one difference: EqualFold would also accept the Kelvin sign for 'k' and
// the long s for 's' in an event type.)
func foldEq(b, lower []byte) bool {
	if len(b) != len(lower) {
		return false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// scanOrders feeds every order line into b: one streaming pass when order
// ids ascend (the loader's order), else a second pass keyed by order id.
// Amounts are converted into the reporting currency by b.fx when the table
// has a currency column.
func scanOrders(sn read.Table, b *builder) error {
	cols := make([]int, 5, 6)
	var err error
	for i, c := range []struct {
		name string
		kind read.Kind
	}{{"customer_id", read.KindInt}, {"order_id", read.KindInt}, {"ordered_at", read.KindInt},
		{"amount", read.KindInt}, {"status", read.KindBytes}} {
		if cols[i], err = column(sn, "orders", c.name, c.kind); err != nil {
			return err
		}
	}
	if cur := fx.Currency(sn); cur >= 0 && b.fx != nil {
		cols = append(cols, cur)
	}
	perDay := usPerDay / timeUnit(sn, "ordered_at") // DATE columns: scale days to µs
	req := read.Request{Columns: cols}
	parts := sn.Parts()
	if sp, ok := splitParts(parts, cols[0], sn.Workers()); ok && len(b.cs) == 0 {
		err := scanOrdersParallel(sn, parts, sp, req, b, perDay)
		if !errors.Is(err, errUnsorted) {
			return err
		}
		b.cs, b.days, b.hist, b.sortedN = b.cs[:0], b.days[:0], b.hist[:0], 0
	}
	if _, span, ok := denseRange(parts, cols[0]); ok && len(b.cs) == 0 {
		if err := b.reserveCustomers(span); err != nil {
			return err
		}
	}
	pass := func() error {
		return sn.Scan(req, func(bt *read.Batch) error { return orderRange(bt, b, perDay, 0, live(bt)) })
	}
	err = pass()
	if errors.Is(err, errUnsorted) {
		b.resetOrders()
		err = pass()
	}
	if err != nil {
		return err
	}
	return b.finish()
}

// orderRange adds the lines at live positions k0..k1-1 of one batch.
// Lines with a NULL customer, order or time are skipped; a NULL amount
// counts as 0, a NULL status as not valid. The amounts of valid lines
// within the builder's days are converted into the reporting currency
// (a sixth column, the currency, is present when b.fx is set).
func orderRange(bt *read.Batch, b *builder, perDay int64, k0, k1 int) error {
	cust, oid, at, amt, st := bt.Cols[0], bt.Cols[1], bt.Cols[2], bt.Cols[3], bt.Cols[4]
	nulls := hasNulls(cust) || hasNulls(oid) || hasNulls(at) || hasNulls(amt) || hasNulls(st)
	var table [maxDictClasses]int8
	cls := dictClasses(&table, st, validClass)
	var conv fx.Converter
	if len(bt.Cols) > 5 {
		conv.Reset(b.fx, bt.Cols[5])
	} else {
		conv.Reset(nil, nil)
	}
	same := conv.Same()
	for k := k0; k < k1; k++ {
		i := k
		if bt.Sel != nil {
			i = int(bt.Sel[k])
		}
		if nulls && (cust.IsNull(i) || oid.IsNull(i) || at.IsNull(i)) {
			continue
		}
		var ok bool
		switch {
		case nulls && st.IsNull(i):
		case cls != nil:
			ok = cls[st.Codes[i]] == 1
		default:
			ok = foldEq(st.Bytes(i), valid)
		}
		t, a := at.Ints[i]*perDay, amt.Ints[i]
		if ok && !same {
			if ci := conv.Index(i); ci != -1 {
				if d := dayOf(t); d <= b.asOf && d >= b.from {
					var err error
					if a, err = conv.AmountAt(ci, i, d, a); err != nil {
						return err
					}
				}
			}
		}
		if err := b.line(cust.Ints[i], oid.Ints[i], t, a, ok); err != nil {
			return err
		}
	}
	return nil
}

var (
	evOpen  = []byte("email_open")
	evClick = []byte("email_click")
	evVisit = []byte("site_visit")
)

// Engagement counts each customer's opens, clicks and site visits in the
// window of the 90 days ending with the as-of day, and those of the 90
// days before it together (Emarsys' lead statuses ask whether a contact
// responded in the last 90 or 180 days).

// eventHit is one open (0), click (1) or visit (2) in the window, or one
// of them in the 90 days before it (3).
type eventHit struct {
	cust int64
	kind uint8
}

// counts are one customer's engagement events in the window, and in the
// 90 days before it (earlier).
type counts struct{ opens, clicks, visits, earlier int32 }

// engagement is what collectEvents found: when the events' customer ids
// span a dense range (the usual case) every worker counts into an array
// indexed by id − lo, which needs neither a map nor a list of hits;
// otherwise the hits themselves.
type engagement struct {
	lo    int64
	dense [][]counts // per worker
	hits  []eventHit
}

// maxDenseSpan bounds the id range counted in arrays (16 bytes per id
// and worker), and the range may be at most 4× the rows.
const maxDenseSpan = 1 << 25

// denseRange returns the events' customer id range when the zone maps of
// every part give one and it is dense enough to count in arrays.
func denseRange(parts []read.Part, col int) (lo, span int64, ok bool) {
	rows, hi := 0, int64(0)
	for i := range parts {
		p := &parts[i]
		if p.Kind != read.PartSegment || p.Zones == nil {
			return 0, 0, false
		}
		z := p.Zones[col]
		if !z.HasRange {
			if z.Nulls == p.Rows && p.Rows > 0 {
				continue // every id NULL (anonymous events): no slot needed
			}
			return 0, 0, false
		}
		if rows == 0 || z.MinI < lo {
			lo = z.MinI
		}
		if rows == 0 || z.MaxI > hi {
			hi = z.MaxI
		}
		rows += p.Rows
	}
	span = hi - lo + 1
	if rows == 0 || hi < lo || span > maxDenseSpan || span > 4*int64(rows) {
		return 0, 0, false
	}
	return lo, span, true
}

// collectEvents scans the events table's parts in parallel and counts the
// engagement events of the window; most rows fall outside it.
func collectEvents(g *sqlfn.Guard, sn read.Table, asOf int64) (*engagement, error) {
	var cols [3]int
	var err error
	for i, c := range []struct {
		name string
		kind read.Kind
	}{{"customer_id", read.KindInt}, {"occurred_at", read.KindInt}, {"type", read.KindBytes}} {
		if cols[i], err = column(sn, "events", c.name, c.kind); err != nil {
			return nil, err
		}
	}
	unit := timeUnit(sn, "occurred_at") // stored units per day
	win := window{early: (asOf - 2*engagementDays + 1) * unit, lo: (asOf - engagementDays + 1) * unit, hi: (asOf + 1) * unit}
	workers := sn.Workers()
	e := &engagement{}
	lo, span, dense := denseRange(sn.Parts(), cols[0])
	if dense {
		if err := g.Grow(int64(workers) * span * int64(unsafe.Sizeof(counts{}))); err != nil {
			return nil, err
		}
		e.lo, e.dense = lo, make([][]counts, workers)
		for w := range e.dense {
			e.dense[w] = make([]counts, span)
		}
	}
	hits := make([][]eventHit, workers)
	gs := make([]*sqlfn.Guard, workers) // a worker's hits are charged by its own fork
	for w := range gs {
		gs[w] = g.Fork()
	}
	err = sn.ScanParallel(read.Request{Columns: cols[:]}, func(w int, bt *read.Batch) error {
		if dense {
			win.count(e.dense[w], lo, bt)
			return nil
		}
		old := cap(hits[w])
		hits[w] = win.appendHits(hits[w], bt)
		return sqlfn.GrowSlice(gs[w], hits[w], old)
	})
	if err != nil {
		return nil, err
	}
	n := 0
	for w := range hits {
		n += len(hits[w])
	}
	if err := g.Grow(int64(n) * int64(unsafe.Sizeof(eventHit{}))); err != nil {
		return nil, err
	}
	e.hits = make([]eventHit, 0, n)
	for w := range hits {
		e.hits = append(e.hits, hits[w]...)
	}
	return e, nil
}

// window is the engagement window as stored times: lo ≤ t < hi (compared
// without converting every row to a day); early ≤ t < lo are the 90 days
// before it.
type window struct{ early, lo, hi int64 }

// kind classifies one event of the batch: 0 open, 1 click, 2 visit, 3
// any of them in the 90 days before the window, -1 not counted (another
// type, outside both, or NULL).
// cls, when not nil, holds the kind of each dictionary value of the type
// column (see dictClasses).
func (w window) kind(bt *read.Batch, nulls bool, cls []int8, i int) int {
	cust, at, typ := bt.Cols[0], bt.Cols[1], bt.Cols[2]
	if nulls && (cust.IsNull(i) || at.IsNull(i) || typ.IsNull(i)) {
		return -1
	}
	t := at.Ints[i]
	if t < w.early || t >= w.hi {
		return -1
	}
	var k int8
	if cls != nil {
		k = cls[typ.Codes[i]]
	} else {
		k = eventKind(typ.Bytes(i))
	}
	if k >= 0 && t < w.lo {
		return kindEarlier
	}
	return int(k)
}

// kindEarlier is an engagement event in the 90 days before the window.
const kindEarlier = 3

// validClass is 1 for the valid status, 0 for any other.
func validClass(st []byte) int8 {
	if foldEq(st, valid) {
		return 1
	}
	return 0
}

// eventKind classifies an event type: 0 open, 1 click, 2 visit, -1 other.
func eventKind(t []byte) int8 {
	switch {
	case foldEq(t, evOpen):
		return 0
	case foldEq(t, evClick):
		return 1
	case foldEq(t, evVisit):
		return 2
	}
	return -1
}

// maxDictClasses bounds the dictionaries classified value by value; a
// chunk with more distinct values is classified row by row.
const maxDictClasses = 256

// dictClasses classifies each dictionary value of v into table and returns
// the classes, so that a row's class is one lookup of its code; nil when v
// is not in dictionary form or its dictionary is too large.
func dictClasses(table *[maxDictClasses]int8, v *read.Vector, classify func([]byte) int8) []int8 {
	if v.Codes == nil || v.DictLen() > maxDictClasses {
		return nil
	}
	for j := range v.DictLen() {
		table[j] = classify(v.DictValue(j))
	}
	return table[:v.DictLen()]
}

// nullRows marks the rows of bt that are NULL in any of its first cols
// columns, walking the null bitmaps.
func nullRows(bt *read.Batch, cols int) []bool {
	dead := make([]bool, bt.N)
	var buf [256]uint32
	for _, v := range bt.Cols[:cols] {
		if v.Nulls == nil {
			continue
		}
		it := v.Nulls.ManyIterator()
		for k := it.NextMany(buf[:]); k > 0; k = it.NextMany(buf[:]) {
			for _, p := range buf[:k] {
				if int(p) < bt.N {
					dead[p] = true
				}
			}
		}
	}
	return dead
}

func batchNulls(bt *read.Batch) bool {
	return hasNulls(bt.Cols[0]) || hasNulls(bt.Cols[1]) || hasNulls(bt.Cols[2])
}

func (w window) appendHits(hits []eventHit, bt *read.Batch) []eventHit {
	nulls := batchNulls(bt)
	var table [maxDictClasses]int8
	cls := dictClasses(&table, bt.Cols[2], eventKind)
	each(bt, func(i int) {
		if k := w.kind(bt, nulls, cls, i); k >= 0 {
			hits = append(hits, eventHit{bt.Cols[0].Ints[i], uint8(k)})
		}
	})
	return hits
}

// count adds the batch's events to c[id − lo] (ids are within the zone
// maps' range).
func (w window) count(c []counts, lo int64, bt *read.Batch) {
	nulls := batchNulls(bt)
	ids := bt.Cols[0].Ints
	var table [maxDictClasses]int8
	cls := dictClasses(&table, bt.Cols[2], eventKind)
	if cls != nil && bt.Sel == nil {
		// Most events lie outside the window: one comparison of the time
		// vector per row, without a call, decides them. Anonymous events
		// (a NULL customer) are marked once from the null bitmaps, not
		// asked about row by row.
		var dead []bool
		if nulls {
			dead = nullRows(bt, 3)
		}
		at, codes := bt.Cols[1].Ints[:bt.N], bt.Cols[2].Codes
		for i, t := range at {
			if t < w.early || t >= w.hi || dead != nil && dead[i] {
				continue
			}
			if k := cls[codes[i]]; k >= 0 {
				if t < w.lo {
					c[ids[i]-lo].earlier++
				} else {
					c[ids[i]-lo].add(int(k))
				}
			}
		}
		return
	}
	each(bt, func(i int) {
		if k := w.kind(bt, nulls, cls, i); k >= 0 { // a NULL customer has no slot
			c[ids[i]-lo].add(k)
		}
	})
}

// add counts one event of kind 0 (open), 1 (click), 2 (visit) or 3
// (earlier).
func (c *counts) add(kind int) {
	switch kind {
	case 0:
		c.opens++
	case 1:
		c.clicks++
	case 2:
		c.visits++
	case kindEarlier:
		c.earlier++
	}
}

// applyEvents adds the engagement counts to the customers b already has:
// only buyers and contacts are ever reported, so events of anyone else
// are dropped.
func applyEvents(b *builder, e *engagement) {
	if e == nil {
		return
	}
	if e.dense != nil {
		for i := range b.cs {
			c := &b.cs[i]
			k := c.ID - e.lo
			if k < 0 || k >= int64(len(e.dense[0])) {
				continue
			}
			for _, d := range e.dense {
				c.Opens += d[k].opens
				c.Clicks += d[k].clicks
				c.Visits += d[k].visits
				c.Earlier += d[k].earlier
			}
		}
		return
	}
	for _, h := range e.hits {
		ci, ok := b.find(h.cust)
		if !ok {
			continue
		}
		c := &b.cs[ci]
		switch h.kind {
		case 0:
			c.Opens++
		case 1:
			c.Clicks++
		case 2:
			c.Visits++
		default:
			c.Earlier++
		}
	}
}
