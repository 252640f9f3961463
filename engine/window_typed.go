package engine

import (
	"io"
	"math"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/batch"
)

// A window over a vectorised GROUP BY (NTILE scores over per-customer
// aggregates, Q2) reads its input as typed columns (aggIter's batches
// of the Project between them) instead of one sql.Row per group, sorts
// on those columns, and hands its own result to the server as batches
// too. Its rows, when something reads them, are the ones the row path
// builds.

// typedWindows counts windows computed on typed columns (for tests).
var typedWindows atomic.Int64

// typedCol is one column of a window's input, all groups.
type typedCol struct {
	typ   sql.Type
	ints  []int64 // integer columns
	flts  []float64
	nulls []bool // nil: no NULL
}

// value is row i's value as the row path holds it.
func (c *typedCol) value(i int) any {
	if c.nulls != nil && c.nulls[i] {
		return nil
	}
	if c.flts != nil {
		return c.flts[i]
	}
	x := c.ints[i]
	if dt, ok := c.typ.(sql.DecimalType); ok {
		return decimal.New(x, -int32(dt.Scale())) // a batch's DECIMAL is scaled
	}
	switch c.typ {
	case types.Int32:
		return int32(x)
	case types.Int16:
		return int16(x)
	case types.Int8:
		return int8(x)
	}
	return x
}

// typedWindowInput reads w's input as typed columns when it is a Project
// over a vectorised GROUP BY (under a SubqueryAlias) whose projections
// aggIter computes as batches; ok is false otherwise, before anything
// ran.
func typedWindowInput(ctx *sql.Context, w *plan.Window, row sql.Row) (cols []typedCol, ok bool, err error) {
	child := w.Child
	if sq, isSQ := child.(*plan.SubqueryAlias); isSQ {
		if sq.OuterScopeVisibility || sq.IsLateral {
			return nil, false, nil
		}
		child, row = sq.Child, nil // as GMS builds a subquery
	}
	p, isProj := child.(*plan.Project)
	if !isProj {
		return nil, false, nil
	}
	va, isVA := p.Child.(*vectorAgg)
	if !isVA {
		return nil, false, nil
	}
	sch := p.Schema()
	probe := newAggIter(newAggState(va.spec))
	if _, ok := probe.ProjectBatches(ctx, sch, p.Projections); !ok {
		return nil, false, nil
	}
	iter, err := va.RowIter(ctx, row)
	if err != nil {
		return nil, false, err
	}
	defer iter.Close(ctx)
	ai, isAgg := iter.(*aggIter)
	if !isAgg {
		return nil, false, nil // cannot happen: vectorAgg's iterator
	}
	src, ok := ai.ProjectBatches(ctx, sch, p.Projections)
	if !ok {
		return nil, false, nil
	}
	if cols, err = readColumns(ctx, src, sch); err != nil {
		return nil, false, err
	}
	return cols, true, nil
}

// add appends n rows of a batch column; at is the row count before.
func (c *typedCol) add(b *batch.Col, at, n int) {
	if b.Floats != nil {
		c.flts = append(c.flts, b.Floats[:n]...)
	} else {
		c.ints = append(c.ints, b.Ints[:n]...)
	}
	if b.Nulls != nil {
		if c.nulls == nil {
			c.nulls = make([]bool, at, at+n)
		}
		c.nulls = append(c.nulls, b.Nulls[:n]...)
	} else if c.nulls != nil {
		c.nulls = append(c.nulls, make([]bool, n)...)
	}
}

func (c *typedCol) len() int { return max(len(c.ints), len(c.flts)) }

// rowsOfColumns builds the input rows from the columns (for GMS's window
// iterator, when the typed path does not apply after all).
func rowsOfColumns(cols []typedCol) []sql.Row {
	n := 0
	if len(cols) > 0 {
		n = cols[0].len()
	}
	rows := make([]sql.Row, n)
	vals := make([]any, n*len(cols))
	for i := range rows {
		row := vals[i*len(cols) : (i+1)*len(cols) : (i+1)*len(cols)]
		for c := range cols {
			row[c] = cols[c].value(i)
		}
		rows[i] = row
	}
	return rows
}

// typedWindow is the result of a fastWindow over typed columns: per
// select expression, either an input column or a window's values.
type typedWindow struct {
	fw   *fastWindow
	in   []typedCol
	srcs []int   // input column of a pass-through expression, or -1
	outs [][]any // window values (NTILE's uint64 buckets), by expression
	n, i int
	slab []any
	b    batch.Batch
}

var _ batch.Iter = (*typedWindow)(nil)

// typedRowIter computes fw over typed input columns; ok is false when a
// select expression or sort key is not a plain column, a sort key holds
// a NULL, or a window is not typed DOUBLE (NTILE is).
func (fw *fastWindow) typedRowIter(ctx *sql.Context, in []typedCol) (it *typedWindow, ok bool, err error) {
	tw := &typedWindow{fw: fw, in: in, srcs: make([]int, len(fw.funcs)), outs: make([][]any, len(fw.funcs))}
	if len(in) > 0 {
		tw.n = in[0].len()
	}
	var windows []int
	for j, f := range fw.funcs {
		tw.srcs[j] = -1
		if f.fn == nil {
			gf, isGF := f.expr.(*expression.GetField)
			if !isGF || gf.Index() < 0 || gf.Index() >= len(in) {
				return nil, false, nil
			}
			tw.srcs[j] = gf.Index()
			continue
		}
		if f.fn.Type() != types.Float64 {
			return nil, false, nil
		}
		for _, sf := range f.order {
			gf, isGF := sf.Column.(*expression.GetField)
			if !isGF || gf.Index() < 0 || gf.Index() >= len(in) || in[gf.Index()].nulls != nil {
				return nil, false, nil
			}
			if t := sf.Column.Type(); !scaledInt(t) && !types.IsFloat(t) {
				return nil, false, nil
			}
		}
		windows = append(windows, j)
	}
	err = inParallel(len(windows), func(w int) error {
		j := windows[w]
		f := fw.funcs[j]
		vals, err := computeValues(ctx, f.fn, tw.sortedPositions(f.order))
		tw.outs[j] = vals
		return err
	})
	if err != nil {
		return nil, false, err
	}
	fastWindows.Add(1)
	typedWindows.Add(1)
	return tw, true, nil
}

// computeValues is compute into a slice of values by input position.
func computeValues(ctx *sql.Context, wa sql.WindowAggregation, perm []int) ([]any, error) {
	fn, err := wa.NewWindowFunction()
	if err != nil {
		return nil, err
	}
	part := sql.WindowInterval{Start: 0, End: len(perm)}
	if err := fn.StartPartition(ctx, part, nil); err != nil {
		return nil, err
	}
	vals := make([]any, len(perm))
	for _, i := range perm {
		vals[i] = fn.Compute(ctx, part, nil)
	}
	return vals, nil
}

// sortedPositions is sortedPositions over the typed columns.
func (tw *typedWindow) sortedPositions(order sql.SortFields) []int {
	nk := len(order)
	recs := make([]uint64, tw.n*(nk+1))
	for k, sf := range order {
		c := &tw.in[sf.Column.(*expression.GetField).Index()]
		inv := uint64(0)
		if sf.Order == sql.Descending {
			inv = math.MaxUint64
		}
		isInt := scaledInt(sf.Column.Type())
		for r := range tw.n {
			var key uint64
			switch {
			case c.flts != nil && !isInt:
				key = floatKey(c.flts[r])
			case c.flts != nil:
				key = uint64(int64(c.flts[r])) ^ 1<<63 // not reached: integer columns hold ints
			default:
				key = uint64(c.ints[r]) ^ 1<<63
				if !isInt {
					key = floatKey(float64(c.ints[r]))
				}
			}
			recs[r*(nk+1)+k] = key ^ inv
		}
	}
	return sortedPerm(recs, tw.n, nk)
}

// scaledInt reports whether a batch holds t's values as integers whose
// order is the values' order: integers, and DECIMALs (scaled by 10^s,
// one scale per column).
func scaledInt(t sql.Type) bool { return types.IsInteger(t) || types.IsDecimal(t) }

// floatKey is orderedKey of a DOUBLE.
func floatKey(f float64) uint64 {
	if f == 0 {
		f = 0 // -0 sorts with +0
	}
	b := math.Float64bits(f)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

func (tw *typedWindow) Next(*sql.Context) (sql.Row, error) {
	if tw.i >= tw.n {
		return nil, io.EOF
	}
	w := len(tw.srcs)
	if len(tw.slab) < w {
		tw.slab = make([]any, 256*w)
	}
	row := sql.Row(tw.slab[:w:w])
	tw.slab = tw.slab[w:]
	for j, src := range tw.srcs {
		if src >= 0 {
			row[j] = tw.in[src].value(tw.i)
		} else {
			row[j] = tw.outs[j][tw.i]
		}
	}
	tw.i++
	return row, nil
}

func (tw *typedWindow) Close(*sql.Context) error { return nil }

// NextBatch hands out the select expressions' columns: input columns as
// they are, windows as DOUBLEs.
func (tw *typedWindow) NextBatch(_ *sql.Context, max int) (*batch.Batch, error) {
	n := min(max, tw.n-tw.i)
	if n <= 0 {
		return nil, io.EOF
	}
	if tw.b.Cols == nil {
		tw.b.Cols = make([]batch.Col, len(tw.srcs))
	}
	lo, hi := tw.i, tw.i+n
	for j, src := range tw.srcs {
		col := &tw.b.Cols[j]
		if src >= 0 {
			in := &tw.in[src]
			*col = batch.Col{}
			if in.flts != nil {
				col.Floats = in.flts[lo:hi]
			} else {
				col.Ints = in.ints[lo:hi]
			}
			if in.nulls != nil {
				col.Nulls = in.nulls[lo:hi]
			}
			continue
		}
		col.Floats = col.Floats[:0]
		for _, v := range tw.outs[j][lo:hi] {
			col.Floats = append(col.Floats, toFloat(v))
		}
	}
	tw.i = hi
	tw.b.N = n
	return &tw.b, nil
}

// toFloat is a window value (NTILE's uint64 bucket) as the DOUBLE its
// column is typed.
func toFloat(v any) float64 {
	switch x := v.(type) {
	case uint64:
		return float64(x)
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}
