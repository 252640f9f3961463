package behaviour

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// catKey is a (customer, category) pair.
type catKey struct {
	cust int64
	cat  int32
}

// catUse is what one customer bought in one category: whether any valid
// line before the window, and the lines and amount inside it.
type catUse struct {
	before bool
	lines  int32
	amount int64
}

// categoryShiftRows is category_shift([as_of [, window_days [, level]]]):
// the customers who bought before the window of window_days days ending
// on as_of (default: the latest order's day; 90 days) and, inside it,
// in a category of products.category_<level> (default 1) they had never
// bought in before.
func categoryShiftRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	const fn = "category_shift"
	db := sqlfn.ShopDB(env)
	asOf, window, level, err := shiftArgs(fn, env, db, args)
	if err != nil {
		return nil, err
	}
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	cats, names, _, err := productColumn(g, env, db, "category_"+strconv.Itoa(level), read.KindBytes)
	if err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	start := (asOf - window + 1) * sqlfn.MicrosPerDay
	use := map[catKey]catUse{}
	scale, err := validLines(g, env, db, math.MinInt64, (asOf+1)*sqlfn.MicrosPerDay, func(l *line) {
		c, ok := cats[l.product]
		if !ok || !l.hasProduct {
			return
		}
		k := catKey{l.cust, int32(c)}
		u, seen := use[k]
		if !seen && g.Grow(catUseSize) != nil {
			return
		}
		if l.at < start {
			u.before = true
		} else {
			u.lines++
			u.amount += l.amount
		}
		use[k] = u
	})
	if err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	return shiftRows(g, use, names, scale)
}

// catUseSize is what one (customer, category) holds: its map entry and
// its key in shiftRows' sorted keys.
const catUseSize = int64(unsafe.Sizeof(catKey{})*2+unsafe.Sizeof(catUse{})) + sqlfn.MapEntryOverhead

// shiftArgs reads as_of (a day), window_days and level.
func shiftArgs(fn string, env sqlfn.Env, db string, args []any) (asOf, window int64, level int, err error) {
	asOf, ok, err := sqlfn.Date(fn, args, 0)
	if err != nil {
		return 0, 0, 0, err
	}
	if !ok {
		sn, err := env.Snapshot(db, "orders")
		if err != nil {
			return 0, 0, 0, err
		}
		at, found, err := sqlfn.Latest(sn, "orders", "ordered_at")
		if err != nil || !found {
			return 0, 0, 0, sqlfn.ErrNoData(fn, "orders is empty: give the as-of date (%v)", err)
		}
		asOf = sqlfn.FloorDiv(at, sqlfn.UnitsPerDay(sn, "ordered_at"))
	}
	if window, err = sqlfn.Int(fn, args, 1, 90); err != nil {
		return 0, 0, 0, err
	}
	if window < 1 || window > 3650 {
		return 0, 0, 0, sqlfn.ErrArg(fn, "argument 2: window_days must be 1 to 3650, got %d", window)
	}
	lv, err := sqlfn.Int(fn, args, 2, 1)
	if err != nil {
		return 0, 0, 0, err
	}
	if lv < 1 || lv > 3 {
		return 0, 0, 0, sqlfn.ErrArg(fn, "argument 3: level must be 1, 2 or 3 (products.category_1..3), got %d", lv)
	}
	return asOf, window, int(lv), nil
}

// shiftRows keeps the customers with a usual category and a new one, by
// customer id.
func shiftRows(g *sqlfn.Guard, use map[catKey]catUse, names []string, scale int32) ([]sql.Row, error) {
	keys := make([]catKey, 0, len(use))
	for k := range use {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b catKey) int {
		return cmp.Or(cmp.Compare(a.cust, b.cust), strings.Compare(names[a.cat], names[b.cat]))
	})
	if err := g.Check(); err != nil { // the sort took long: the statement may be gone
		return nil, err
	}
	var rows []sql.Row
	var newNames []string
	for i := 0; i < len(keys); {
		var usual, fresh int64
		var total, freshAmt int64
		newNames = newNames[:0]
		j := i
		for ; j < len(keys) && keys[j].cust == keys[i].cust; j++ {
			u := use[keys[j]]
			total += u.amount
			switch {
			case u.before:
				usual++
			case u.lines > 0:
				fresh++
				freshAmt += u.amount
				newNames = append(newNames, names[keys[j].cat])
			}
		}
		if usual > 0 && fresh > 0 {
			var share any
			if total != 0 {
				share = math.Round(float64(freshAmt)/float64(total)*1e4) / 1e4
			}
			row := sql.Row{keys[i].cust, usual, fresh, strings.Join(newNames, ", "),
				decimal.New(total, -scale).Round(2), decimal.New(freshAmt, -scale).Round(2), share}
			if err := g.Row(row); err != nil {
				return nil, err
			}
			rows = append(rows, row)
		}
		if err := g.Step(j - i); err != nil {
			return nil, err
		}
		i = j
	}
	return rows, nil
}
