package rfm

import (
	"cmp"
	"slices"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

func impactCol(name string, t sql.Type) *sql.Column {
	return &sql.Column{Name: name, Type: t, Source: "revenue_impact", Nullable: true}
}

var impactSchema = sql.Schema{
	impactCol("period_start", types.Date),
	impactCol("period_end", types.Date),
	impactCol("dimension_value", varchar(100)),
	impactCol("orders", types.Int64),
	impactCol("customers", types.Int64),
	impactCol("revenue", moneyType),
	impactCol("avg_order_value", types.Float64),
	impactCol("revenue_share", types.Float64),
}

// Values of the order-time dimensions, in report (text) order.
var (
	ometriaValues = []string{StatusActive, StatusAtRisk, StatusLapsed, StatusLead, StatusNew}
	emarsysValues = []string{StageActive, StageDefecting, StageFirstTime, StageInactive, StageLead}
)

// sale is revenue credited to one (period, label): a whole order, or one
// line of it for line-level dimensions.
type sale struct {
	p, label  int32
	oid, cust int64
	amount    int64
}

// revenueImpactRows is revenue_impact(from, to [, grain [, by [,
// active_days [, lapsed_days]]]]): per period and value of by — the
// Ometria status (lifecycle) or Emarsys stage (stage) the customer had
// just before the order, or the line's channel — the valid orders,
// customers, revenue, average order value and share of the period's
// revenue.
func revenueImpactRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	gd := sqlfn.NewGuard(ctx) // what it gathers is garbage once its rows are built
	defer gd.Release()
	const fn = "revenue_impact"
	r, err := dateRange(fn, args, 0)
	if err != nil {
		return nil, err
	}
	g, err := parseGrain(fn, args, 2)
	if err != nil {
		return nil, err
	}
	by, err := sqlfn.String(fn, args, 3, "lifecycle")
	if err != nil {
		return nil, err
	}
	by = strings.ToLower(strings.TrimSpace(by))
	if by != "lifecycle" && by != "stage" && by != "channel" {
		return nil, sqlfn.ErrArg(fn, "argument 4: unknown dimension %q (lifecycle, stage or channel)", by)
	}
	d, h, w, err := gatherHistory(gd, fn, env, r.to, args, 4)
	if err != nil {
		return nil, err
	}
	ps := newPeriods(r, g)
	ls := newLabels()
	var sales []sale
	if by == "channel" {
		sales, err = channelSales(env, d.db, h, ps, r.to, ls)
		if err != nil {
			return nil, sqlfn.ErrNoData(fn, "%v", err)
		}
	} else {
		values, of := ometriaValues, (*placed).status
		if by == "stage" {
			values, of = emarsysValues, (*placed).stage
		}
		for _, v := range values {
			ls.ofText([]byte(v))
		}
		for i := range h {
			o := &h[i]
			if p := ps.of(o.day); p >= 0 {
				sales = append(sales, sale{int32(p), ls.ofText([]byte(of(o, w))), o.oid, o.cust, o.rev})
			}
		}
	}
	return impactRows(sales, ps, ls, by != "channel", d.scale), nil
}

// channelSales credits every valid line of an order in the range to the
// order's period and the line's channel.
func channelSales(env sqlfn.Env, db string, h []placed, ps periods, asOf int64, ls *labels) ([]sale, error) {
	type at struct {
		p    int32
		cust int64
	}
	byOrder := map[int64]at{}
	for i := range h {
		if p := ps.of(h[i].day); p >= 0 {
			byOrder[h[i].oid] = at{int32(p), h[i].cust}
		}
	}
	var sales []sale
	err := scanLines(env, db, "channel", asOf, ls, func(l line) {
		if x, ok := byOrder[l.oid]; ok {
			sales = append(sales, sale{x.p, l.label, l.oid, x.cust, l.amount})
		}
	})
	return sales, err
}

// impactCell accumulates one (period, label).
type impactCell struct{ orders, customers, revenue int64 }

// impactRows sums the sales of every (period, label): each period gets a
// row for every label of ls when fixed, else for every label of a sale.
func impactRows(sales []sale, ps periods, ls *labels, fixed bool, scale int32) []sql.Row {
	key := func(s sale) int64 { return int64(s.p)<<32 | int64(uint32(s.label+1)) }
	cells := map[int64]*impactCell{}
	get := func(s sale) *impactCell {
		c := cells[key(s)]
		if c == nil {
			c = &impactCell{}
			cells[key(s)] = c
		}
		return c
	}
	byOrder := func(a, b sale) int { return cmp.Or(cmp.Compare(key(a), key(b)), cmp.Compare(a.oid, b.oid)) }
	slices.SortFunc(sales, byOrder)
	for i, s := range sales {
		c := get(s)
		c.revenue += s.amount
		if i == 0 || byOrder(sales[i-1], s) != 0 {
			c.orders++
		}
	}
	byCust := func(a, b sale) int { return cmp.Or(cmp.Compare(key(a), key(b)), cmp.Compare(a.cust, b.cust)) }
	slices.SortFunc(sales, byCust)
	met := map[int32]bool{}
	for i, s := range sales {
		met[s.label] = true
		if i == 0 || byCust(sales[i-1], s) != 0 {
			get(s).customers++
		}
	}
	labels := make([]int32, 0, len(ls.names)+1)
	for x := range ls.names {
		if fixed || met[int32(x)] {
			labels = append(labels, int32(x))
		}
	}
	if met[-1] {
		labels = append(labels, -1)
	}
	slices.SortFunc(labels, ls.compare)
	periodRev := make([]int64, len(ps.spans))
	for _, s := range sales {
		periodRev[s.p] += s.amount
	}
	rows := make([]sql.Row, 0, len(ps.spans)*len(labels))
	for p, sp := range ps.spans {
		for _, l := range labels {
			var c impactCell
			if x := cells[key(sale{p: int32(p), label: l})]; x != nil {
				c = *x
			}
			rows = append(rows, sql.Row{dateOf(sp.from), dateOf(sp.to), ls.value(l), c.orders, c.customers,
				money(c.revenue, scale), ratio(float64(c.revenue)/pow10(scale), c.orders), ratio(float64(c.revenue), periodRev[p])})
		}
	}
	return rows
}
