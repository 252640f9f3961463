package segments

import (
	"fmt"
	"math"

	"github.com/RoaringBitmap/roaring/v2/roaring64"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// orders reads the columns uplift needs from db.orders.
type orders struct {
	sn                       read.Table
	cust, at, status, amount int
	amountKind               read.Kind
	currency                 int       // -1 without a currency column
	rates                    *fx.Table // into the reporting currency
	perDay                   int64     // stored ordered_at units per day (1 for DATE, µs for DATETIME)
	unit                     float64   // 10^-scale: amount's stored integer → currency
}

func openOrders(fn string, env sqlfn.Env, db string) (*orders, error) {
	sn, err := env.Snapshot(db, "orders")
	if err != nil {
		return nil, err
	}
	o := &orders{sn: sn, perDay: calendar.MicrosPerDay, unit: 1, currency: fx.Currency(sn)}
	if o.rates, err = fx.Load(env, db); err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	var cols [4]read.Column
	for i, name := range []string{"customer_id", "ordered_at", "status", "amount"} {
		c, ok := sn.Column(name)
		if !ok {
			return nil, sqlfn.ErrNoData(fn, "table %s.orders has no column %s", db, name)
		}
		cols[i] = c
	}
	for i, want := range []read.Kind{read.KindInt, read.KindInt, read.KindBytes} {
		if got := cols[i].Kind; got != want {
			return nil, sqlfn.ErrNoData(fn, "column orders.%s is stored as %s, want %s", cols[i].Name, got, want)
		}
	}
	o.cust, o.at, o.status, o.amount, o.amountKind = cols[0].Ord, cols[1].Ord, cols[2].Ord, cols[3].Ord, cols[3].Kind
	if sqlfn.IsDate(sn, "ordered_at") {
		o.perDay = 1
	}
	switch k := o.amountKind; k {
	case read.KindInt:
		o.unit = math.Pow10(-int(sqlfn.DecimalScale(sn, "amount")))
	case read.KindFloat:
	default:
		return nil, sqlfn.ErrNoData(fn, "column orders.amount is stored as %s, want a number", k)
	}
	return o, nil
}

// lastDay is the day of the latest order: zone maps answer for sealed
// segments, the write buffer is read.
func (o *orders) lastDay() (int64, bool, error) {
	best, ok := int64(math.MinInt64), false
	note := func(v int64) {
		if v > best {
			best, ok = v, true
		}
	}
	err := o.sn.Scan(read.Request{
		Columns: []int{o.at},
		Prune: func(p *read.Part) bool {
			if z := p.Zones[o.at]; z.HasRange {
				note(z.MaxI)
			}
			return true
		},
	}, func(b *read.Batch) error {
		v := b.Cols[0]
		b.Each(func(i int) {
			if !v.IsNull(i) {
				note(v.Ints[i])
			}
		})
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("uplift: read orders: %w", err)
	}
	return calendar.FloorDiv(best, o.perDay), ok, nil
}

var valid = []byte("valid")

// revenue sums amount over the valid orders of members placed on days
// from..to (inclusive), per customer; a customer is a key iff they have
// at least one such order.
// What it builds is charged to g, and it stops with g.
func (o *orders) revenue(g *sqlfn.Guard, members *roaring64.Bitmap, from, to int64) (map[uint64]float64, error) {
	lo, hi := from*o.perDay, (to+1)*o.perDay // [lo, hi)
	out := map[uint64]float64{}
	cols := []int{o.cust, o.at, o.status, o.amount}
	if o.currency >= 0 {
		cols = append(cols, o.currency)
	}
	var conv fx.Converter
	err := o.sn.Scan(read.Request{
		Columns: cols,
		Prune: func(p *read.Part) bool {
			z := p.Zones[o.at]
			return z.HasRange && (z.MaxI < lo || z.MinI >= hi)
		},
	}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		cust, at, status, amount := b.Cols[0], b.Cols[1], b.Cols[2], b.Cols[3]
		if len(b.Cols) > 4 {
			conv.Reset(o.rates, b.Cols[4])
		} else {
			conv.Reset(nil, nil)
		}
		var bad error
		b.Each(func(i int) {
			if bad != nil || cust.IsNull(i) || at.IsNull(i) || at.Ints[i] < lo || at.Ints[i] >= hi || cust.Ints[i] < 0 {
				return
			}
			id := uint64(cust.Ints[i])
			if string(status.Bytes(i)) != string(valid) || !members.Contains(id) {
				return
			}
			day := calendar.FloorDiv(at.Ints[i], o.perDay)
			var a float64
			switch {
			case amount.IsNull(i):
			case amount.Kind == read.KindFloat:
				var r float64
				r, bad = conv.Rate(i, day)
				a = amount.Floats[i] * r
			default:
				var v int64
				v, bad = conv.Amount(i, day, amount.Ints[i])
				a = float64(v) // exact integer sums; scaled below
			}
			if _, seen := out[id]; !seen && g.Grow(16+sqlfn.MapEntryOverhead) != nil {
				bad = g.Err()
				return
			}
			out[id] += a
		})
		return bad
	})
	if sqlfn.Stopped(err) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("uplift: read orders: %w", err)
	}
	if o.amountKind == read.KindInt {
		for id, v := range out {
			out[id] = v * o.unit
		}
	}
	return out, nil
}
