package rfm

import (
	"sort"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

func snapCol(name string, t sql.Type) *sql.Column {
	return &sql.Column{Name: name, Type: t, Source: "customer_snapshot", Nullable: true}
}

var snapshotSchema = sql.Schema{
	snapCol("dimension_value", varchar(100)),
	snapCol("contacts", types.Int64),
	snapCol("customers", types.Int64),
	snapCol("repeat_customers", types.Int64),
	snapCol("one_time_customers", types.Int64),
	snapCol("total_orders", types.Int64),
	snapCol("total_orders_attempted", types.Int64),
	snapCol("total_clv", moneyType),
	snapCol("avg_clv", types.Float64),
	snapCol("avg_orders", types.Float64),
	snapCol("avg_order_value", types.Float64),
	snapCol("contact_conversion_rate", types.Float64),
	snapCol("customer_repeat_rate", types.Float64),
	snapCol("avg_recency_days", types.Float64),
	snapCol("avg_first_order_delay_days", types.Float64),
	snapCol("avg_second_order_delay_days", types.Float64),
}

// group accumulates one snapshot row.
type group struct {
	contacts, customers, repeat, orders, attempted int64
	revenue                                        int64
	recency, firstDelay, secondDelay               int64
}

func (g *group) add(d *data, c *Customer) {
	g.contacts++
	g.attempted += int64(c.Attempted)
	if c.Orders == 0 {
		return
	}
	g.customers++
	g.orders += int64(c.Orders)
	g.revenue += c.Revenue
	g.recency += d.recency(c)
	g.firstDelay += dayOf(c.First) - c.Signup
	if c.Orders >= 2 {
		g.repeat++
		g.secondDelay += dayOf(c.Second) - dayOf(c.First)
	}
}

// customerSnapshotRows is customer_snapshot([dimension [, as_of [,
// active_days [, lapsed_days]]]]): Ometria's customer snapshot fields per
// value of the dimension, over contacts signed up on or before as_of.
func customerSnapshotRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // what it gathers is garbage once its rows are built
	defer g.Release()
	const fn = "customer_snapshot"
	dim, err := parseDim(fn, args, 0, "lifecycle")
	if err != nil {
		return nil, err
	}
	asOf, set, err := sqlfn.Date(fn, args, 1)
	if err != nil {
		return nil, err
	}
	d, ls, err := gatherDims(g, fn, env, asOf, set, []string{dim}, args, 2)
	if err != nil || d.empty {
		return nil, err
	}
	groups := map[string]*group{}
	for i := range d.cs {
		c := &d.cs[i]
		if !c.Contact {
			continue
		}
		k := ls[0].label(c)
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
		}
		g.add(d, c)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys) // "" (NULL) first, as ORDER BY puts NULLs
	rows := make([]sql.Row, len(keys))
	for i, k := range keys {
		rows[i] = groups[k].row(nullStr(k), d.scale)
	}
	return rows, nil
}

func (g *group) row(key any, scale int32) sql.Row {
	rev := decimal.New(g.revenue, -scale)
	revF, _ := rev.Float64()
	return sql.Row{key, g.contacts, g.customers, g.repeat, g.customers - g.repeat, g.orders, g.attempted, rev,
		ratio(revF, g.customers), ratio(float64(g.orders), g.customers), ratio(revF, g.orders),
		ratio(float64(g.customers), g.contacts), ratio(float64(g.repeat), g.customers),
		ratio(float64(g.recency), g.customers), ratio(float64(g.firstDelay), g.customers),
		ratio(float64(g.secondDelay), g.repeat)}
}

// ratio is num/den, NULL when den is 0.
func ratio(num float64, den int64) any {
	if den == 0 {
		return nil
	}
	return num / float64(den)
}
