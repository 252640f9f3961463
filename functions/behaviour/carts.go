package behaviour

import (
	"cmp"
	"math"
	"slices"
	"time"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// cartHit is one abandoned cart_add.
type cartHit struct {
	cust, at, product int64
	hasProduct        bool
}

var cartAdd = []byte("cart_add")

// abandonedCartsRows is abandoned_carts(hours [, as_of]): per customer,
// the cart_add events at least hours old at as_of (default: the latest
// event's time) that no valid order of the customer followed up to as_of.
func abandonedCartsRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	const fn = "abandoned_carts"
	hours, err := sqlfn.Float(fn, args, 0, 0)
	if err != nil {
		return nil, err
	}
	if args[0] == nil || !(hours > 0) || hours > 24*3650 {
		return nil, sqlfn.ErrArg(fn, "argument 1: hours must be a positive number of hours (at most 87600), got %v", args[0])
	}
	db := sqlfn.ShopDB(env)
	asOf, ok, err := sqlfn.Instant(fn, args, 1)
	if err != nil {
		return nil, err
	}
	if !ok {
		if asOf, err = latestEvent(fn, env, db); err != nil {
			return nil, err
		}
	}
	cutoff := asOf - int64(math.Round(hours*3600e6))
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	lastOrder := map[int64]int64{} // latest valid order at or before as_of
	_, err = validLines(g, env, db, math.MinInt64, asOf+1, func(l *line) {
		t, ok := lastOrder[l.cust]
		if !ok && g.Grow(16+sqlfn.MapEntryOverhead) != nil {
			return
		}
		if !ok || l.at > t {
			lastOrder[l.cust] = l.at
		}
	})
	if err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	hits, err := abandonedAdds(g, env, db, cutoff, lastOrder)
	if err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	prices, _, scale, err := productColumn(g, env, db, "price", read.KindInt)
	if err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	return cartRows(g, hits, prices, scale, asOf)
}

// cartHitSize is what one abandoned add holds in the hits slice.
const cartHitSize = int64(unsafe.Sizeof(cartHit{}))

// abandonedAdds returns the cart_add events at or before cutoff (µs) made
// after their customer's last valid order.
func abandonedAdds(g *sqlfn.Guard, env sqlfn.Env, db string, cutoff int64, lastOrder map[int64]int64) ([]cartHit, error) {
	sn, err := env.Snapshot(db, "events")
	if err != nil {
		return nil, err
	}
	cols, err := columns(sn, "events", []string{"customer_id", "occurred_at", "type", "product_id"},
		[]read.Kind{read.KindInt, read.KindInt, read.KindBytes, read.KindInt})
	if err != nil {
		return nil, err
	}
	perUnit := sqlfn.MicrosPerDay / sqlfn.UnitsPerDay(sn, "occurred_at")
	var hits []cartHit
	var cls sqlfn.Classes[int32]
	err = sn.Scan(read.Request{Columns: cols}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		cust, at, typ, prod := b.Cols[0], b.Cols[1], b.Cols[2], b.Cols[3]
		cls.Reset(typ, isCartAdd, 0)
		b.Each(func(i int) {
			if cust.IsNull(i) || at.IsNull(i) || cls.Of(typ, i) != 1 || g.Err() != nil {
				return
			}
			t := at.Ints[i] * perUnit
			if t > cutoff {
				return
			}
			if last, ok := lastOrder[cust.Ints[i]]; ok && last >= t {
				return
			}
			if g.Grow(cartHitSize) == nil {
				hits = append(hits, cartHit{cust.Ints[i], t, prod.Ints[i], !prod.IsNull(i)})
			}
		})
		return g.Err()
	})
	return hits, err
}

func isCartAdd(v []byte) int32 {
	if sqlfn.EqualFold(v, cartAdd) {
		return 1
	}
	return 0
}

// cartRows groups the abandoned adds by customer.
func cartRows(g *sqlfn.Guard, hits []cartHit, prices map[int64]int64, scale int32, asOf int64) ([]sql.Row, error) {
	slices.SortFunc(hits, func(a, b cartHit) int {
		return cmp.Or(cmp.Compare(a.cust, b.cust), cmp.Compare(a.product, b.product), cmp.Compare(a.at, b.at))
	})
	if err := g.Check(); err != nil { // the sort took long: the statement may be gone
		return nil, err
	}
	var rows []sql.Row
	for i := 0; i < len(hits); {
		j := i
		first, last, products := hits[i].at, hits[i].at, int64(0)
		var value int64
		priced := false
		for ; j < len(hits) && hits[j].cust == hits[i].cust; j++ {
			h := &hits[j]
			first, last = min(first, h.at), max(last, h.at)
			if h.hasProduct && (j == i || !hits[j-1].hasProduct || hits[j-1].product != h.product) {
				products++
			}
			if p, ok := prices[h.product]; ok && h.hasProduct {
				value += p
				priced = true
			}
		}
		var v any
		if priced {
			v = decimal.New(value, -scale)
		}
		row := sql.Row{hits[i].cust, int64(j - i), products, v, micros(first), micros(last),
			math.Round(float64(asOf-last)/3600e4) / 100}
		if err := g.Step(j - i); err != nil {
			return nil, err
		}
		if err := g.Row(row); err != nil {
			return nil, err
		}
		rows = append(rows, row)
		i = j
	}
	return rows, nil
}

// micros is a stored time as a DATETIME value.
func micros(us int64) time.Time { return time.UnixMicro(us).UTC() }
