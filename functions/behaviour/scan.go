package behaviour

import (
	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// columns finds the named columns of a snapshot, checking their kinds.
func columns(sn read.Table, table string, names []string, kinds []read.Kind) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		c, err := sqlfn.Column(sn, table, n, kinds[i])
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// line is one valid order line as the order scan hands it over: its time
// in microseconds and its amount in the reporting currency, scaled.
type line struct {
	cust, order, at, amount int64
	product                 int64
	hasProduct              bool
}

var validWord = []byte("valid")

// validLines calls fn with every valid order line of db.orders whose time
// is in [from, to) (microseconds). Amounts are converted into the
// reporting currency; scale is the power of ten amounts are scaled by.
// fn may stop the scan by leaving an error in g.
func validLines(g *sqlfn.Guard, env sqlfn.Env, db string, from, to int64, fn func(*line)) (scale int32, err error) {
	sn, err := env.Snapshot(db, "orders")
	if err != nil {
		return 0, err
	}
	cols, err := columns(sn, "orders",
		[]string{"customer_id", "order_id", "ordered_at", "amount", "status", "product_id"},
		[]read.Kind{read.KindInt, read.KindInt, read.KindInt, read.KindInt, read.KindBytes, read.KindInt})
	if err != nil {
		return 0, err
	}
	rates, err := fx.Load(env, db)
	if err != nil {
		return 0, err
	}
	cur := fx.Currency(sn)
	if cur >= 0 {
		cols = append(cols, cur)
	}
	unit := sqlfn.UnitsPerDay(sn, "ordered_at")
	perUnit := sqlfn.MicrosPerDay / unit
	var conv fx.Converter
	var l line
	err = sn.Scan(read.Request{Columns: cols}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		c := b.Cols
		var cv *read.Vector
		if cur >= 0 {
			cv = c[6]
		}
		conv.Reset(rates, cv)
		var err error
		b.Each(func(i int) {
			if err != nil || c[0].IsNull(i) || c[2].IsNull(i) || c[4].IsNull(i) || !sqlfn.EqualFold(c[4].Bytes(i), validWord) {
				return
			}
			at := c[2].Ints[i] * perUnit
			if at < from || at >= to {
				return
			}
			l = line{cust: c[0].Ints[i], order: c[1].Ints[i], at: at, amount: c[3].Ints[i],
				product: c[5].Ints[i], hasProduct: !c[5].IsNull(i)}
			if c[3].IsNull(i) {
				l.amount = 0
			} else if l.amount, err = conv.Amount(i, sqlfn.FloorDiv(at, sqlfn.MicrosPerDay), l.amount); err != nil {
				return
			}
			fn(&l)
		})
		if err != nil {
			return err
		}
		return g.Err()
	})
	return sqlfn.DecimalScale(sn, "amount"), err
}

// latestEvent is the time (µs) of the latest event of db.
func latestEvent(fn string, env sqlfn.Env, db string) (int64, error) {
	return sqlfn.LatestMicros(fn, env, db, "events", "occurred_at", "time")
}

// productColumn reads one column of db.products into a map by product id:
// an integer column as its value, a text column as an index into names.
func productColumn(g *sqlfn.Guard, env sqlfn.Env, db, name string, kind read.Kind) (vals map[int64]int64, names []string, scale int32, err error) {
	sn, err := env.Snapshot(db, "products")
	if err != nil {
		return nil, nil, 0, err
	}
	cols, err := columns(sn, "products", []string{"product_id", name}, []read.Kind{read.KindInt, kind})
	if err != nil {
		return nil, nil, 0, err
	}
	vals = map[int64]int64{}
	index := map[string]int64{}
	err = sn.Scan(read.Request{Columns: cols}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		id, v := b.Cols[0], b.Cols[1]
		b.Each(func(i int) {
			if id.IsNull(i) || v.IsNull(i) || g.Grow(16+sqlfn.MapEntryOverhead) != nil {
				return
			}
			if kind == read.KindInt {
				vals[id.Ints[i]] = v.Ints[i]
				return
			}
			x, ok := index[string(v.Bytes(i))]
			if !ok && g.Grow(2*(16+int64(len(v.Bytes(i))))+sqlfn.MapEntryOverhead) == nil {
				x = int64(len(names))
				names = append(names, string(v.Bytes(i)))
				index[names[x]] = x
			}
			vals[id.Ints[i]] = x
		})
		return g.Err()
	})
	return vals, names, sqlfn.DecimalScale(sn, name), err
}
