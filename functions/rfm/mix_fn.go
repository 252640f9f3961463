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
	mixCol("lapsed_revenue", moneyType),
}

// Classes of new_vs_returning, by a customer's first order in the period.
const (
	mixNew = iota
	mixReturning
	mixLapsed
)

// mixClass: new when it is the customer's first valid order ever, lapsed
// when the order before it is more than the lapsed window earlier,
// returning otherwise.
func mixClass(o *placed, w Windows) int {
	switch {
	case o.k == 1:
		return mixNew
	case o.gap > w.Lapsed:
		return mixLapsed
	}
	return mixReturning
}

// mixRow accumulates one period.
type mixRow struct {
	customers [3]int64
	revenue   [3]int64
	orders    int64
}

// newVsReturningRows is new_vs_returning(from, to [, grain [, active_days
// [, lapsed_days]]]): per period, the customers who placed a valid order,
// split by their first order in the period into new, returning and lapsed
// (mutually exclusive), with the revenue of each group's orders in the
// period.
func newVsReturningRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	const fn = "new_vs_returning"
	r, err := dateRange(fn, args, 0)
	if err != nil {
		return nil, err
	}
	g, err := parseGrain(fn, args, 2)
	if err != nil {
		return nil, err
	}
	d, h, w, err := gatherHistory(fn, env, r.to, args, 3)
	if err != nil {
		return nil, err
	}
	ps := newPeriods(r, g)
	acc := make([]mixRow, len(ps.spans))
	lastCust, lastP, cls := int64(0), -1, 0
	for i := range h {
		o := &h[i]
		p := ps.of(o.day)
		if p < 0 {
			continue
		}
		if o.cust != lastCust || p != lastP { // the customer's first order in p
			lastCust, lastP, cls = o.cust, p, mixClass(o, w)
			acc[p].customers[cls]++
		}
		acc[p].revenue[cls] += o.rev
		acc[p].orders++
	}
	rows := make([]sql.Row, len(acc))
	for i, a := range acc {
		rows[i] = sql.Row{dateOf(ps.spans[i].from), dateOf(ps.spans[i].to),
			a.customers[0] + a.customers[1] + a.customers[2], a.customers[mixNew], a.customers[mixReturning], a.customers[mixLapsed],
			a.orders, money(a.revenue[0]+a.revenue[1]+a.revenue[2], d.scale),
			money(a.revenue[mixNew], d.scale), money(a.revenue[mixReturning], d.scale), money(a.revenue[mixLapsed], d.scale)}
	}
	return rows, nil
}
