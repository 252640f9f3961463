package affinity

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// history is every valid order line of a shop, column by column, with
// dense order and customer indexes. Cancelled and returned lines are not
// purchases and are left out; an order exists here when it has at least
// one valid line.
//
// Invariants after load: lines are grouped by order (lineStart is a CSR
// index: order o's lines are lineStart[o]..lineStart[o+1]); orders of a
// customer are contiguous in custOrders, sorted by (time, order_id),
// where an order's time is the earliest ordered_at of its valid lines.
type history struct {
	cat   *catalog
	scale int32 // amounts are scaled by 10^scale

	// lines, grouped by order after load
	lProd     []int32
	lQty      []int64
	lAmt      []int64
	lineStart []int32

	// orders
	oID   []int64
	oCust []int32
	oAt   []int64 // µs

	// customers
	cID        []int64
	orderStart []int32 // CSR into custOrders
	custOrders []int32 // order indexes, per customer by time

	maxAt int64 // latest order time (µs); valid when len(oID) > 0
}

var validStatus = []byte("valid")

// loadHistory reads products and the valid lines of orders, their
// amounts converted into the reporting currency by rates (nil: as stored).
//
// What it builds is charged to g as it is built (the caller releases g
// when the history is garbage).
func loadHistory(g *sqlfn.Guard, orders, products read.Table, rates *fx.Table) (*history, error) {
	h := &history{cat: newCatalog(), scale: decimalScale(orders, "amount")}
	if products != nil {
		if err := h.cat.scanProducts(g, products); err != nil {
			return nil, err
		}
	}
	l, err := scanLines(g, orders, h, rates)
	if err != nil {
		return nil, err
	}
	// group's indexes: lines (20 bytes each) and line starts by order,
	// orders by customer, each start array with its cloned cursor.
	nO, nL, nC := int64(len(h.oID)), int64(len(l.order)), int64(len(h.cID))
	if err := g.Grow(nL*(4+8+8) + 2*4*(nO+1) + 2*4*(nC+1) + 4*nO); err != nil {
		return nil, err
	}
	h.group(l)
	return h, nil
}

// rawLines are the scanned lines before grouping by order.
type rawLines struct {
	order []int32
	prod  []int32
	qty   []int64
	amt   []int64
}

// scanLines reads the valid lines; orders and customers get dense indexes
// in order of first appearance (cheap when lines arrive sorted).
func scanLines(g *sqlfn.Guard, sn read.Table, h *history, rates *fx.Table) (*rawLines, error) {
	names := []string{"order_id", "customer_id", "ordered_at", "product_id", "quantity", "amount", "status"}
	cols := make([]int, len(names))
	for i, n := range names {
		kind := read.KindInt
		if n == "status" {
			kind = read.KindBytes
		}
		var err error
		if cols[i], err = column(sn, "orders", n, kind); err != nil {
			return nil, err
		}
	}
	if cur := fx.Currency(sn); cur >= 0 && rates != nil {
		cols = append(cols, cur)
	}
	perDay := perDayFactor(sn, "ordered_at")
	// Size the line arrays for every live row up front: growing them by
	// append copied a third of the scan's time away.
	rows := 0
	for _, p := range sn.Parts() {
		rows += p.Live
	}
	if err := g.Grow(int64(rows)*lineBytes + int64(rows/2)*orderBytes); err != nil {
		return nil, err
	}
	l := &rawLines{order: make([]int32, 0, rows), prod: make([]int32, 0, rows), qty: make([]int64, 0, rows), amt: make([]int64, 0, rows)}
	if h.oID == nil {
		h.oID, h.oCust, h.oAt = make([]int64, 0, rows/2), make([]int32, 0, rows/2), make([]int64, 0, rows/2)
	}
	orderIdx, custIdx := newIDIndex(sn, cols[0]), newIDIndex(sn, cols[1])
	charged := footprint(h, l, orderIdx, custIdx)
	if err := g.Grow(charged - int64(rows)*lineBytes - int64(rows/2)*orderBytes); err != nil {
		return nil, err
	}
	lastO, lastOI := int64(-1), int32(-1)
	var conv fx.Converter
	err := sn.Scan(read.Request{Columns: cols}, func(b *read.Batch) error {
		oid, cust, at, prod, qty, amt, st := b.Cols[0], b.Cols[1], b.Cols[2], b.Cols[3], b.Cols[4], b.Cols[5], b.Cols[6]
		nulls := hasNulls(oid) || hasNulls(cust) || hasNulls(at) || hasNulls(prod) || hasNulls(st)
		if len(b.Cols) > 7 {
			conv.Reset(rates, b.Cols[7])
		} else {
			conv.Reset(nil, nil)
		}
		var bad error
		each(b, func(i int) {
			if bad != nil || nulls && (oid.IsNull(i) || cust.IsNull(i) || at.IsNull(i) || prod.IsNull(i) || st.IsNull(i)) {
				return
			}
			if !bytes.EqualFold(st.Bytes(i), validStatus) {
				return
			}
			t := at.Ints[i] * perDay
			o := lastOI
			if oid.Ints[i] != lastO {
				o = h.order(orderIdx, custIdx, oid.Ints[i], cust.Ints[i], t)
				lastO, lastOI = oid.Ints[i], o
			}
			if t < h.oAt[o] {
				h.oAt[o] = t
			}
			l.order = append(l.order, o)
			l.prod = append(l.prod, h.cat.product(prod.Ints[i]))
			var q, a int64
			if !qty.IsNull(i) {
				q = qty.Ints[i]
			}
			if !amt.IsNull(i) {
				if a, bad = conv.Amount(i, calendar.DayOfMicros(t), amt.Ints[i]); bad != nil {
					return
				}
			}
			l.qty = append(l.qty, q)
			l.amt = append(l.amt, a)
		})
		if bad != nil {
			return bad
		}
		// Charge what the batch added beyond what was sized up front
		// (products met only in orders grow the catalog).
		if f := footprint(h, l, orderIdx, custIdx); f > charged {
			if err := g.Grow(f - charged); err != nil {
				return err
			}
			charged = f
		}
		return h.cat.charge(g)
	})
	return l, err
}

// Bytes per element of the scan's columns: a line (order index,
// product index, quantity, amount) and an order (id, customer index,
// time).
const (
	lineBytes  = 4 + 4 + 8 + 8
	orderBytes = 8 + 4 + 8
)

// footprint is the bytes the scan's structures hold: the capacity of
// the line, order and customer columns and the id indexes.
func footprint(h *history, l *rawLines, idx ...*idIndex) int64 {
	b := int64(cap(l.order))*lineBytes + int64(cap(h.oID))*orderBytes + int64(cap(h.cID))*8
	for _, x := range idx {
		b += int64(len(x.dense))*4 + int64(len(x.m))*(8+4+sqlfn.MapEntryOverhead)
	}
	return b
}

// order returns the index of order id, adding it (and its customer).
func (h *history) order(orderIdx, custIdx *idIndex, id, cust, at int64) int32 {
	if o, ok := orderIdx.get(id); ok {
		return o
	}
	c, ok := custIdx.get(cust)
	if !ok {
		c = int32(len(h.cID))
		custIdx.set(cust, c)
		h.cID = append(h.cID, cust)
	}
	o := int32(len(h.oID))
	orderIdx.set(id, o)
	h.oID = append(h.oID, id)
	h.oCust = append(h.oCust, c)
	h.oAt = append(h.oAt, at)
	return o
}

// group builds the CSR indexes: lines by order, orders by customer.
func (h *history) group(l *rawLines) {
	nO, nL := len(h.oID), len(l.order)
	h.lineStart = make([]int32, nO+1)
	for _, o := range l.order {
		h.lineStart[o+1]++
	}
	for o := 0; o < nO; o++ {
		h.lineStart[o+1] += h.lineStart[o]
	}
	pos := slices.Clone(h.lineStart[:nO])
	h.lProd, h.lQty, h.lAmt = make([]int32, nL), make([]int64, nL), make([]int64, nL)
	for i, o := range l.order {
		j := pos[o]
		pos[o]++
		h.lProd[j], h.lQty[j], h.lAmt[j] = l.prod[i], l.qty[i], l.amt[i]
	}
	nC := len(h.cID)
	h.orderStart = make([]int32, nC+1)
	for _, c := range h.oCust {
		h.orderStart[c+1]++
	}
	for c := 0; c < nC; c++ {
		h.orderStart[c+1] += h.orderStart[c]
	}
	pos = slices.Clone(h.orderStart[:nC])
	h.custOrders = make([]int32, nO)
	for o, c := range h.oCust {
		h.custOrders[pos[c]] = int32(o)
		pos[c]++
	}
	for c := 0; c < nC; c++ {
		os := h.custOrders[h.orderStart[c]:h.orderStart[c+1]]
		slices.SortFunc(os, func(a, b int32) int {
			return cmp.Or(cmp.Compare(h.oAt[a], h.oAt[b]), cmp.Compare(h.oID[a], h.oID[b]))
		})
	}
	for _, t := range h.oAt {
		h.maxAt = max(h.maxAt, t)
	}
}

// ordersOf returns customer c's orders by time.
func (h *history) ordersOf(c int32) []int32 {
	return h.custOrders[h.orderStart[c]:h.orderStart[c+1]]
}

// lines returns the line range of order o.
func (h *history) lines(o int32) (int32, int32) { return h.lineStart[o], h.lineStart[o+1] }

// customersByID returns customer indexes ordered by customer_id.
func (h *history) customersByID() []int32 {
	out := make([]int32, len(h.cID))
	for i := range out {
		out[i] = int32(i)
	}
	slices.SortFunc(out, func(a, b int32) int { return cmp.Compare(h.cID[a], h.cID[b]) })
	return out
}
