package rfm

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

func mixCol(name string, t sql.Type) *sql.Column {
	return &sql.Column{Name: name, Type: t, Source: "new_vs_returning", Nullable: true}
}

var mixSchema = sql.Schema{
	mixCol("period_start", types.Date),
	mixCol("period_end", types.Date),
	mixCol("customers", types.Int64),
	mixCol("new_customers", types.Int64),
	mixCol("returning_customers", types.Int64),
	mixCol("lapsed_customers", types.Int64),
	mixCol("orders", types.Int64),
	mixCol("revenue", moneyType),
	mixCol("new_revenue", moneyType),
	mixCol("returning_revenue", moneyType),
}

// mixRow accumulates one period: buyers and revenue by new (index 0) and
// returning (1), and the customers who lapsed in it.
type mixRow struct {
	customers [2]int64
	revenue   [2]int64
	orders    int64
	lapsed    int64
}

// newVsReturningRows is new_vs_returning(from, to [, grain [, active_days
// [, lapsed_days]]]): per period, Ometria's new customers (their first
// valid order ever is in the period), returning customers (another valid
// order in the period) and lapsed customers (they became lapsed in the
// period: their last order before the day lapsed_days + 1 after it), with
// the revenue of the new and returning customers' orders in the period.
func newVsReturningRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	gd := sqlfn.NewGuard(ctx) // what it gathers is garbage once its rows are built
	defer gd.Release()
	const fn = "new_vs_returning"
	r, err := dateRange(fn, args, 0)
	if err != nil {
		return nil, err
	}
	g, err := parseGrain(fn, args, 2)
	if err != nil {
		return nil, err
	}
	d, h, w, err := gatherHistory(gd, fn, env, r.to, args, 3)
	if err != nil {
		return nil, err
	}
	ps := newPeriods(r, g)
	acc := make([]mixRow, len(ps.spans))
	countBuyers(h, ps, acc)
	countLapses(h, ps, w, acc)
	rows := make([]sql.Row, len(acc))
	for i, a := range acc {
		rows[i] = sql.Row{dateOf(ps.spans[i].from), dateOf(ps.spans[i].to),
			a.customers[0] + a.customers[1], a.customers[0], a.customers[1], a.lapsed,
			a.orders, money(a.revenue[0]+a.revenue[1], d.scale),
			money(a.revenue[0], d.scale), money(a.revenue[1], d.scale)}
	}
	return rows, nil
}

// countBuyers classes each customer in each period by their first order in
// it: new when it is their first valid order ever, else returning.
func countBuyers(h []placed, ps periods, acc []mixRow) {
	lastCust, lastP, cls := int64(0), -1, 0
	for i := range h {
		o := &h[i]
		p := ps.of(o.day)
		if p < 0 {
			continue
		}
		if o.cust != lastCust || p != lastP { // the customer's first order in p
			lastCust, lastP, cls = o.cust, p, 1
			if o.k == 1 {
				cls = 0
			}
			acc[p].customers[cls]++
		}
		acc[p].revenue[cls] += o.rev
		acc[p].orders++
	}
}

// countLapses counts, per period, the customers who lapsed in it: a
// customer lapses on day d + lapsed + 1 after an order on day d when their
// next valid order (if any) is later than d + lapsed. h holds the orders up
// to the range's end, so a return after the range cannot undo a lapse in
// it. A customer counts once per period.
func countLapses(h []placed, ps periods, w Windows, acc []mixRow) {
	lastCust, lastP := int64(0), -1
	for i := range h {
		o := &h[i]
		if i+1 < len(h) && h[i+1].cust == o.cust && h[i+1].day <= o.day+w.Lapsed {
			continue // came back in time (or ordered again that day)
		}
		p := ps.of(o.day + w.Lapsed + 1)
		if p < 0 || (o.cust == lastCust && p == lastP) {
			continue
		}
		lastCust, lastP = o.cust, p
		acc[p].lapsed++
	}
}
