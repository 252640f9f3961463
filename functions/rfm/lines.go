package rfm

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Breakdowns of order lines: the orders column each reads, or for
// category the products column its product_id leads to.
var breakdownCols = map[string]string{
	"product": "product_id", "category": "category_1", "source": "source_medium",
	"coupon": "coupon_code", "channel": "channel",
}

const breakdownNames = "all, product, category, source, coupon, channel"

func parseBreakdown(fn string, args []any, i int, def string) (string, error) {
	s, err := sqlfn.String(fn, args, i, def)
	if err != nil {
		return "", err
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if _, ok := breakdownCols[s]; !ok && s != "all" {
		return "", sqlfn.ErrArg(fn, "argument %d: unknown breakdown %q (one of %s)", i+1, s, breakdownNames)
	}
	return s, nil
}

// labels interns breakdown values: index -1 is NULL.
type labels struct {
	names []string
	text  map[string]int32
	ints  map[int64]int32
}

func newLabels() *labels { return &labels{text: map[string]int32{}, ints: map[int64]int32{}} }

func (l *labels) ofText(v []byte) int32 {
	if x, ok := l.text[string(v)]; ok {
		return x
	}
	x := int32(len(l.names))
	l.names = append(l.names, string(v))
	l.text[string(v)] = x
	return x
}

func (l *labels) ofInt(v int64) int32 {
	if x, ok := l.ints[v]; ok {
		return x
	}
	x := int32(len(l.names))
	l.names = append(l.names, strconv.FormatInt(v, 10))
	l.ints[v] = x
	return x
}

// value is the label's SQL value: NULL for -1.
func (l *labels) value(x int32) any {
	if x < 0 {
		return nil
	}
	return l.names[x]
}

// compare orders labels by text, NULL first (as ORDER BY does).
func (l *labels) compare(a, b int32) int {
	switch {
	case a < 0 || b < 0:
		return cmp.Compare(a, b) // -1 is the only negative label
	}
	return strings.Compare(l.names[a], l.names[b])
}

// line is one valid order line as a breakdown sees it.
type line struct {
	oid, amount int64
	label       int32
}

// scanLines calls fn with every valid line dated on or before asOf, the
// line labelled by breakdown bd (product, category, source, coupon or
// channel) through ls.
func scanLines(env sqlfn.Env, db, bd string, asOf int64, ls *labels, fn func(line)) error {
	orders, err := env.Snapshot(db, "orders")
	if err != nil {
		return err
	}
	var cats map[int64]int32 // product → category label
	col, kind := breakdownCols[bd], read.KindBytes
	if bd == "product" || bd == "category" {
		col, kind = "product_id", read.KindInt
	}
	if bd == "category" {
		if cats, err = categories(env, db, ls); err != nil {
			return err
		}
	}
	cols := make([]int, 5, 6)
	for i, c := range []struct {
		name string
		kind read.Kind
	}{{"order_id", read.KindInt}, {"ordered_at", read.KindInt}, {"amount", read.KindInt},
		{"status", read.KindBytes}, {col, kind}} {
		if cols[i], err = column(orders, "orders", c.name, c.kind); err != nil {
			return err
		}
	}
	rates, err := fx.Load(env, db)
	if err != nil {
		return err
	}
	if cur := fx.Currency(orders); cur >= 0 {
		cols = append(cols, cur)
	}
	unit := timeUnit(orders, "ordered_at")
	var conv fx.Converter
	return orders.Scan(read.Request{Columns: cols}, func(bt *read.Batch) error {
		oid, at, amt, st, v := bt.Cols[0], bt.Cols[1], bt.Cols[2], bt.Cols[3], bt.Cols[4]
		if len(bt.Cols) > 5 {
			conv.Reset(rates, bt.Cols[5])
		} else {
			conv.Reset(nil, nil)
		}
		var bad error
		each(bt, func(i int) {
			if bad != nil || oid.IsNull(i) || at.IsNull(i) || st.IsNull(i) || !foldEq(st.Bytes(i), valid) {
				return
			}
			day := dayOf(at.Ints[i] * (usPerDay / unit))
			if day > asOf {
				return
			}
			l := line{oid: oid.Ints[i], label: -1}
			if !amt.IsNull(i) {
				if l.amount, bad = conv.Amount(i, day, amt.Ints[i]); bad != nil {
					return
				}
			}
			switch {
			case v.IsNull(i):
			case bd == "product":
				l.label = ls.ofInt(v.Ints[i])
			case bd == "category":
				if c, ok := cats[v.Ints[i]]; ok {
					l.label = c
				}
			default:
				l.label = ls.ofText(v.Bytes(i))
			}
			fn(l)
		})
		return bad
	})
}

// categories maps every product to the label of its category_1.
func categories(env sqlfn.Env, db string, ls *labels) (map[int64]int32, error) {
	sn, err := env.Snapshot(db, "products")
	if err != nil {
		return nil, err
	}
	id, err := column(sn, "products", "product_id", read.KindInt)
	if err != nil {
		return nil, err
	}
	cat, err := column(sn, "products", "category_1", read.KindBytes)
	if err != nil {
		return nil, err
	}
	m := map[int64]int32{}
	err = sn.Scan(read.Request{Columns: []int{id, cat}}, func(bt *read.Batch) error {
		each(bt, func(i int) {
			if !bt.Cols[0].IsNull(i) && !bt.Cols[1].IsNull(i) {
				m[bt.Cols[0].Ints[i]] = ls.ofText(bt.Cols[1].Bytes(i))
			}
		})
		return nil
	})
	return m, err
}
