package segments

import (
	"math"
	"time"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// uplift(segment [, from_date [, to_date]]) compares the segment's
// treated and control groups over the valid orders placed from from_date
// to to_date, both days included. Defaults: to_date is the date of the
// latest order, from_date 29 days before it (a 30-day window).
//
// A customer's revenue is the sum of amount over their valid orders in
// the window (0 without one); a buyer has at least one. Conversion =
// buyers / customers, compared with the two-proportion z-test;
// revenue per customer = revenue / customers, compared with Welch's
// t-test over per-customer revenue. Incremental revenue is
// (rpc_treated − rpc_control) × treated customers. Undefined values
// (e.g. no variance) are NULL.

var upliftSchema = sql.Schema{
	col("segment", types.LongText), col("from_date", types.Date), col("to_date", types.Date),
	col("treated_customers", types.Int64), col("control_customers", types.Int64),
	col("treated_buyers", types.Int64), col("control_buyers", types.Int64),
	col("treated_conversion", types.Float64), col("control_conversion", types.Float64),
	col("conversion_uplift", types.Float64), col("conversion_relative_uplift", types.Float64),
	col("conversion_ci_low", types.Float64), col("conversion_ci_high", types.Float64),
	col("conversion_z", types.Float64), col("conversion_p_value", types.Float64),
	col("treated_revenue_per_customer", types.Float64), col("control_revenue_per_customer", types.Float64),
	col("revenue_uplift", types.Float64), col("revenue_relative_uplift", types.Float64),
	col("revenue_ci_low", types.Float64), col("revenue_ci_high", types.Float64),
	col("revenue_t", types.Float64), col("revenue_df", types.Float64), col("revenue_p_value", types.Float64),
	col("incremental_revenue", types.Float64),
}

func col(name string, t sql.Type) *sql.Column {
	return &sql.Column{Name: name, Type: t, Nullable: true}
}

// GroupStats is one group's outcome in the window.
type GroupStats struct {
	Customers, Buyers int64
	Revenue           Moments // per-customer revenue, one observation per customer
}

// Uplift is the comparison of treated with control.
type Uplift struct {
	Treated, Control GroupStats
	Conversion       Test
	RevenuePer       Test
	Incremental      float64
}

// Compare computes the uplift statistics from two groups' outcomes.
func Compare(treated, control GroupStats) Uplift {
	u := Uplift{Treated: treated, Control: control}
	u.Conversion = TwoProportionZ(treated.Buyers, treated.Customers, control.Buyers, control.Customers)
	u.RevenuePer = WelchT(treated.Revenue, control.Revenue)
	u.Incremental = u.RevenuePer.Diff * float64(treated.Customers)
	return u
}

// groupStats summarises the members of group given per-customer revenue
// (customers absent from revenue bought nothing).
func groupStats(gd *sqlfn.Guard, group *roaring64.Bitmap, revenue map[uint64]float64) (GroupStats, error) {
	g := GroupStats{Customers: int64(group.GetCardinality())}
	it := group.Iterator()
	for it.HasNext() {
		if err := gd.Step(1); err != nil {
			return g, err
		}
		r, bought := revenue[it.Next()]
		if bought {
			g.Buyers++
		}
		g.Revenue.Add(r)
	}
	return g, nil
}

func upliftRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	const fn = "uplift"
	db := sqlfn.ShopDB(env)
	s, err := segmentArg(fn, env, db, args, 0)
	if err != nil {
		return nil, err
	}
	if s.Control == nil {
		return nil, errNoControl(fn, s.Name)
	}
	o, err := openOrders(fn, env, db)
	if err != nil {
		return nil, err
	}
	from, to, err := window(fn, o, args)
	if err != nil {
		return nil, err
	}
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	revenue, err := o.revenue(g, s.Members, from, to)
	if err != nil {
		return nil, err
	}
	// The split's two bitmaps: at most 2 bytes a member.
	if err := g.Grow(2 * int64(s.Members.GetCardinality())); err != nil {
		return nil, err
	}
	treated, control := s.Control.Split(s.Members)
	tg, err := groupStats(g, treated, revenue)
	if err != nil {
		return nil, err
	}
	cg, err := groupStats(g, control, revenue)
	if err != nil {
		return nil, err
	}
	return []sql.Row{upliftRow(s.Name, from, to, Compare(tg, cg))}, nil
}

// window reads from_date and to_date (days since 1970-01-01, inclusive).
func window(fn string, o *orders, args []any) (from, to int64, err error) {
	to, ok, err := sqlfn.Date(fn, args, 2)
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		if to, ok, err = o.lastDay(); err != nil {
			return 0, 0, err
		}
		if !ok {
			return 0, 0, sqlfn.ErrNoData(fn, "there are no orders; give from_date and to_date")
		}
	}
	from, ok, err = sqlfn.Date(fn, args, 1)
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		from = to - 29
	}
	if from > to {
		return 0, 0, sqlfn.ErrArg(fn, "from_date %s is after to_date %s", day(from), day(to))
	}
	return from, to, nil
}

func day(d int64) string { return time.Unix(d*86400, 0).UTC().Format(time.DateOnly) }

func upliftRow(name string, from, to int64, u Uplift) sql.Row {
	t, c := u.Treated, u.Control
	tc, cc := rate(t.Buyers, t.Customers), rate(c.Buyers, c.Customers)
	tr, cr := t.Revenue.Mean(), c.Revenue.Mean()
	cv, rv := u.Conversion, u.RevenuePer
	return sql.Row{
		name, time.Unix(from*86400, 0).UTC(), time.Unix(to*86400, 0).UTC(),
		t.Customers, c.Customers, t.Buyers, c.Buyers,
		num(tc), num(cc), num(cv.Diff), num(Relative(tc, cc)), num(cv.Low), num(cv.High), num(cv.Stat), num(cv.P),
		num(tr), num(cr), num(rv.Diff), num(Relative(tr, cr)), num(rv.Low), num(rv.High), num(rv.Stat), num(rv.DF), num(rv.P),
		num(u.Incremental),
	}
}

func rate(x, n int64) float64 {
	if n == 0 {
		return math.NaN()
	}
	return float64(x) / float64(n)
}

// num turns the NaN of undefined statistics into NULL.
func num(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}
