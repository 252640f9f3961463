package rfm

import (
	"slices"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

func matrixCol(name string, t sql.Type) *sql.Column {
	return &sql.Column{Name: name, Type: t, Source: "dimension_matrix", Nullable: true}
}

var matrixSchema = sql.Schema{
	matrixCol("a_value", varchar(100)),
	matrixCol("b_value", varchar(100)),
	matrixCol("contacts", types.Int64),
	matrixCol("customers", types.Int64),
	matrixCol("orders", types.Int64),
	matrixCol("revenue", moneyType),
	matrixCol("share", types.Float64),
	matrixCol("share_of_a", types.Float64),
	matrixCol("share_of_b", types.Float64),
}

// Measures the shares of dimension_matrix can be taken of.
var matrixMeasures = []string{"contacts", "customers", "orders", "revenue"}

// cell accumulates one (a, b) pair of dimension_matrix.
type cell struct{ contacts, customers, orders, revenue int64 }

func (c *cell) add(x *Customer) {
	c.contacts++
	if x.Orders > 0 {
		c.customers++
		c.orders += int64(x.Orders)
		c.revenue += x.Revenue
	}
}

// of returns the measure m (an index into matrixMeasures).
func (c *cell) of(m int) int64 {
	return [...]int64{c.contacts, c.customers, c.orders, c.revenue}[m]
}

func (c *cell) plus(o cell) {
	c.contacts += o.contacts
	c.customers += o.customers
	c.orders += o.orders
	c.revenue += o.revenue
}

// dimensionMatrixRows is dimension_matrix([dim_a [, dim_b [, measure [,
// as_of [, active_days [, lapsed_days]]]]]]): one row for every pair of a
// value of dim_a and a value of dim_b met among the contacts, with the
// pair's contacts, customers, orders and revenue, and the measure's share
// of the total, of its a value and of its b value.
func dimensionMatrixRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // what it gathers is garbage once its rows are built
	defer g.Release()
	const fn = "dimension_matrix"
	a, err := parseDim(fn, args, 0, "lifecycle")
	if err != nil {
		return nil, err
	}
	b, err := parseDim(fn, args, 1, "engagement")
	if err != nil {
		return nil, err
	}
	m, err := parseMeasure(fn, args, 2)
	if err != nil {
		return nil, err
	}
	asOf, set, err := sqlfn.Date(fn, args, 3)
	if err != nil {
		return nil, err
	}
	d, ls, err := gatherDims(g, fn, env, asOf, set, []string{a, b}, args, 4)
	if err != nil || d.empty {
		return nil, err
	}
	return matrix(d, ls[0], ls[1], m), nil
}

func parseMeasure(fn string, args []any, i int) (int, error) {
	s, err := sqlfn.String(fn, args, i, "contacts")
	if err != nil {
		return 0, err
	}
	m := slices.Index(matrixMeasures, strings.ToLower(strings.TrimSpace(s)))
	if m < 0 {
		return 0, sqlfn.ErrArg(fn, "argument %d: unknown measure %q (one of %s)", i+1, s, strings.Join(matrixMeasures, ", "))
	}
	return m, nil
}

// matrix groups the contacts by both labels and fills every pair.
func matrix(d *data, la, lb *labeler, m int) []sql.Row {
	type pair struct{ a, b string }
	cells := map[pair]*cell{}
	rowTot, colTot := map[string]*cell{}, map[string]*cell{}
	var total cell
	for i := range d.cs {
		c := &d.cs[i]
		if !c.Contact {
			continue
		}
		k := pair{la.label(c), lb.label(c)}
		x := cells[k]
		if x == nil {
			x = &cell{}
			cells[k] = x
		}
		x.add(c)
	}
	for k, x := range cells {
		addTo(rowTot, k.a, *x)
		addTo(colTot, k.b, *x)
		total.plus(*x)
	}
	as, bs := sortedKeys(rowTot), sortedKeys(colTot)
	rows := make([]sql.Row, 0, len(as)*len(bs))
	for _, av := range as {
		for _, bv := range bs {
			var x cell
			if p := cells[pair{av, bv}]; p != nil {
				x = *p
			}
			v := float64(x.of(m))
			rows = append(rows, sql.Row{nullStr(av), nullStr(bv), x.contacts, x.customers, x.orders,
				decimal.New(x.revenue, -d.scale), ratio(v, total.of(m)), ratio(v, rowTot[av].of(m)), ratio(v, colTot[bv].of(m))})
		}
	}
	return rows
}

func addTo(m map[string]*cell, k string, x cell) {
	if m[k] == nil {
		m[k] = &cell{}
	}
	m[k].plus(x)
}

// sortedKeys returns the keys in ascending order ("", NULL, first as
// ORDER BY puts NULLs).
func sortedKeys(m map[string]*cell) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
