package clv

import (
	"bytes"
	"fmt"
	"math"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Orders holds the valid orders of a table as customer-day transactions:
// parallel columns of customer id, day number (days since 1970-01-01, UTC)
// and value, the input of Summarize. Consecutive lines of one customer on
// one day (the loader's order) are merged on the way in, so the columns
// are usually much shorter than the table; rows need not be sorted.
type Orders struct {
	IDs    []int64
	Days   []int64
	Values []float64
	// FirstDay and LastDay bound the days of the valid orders read (before
	// any maxDay cut); meaningful when Lines > 0.
	FirstDay, LastDay int64
	// Lines is the number of valid order lines read.
	Lines int64

	g *sqlfn.Guard // charges the three columns as they grow (nil: none)
}

// orderColumns are the ordinals and scales of the orders columns read.
type orderColumns struct {
	customer, at, amount, status int // status is -1 when absent: every order is valid
	perDay                       int64
	amountScale                  float64 // divide stored integers by it; 1 for DOUBLE
	amountFloat                  bool
}

// findOrderColumns locates customer_id, ordered_at, amount and status.
func findOrderColumns(sn read.Table) (orderColumns, error) {
	status, hasStatus := sn.Column("status")
	oc := orderColumns{status: -1, perDay: calendar.MicrosPerDay, amountScale: 1}
	var err error
	if oc.customer, err = sqlfn.Column(sn, "orders", "customer_id", read.KindInt); err != nil {
		return oc, err
	}
	if oc.at, err = sqlfn.Column(sn, "orders", "ordered_at", read.KindInt); err != nil {
		return oc, err
	}
	amount, ok := sn.Column("amount")
	if !ok {
		return oc, fmt.Errorf("table orders has no column amount")
	}
	oc.amount = amount.Ord
	switch amount.Kind {
	case read.KindFloat:
		oc.amountFloat = true
	case read.KindInt:
		oc.amountScale = math.Pow10(int(sqlfn.DecimalScale(sn, "amount")))
	default:
		return oc, fmt.Errorf("column orders.amount is stored as %s, want a number", amount.Kind)
	}
	if hasStatus {
		if status.Kind != read.KindBytes {
			return oc, fmt.Errorf("column orders.status is stored as %s, want text", status.Kind)
		}
		oc.status = status.Ord
	}
	if sqlfn.IsDate(sn, "ordered_at") {
		oc.perDay = 1
	}
	return oc, nil
}

var validStatus = []byte("valid")

// ReadOrders reads the valid orders (status = 'valid', case-insensitive;
// every order when the table has no status column) of an orders snapshot
// through column vectors. Orders after maxDay are left out of the columns
// but still count in FirstDay/LastDay/Lines. Lines with a NULL customer,
// time or amount are skipped. With rates, values are converted into the
// reporting currency at each line's day (a line without a rate on a day
// up to maxDay is an error naming its currency).
//
// The columns are charged to g as they grow: the caller releases g when
// it drops them.
func ReadOrders(g *sqlfn.Guard, sn read.Table, maxDay int64, rates *fx.Table) (*Orders, error) {
	oc, err := findOrderColumns(sn)
	if err != nil {
		return nil, err
	}
	cols := []int{oc.customer, oc.at, oc.amount, -1, -1}
	if oc.status >= 0 {
		cols[3] = oc.status
	}
	if cur := fx.Currency(sn); cur >= 0 && rates != nil {
		cols[4] = cur
	}
	o := &Orders{FirstDay: math.MaxInt64, LastDay: math.MinInt64, g: g}
	var conv fx.Converter
	err = sn.Scan(read.Request{Columns: compact(cols)}, func(b *read.Batch) error {
		var status, cur *read.Vector
		k := 3
		if cols[3] >= 0 {
			status, k = b.Cols[k], k+1
		}
		if cols[4] >= 0 {
			cur = b.Cols[k]
		}
		conv.Reset(rates, cur)
		return o.addBatch(b, &oc, status, &conv, maxDay)
	})
	if err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	return o, nil
}

// compact drops the -1 entries of cols.
func compact(cols []int) []int {
	out := cols[:0]
	for _, c := range cols {
		if c >= 0 {
			out = append(out, c)
		}
	}
	return out
}

// addBatch appends the valid lines of one batch, converting their values
// with conv.
func (o *Orders) addBatch(b *read.Batch, oc *orderColumns, status *read.Vector, conv *fx.Converter, maxDay int64) error {
	id, at, amount := b.Cols[0], b.Cols[1], b.Cols[2]
	nulls := hasNulls(id) || hasNulls(at) || hasNulls(amount) || (status != nil && hasNulls(status))
	var err error
	add := func(i int) {
		if err != nil || nulls && (id.IsNull(i) || at.IsNull(i) || amount.IsNull(i) || (status != nil && status.IsNull(i))) {
			return
		}
		if status != nil && !bytes.EqualFold(status.Bytes(i), validStatus) {
			return
		}
		day := calendar.FloorDiv(at.Ints[i], oc.perDay)
		var v float64
		if oc.amountFloat {
			v = amount.Floats[i]
			if !conv.Same() && day <= maxDay {
				var r float64
				if r, err = conv.Rate(i, day); err != nil {
					return
				}
				v *= r
			}
		} else {
			a := amount.Ints[i]
			if !conv.Same() && day <= maxDay {
				if a, err = conv.Amount(i, day, a); err != nil {
					return
				}
			}
			v = float64(a) / oc.amountScale
		}
		o.add(id.Ints[i], day, v, maxDay)
	}
	old := cap(o.IDs)
	if b.Sel == nil {
		for i := 0; i < b.N && err == nil; i++ {
			add(i)
		}
	} else {
		for _, p := range b.Sel {
			add(int(p))
		}
	}
	if err != nil || cap(o.IDs) == old {
		return err
	}
	// IDs, Days and Values grow together: 8 bytes an element each.
	return o.g.Grow(int64(cap(o.IDs)-old) * 3 * 8)
}

// add records one valid line, merging it into the previous transaction
// when it is the same customer-day.
func (o *Orders) add(id, day int64, value float64, maxDay int64) {
	o.Lines++
	o.FirstDay, o.LastDay = min(o.FirstDay, day), max(o.LastDay, day)
	if day > maxDay {
		return
	}
	if n := len(o.IDs); n > 0 && o.IDs[n-1] == id && o.Days[n-1] == day {
		o.Values[n-1] += value
		return
	}
	o.IDs, o.Days, o.Values = append(o.IDs, id), append(o.Days, day), append(o.Values, value)
}

// hasNulls reports whether any position of v is NULL.
func hasNulls(v *read.Vector) bool { return v.Nulls != nil && !v.Nulls.IsEmpty() }
