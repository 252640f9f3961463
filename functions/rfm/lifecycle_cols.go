package rfm

import (
	"io"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/batch"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// lifecycle()'s columns in lifecycleSchema order.
const (
	lcID = iota
	lcSignup
	lcOrders
	lcRevenue
	lcFirst
	lcLast
	lcRecency
	lcStage
	lcStatus
	lcBuyer
	lcTier
	lcEngagement
	lcEmarsysBuyer
	lcEmarsysLead
	lcCols
)

// lcRowBytes is what a lifecycleResult keeps per contact: seven integer
// columns, seven codes, two null flags.
const lcRowBytes = 7*8 + 7*4 + 2

// lifecycleResult is lifecycle()'s result column by column, one entry
// per contact in customer order, each column in the batch form of its
// lifecycleSchema type (contract/batch), except revenue when orders'
// amounts have more decimals than the column (then the amounts as
// stored, rounded row by row). Concurrent statements share it
// (sqlfn.Flights): nothing mutates it once built.
type lifecycleResult struct {
	n     int
	scale int32 // decimal scale of orders.amount
	cols  [lcCols]batch.Col
	boxes [lcCols][]any // each string column's Dict, boxed once for rows
}

// scaled reports whether revenue is at the column's scale (moneyScale),
// so the columns are the batch form of every value.
func (r *lifecycleResult) scaled() bool { return r.scale <= moneyScale }

// lifecycleIter is lifecycle([as_of [, active_days [, lapsed_days]]]):
// one row per contact signed up on or before as_of, in customer order,
// as rows or column batches (batch.Iter).
//
// What it computes is charged to the statement's memory until the
// iterator is closed.
func lifecycleIter(ctx *sql.Context, env sqlfn.Env, args []any) (sql.RowIter, error) {
	g := sqlfn.NewGuard(ctx)
	v, err := sqlfn.Share(ctx, &shared, env, "lifecycle", args, func() (any, error) {
		return lifecycleColumns(ctx, g, env, args)
	})
	if err != nil {
		g.Release()
		return nil, err
	}
	r := v.(*lifecycleResult)
	if r == nil {
		g.Release()
		return sql.RowsToRowIter(), nil
	}
	it := &lifecycleRowIter{r: r, g: g}
	if !r.scaled() {
		return it, nil
	}
	return &lifecycleBatchIter{lifecycleRowIter: it}, nil
}

// lifecycleRows is lifecycle() as a slice, for callers of the module's
// Rows.
func lifecycleRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	it, err := lifecycleIter(ctx, env, args)
	if err != nil {
		return nil, err
	}
	defer it.Close(ctx)
	var rows []sql.Row
	for {
		row, err := it.Next(ctx)
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
}

// lifecycleColumns computes the result; nil without data. What it reads
// is charged to a guard of its own, released when the columns (charged
// to g) are built.
func lifecycleColumns(ctx *sql.Context, g *sqlfn.Guard, env sqlfn.Env, args []any) (*lifecycleResult, error) {
	work := sqlfn.NewGuard(ctx)
	defer work.Release()
	const fn = "lifecycle"
	asOf, set, err := sqlfn.Date(fn, args, 0)
	if err != nil {
		return nil, err
	}
	d, err := gather(work, fn, env, asOf, set, need{events: true, contacts: true, days: !windowsGiven(args, 1)})
	if err != nil || d.empty {
		return nil, err
	}
	w, err := windows(fn, env, d, args, 1)
	if err != nil {
		return nil, err
	}
	p, err := loadParams(fn, env, d.db)
	if err != nil {
		return nil, err
	}
	n := 0
	for i := range d.cs {
		if d.cs[i].Contact {
			n++
		}
	}
	if err := g.Grow(int64(n) * lcRowBytes); err != nil {
		return nil, err
	}
	r := &lifecycleResult{n: n, scale: d.scale}
	// The buyers' monetary scores (a selection over their revenues) are
	// computed on another core while the other columns are filled.
	ms := make(chan []uint8, 1)
	go func() { ms <- monetaryScores(d, &p) }()
	r.fill(d, w, ms)
	return r, nil
}

// fill computes the columns of d's contacts; emarsys_buyer_status last,
// from the monetary scores ms (by index into d.cs) once they come.
func (r *lifecycleResult) fill(d *data, w Windows, ms <-chan []uint8) {
	n := r.n
	var ints [lcStage][]int64
	for c := range ints {
		ints[c] = make([]int64, n)
	}
	var strs [lcCols]dictCol
	for c := lcStage; c < lcCols; c++ {
		strs[c].codes = make([]uint32, n)
	}
	lead, buyer := make([]bool, n), make([]bool, n)
	unit := int64(1)
	if r.scaled() {
		unit = int64(pow10(moneyScale - r.scale))
	}
	baseRev, baseOrders := d.base()
	k := 0
	for i := range d.cs {
		c := &d.cs[i]
		if !c.Contact {
			continue
		}
		rec := d.recency(c)
		ints[lcID][k], ints[lcSignup][k], ints[lcOrders][k] = c.ID, c.Signup, int64(c.Orders)
		ints[lcRevenue][k] = c.Revenue * unit
		strs[lcStage].set(k, EmarsysStage(c.Orders, rec, w))
		strs[lcStatus].set(k, OmetriaStatus(c.Orders, rec, w))
		strs[lcBuyer].setOrNull(k, BuyerStatus(c.Orders), n)
		strs[lcTier].setOrNull(k, ValueTier(c.Revenue, c.Orders, baseRev, baseOrders), n)
		strs[lcEngagement].set(k, EngagementLevel(d.engagement(c)))
		if c.Orders > 0 {
			buyer[k] = true
			ints[lcFirst][k], ints[lcLast][k], ints[lcRecency][k] = dayOf(c.First), dayOf(c.Last), rec
		} else {
			lead[k] = true
			strs[lcEmarsysLead].set(k, EmarsysLeadStatus(c.Opens+c.Clicks+c.Visits > 0, c.Earlier > 0, d.asOf-c.Signup))
		}
		k++
	}
	r.fillBuyerStatus(d, &strs[lcEmarsysBuyer], <-ms)
	for c := range ints {
		r.cols[c].Ints = ints[c]
	}
	r.cols[lcFirst].Nulls, r.cols[lcLast].Nulls, r.cols[lcRecency].Nulls = lead, lead, lead
	strs[lcEmarsysBuyer].nulls, strs[lcEmarsysLead].nulls = lead, buyer
	for c := lcStage; c < lcCols; c++ {
		r.cols[c], r.boxes[c] = strs[c].col()
	}
}

// fillBuyerStatus sets the emarsys_buyer_status of d's buyers from
// their monetary scores ms.
func (r *lifecycleResult) fillBuyerStatus(d *data, col *dictCol, ms []uint8) {
	k := 0
	for i := range d.cs {
		c := &d.cs[i]
		if !c.Contact {
			continue
		}
		if c.Orders > 0 {
			col.set(k, EmarsysBuyerStatus(ms[i]))
		}
		k++
	}
}

// dictCol builds a string column of few distinct values as codes into a
// dictionary (lifecycle's labels: a handful each).
type dictCol struct {
	codes []uint32
	dict  []string
	nulls []bool
}

func (c *dictCol) set(k int, s string) {
	for j, x := range c.dict {
		if x == s {
			c.codes[k] = uint32(j)
			return
		}
	}
	c.codes[k] = uint32(len(c.dict))
	c.dict = append(c.dict, s)
}

// setOrNull sets row k to s, or NULL for "" (nullStr), of n rows.
func (c *dictCol) setOrNull(k int, s string, n int) {
	if s != "" {
		c.set(k, s)
		return
	}
	if c.nulls == nil {
		c.nulls = make([]bool, n)
	}
	c.nulls[k] = true
}

// col is the column, and its dictionary boxed. A NULL row's code is 0,
// a code of the dictionary (which is not empty) like any other.
func (c *dictCol) col() (batch.Col, []any) {
	if len(c.dict) == 0 {
		c.dict = []string{""}
	}
	boxes := make([]any, len(c.dict))
	for j, s := range c.dict {
		boxes[j] = s
	}
	return batch.Col{Codes: c.codes, Dict: c.dict, Nulls: c.nulls}, boxes
}

// row is contact i's result row, as lifecycle()'s rows have always been
// (revenue at orders.amount's scale).
func (r *lifecycleResult) row(i int) sql.Row {
	row := make(sql.Row, lcCols)
	for c := range r.cols {
		col := &r.cols[c]
		if col.Nulls != nil && col.Nulls[i] {
			continue
		}
		switch c {
		case lcID, lcOrders, lcRecency:
			row[c] = col.Ints[i]
		case lcSignup, lcFirst, lcLast:
			row[c] = dateOf(col.Ints[i])
		case lcRevenue:
			v := col.Ints[i]
			if r.scaled() {
				v /= int64(pow10(moneyScale - r.scale))
			}
			row[c] = money(v, r.scale)
		default:
			row[c] = r.boxes[c][col.Codes[i]]
		}
	}
	return row
}

// lifecycleRowIter yields a lifecycleResult's rows.
type lifecycleRowIter struct {
	r *lifecycleResult
	g *sqlfn.Guard // holds the charge of r until Close
	i int
}

func (it *lifecycleRowIter) Next(*sql.Context) (sql.Row, error) {
	if it.i >= it.r.n {
		return nil, io.EOF
	}
	it.i++
	return it.r.row(it.i - 1), nil
}

func (it *lifecycleRowIter) Close(*sql.Context) error {
	it.g.Release()
	return nil
}

// lifecycleBatchIter is lifecycleRowIter that also yields its rows as
// column batches: slices of the result's columns.
type lifecycleBatchIter struct {
	*lifecycleRowIter
	b batch.Batch
}

var _ batch.Kept = (*lifecycleBatchIter)(nil)

// KeptBatches implements batch.Kept: the batches are slices of the
// result, which nothing mutates.
func (it *lifecycleBatchIter) KeptBatches() bool { return true }

func (it *lifecycleBatchIter) NextBatch(_ *sql.Context, max int) (*batch.Batch, error) {
	lo := it.i
	hi := min(it.r.n, lo+max)
	if hi <= lo {
		return nil, io.EOF
	}
	if it.b.Cols == nil {
		it.b.Cols = make([]batch.Col, lcCols)
	}
	for c := range it.r.cols {
		it.b.Cols[c] = colRange(&it.r.cols[c], lo, hi)
	}
	it.b.N, it.i = hi-lo, hi
	return &it.b, nil
}

// colRange is rows lo..hi of c.
func colRange(c *batch.Col, lo, hi int) batch.Col {
	out := batch.Col{Dict: c.Dict}
	if c.Ints != nil {
		out.Ints = c.Ints[lo:hi]
	}
	if c.Codes != nil {
		out.Codes = c.Codes[lo:hi]
	}
	if c.Nulls != nil {
		out.Nulls = c.Nulls[lo:hi]
	}
	return out
}
