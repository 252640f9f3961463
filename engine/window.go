package engine

import (
	"math"
	"slices"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation/window"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// fastWindow executes a Window node whose functions are NTILE and
// ROW_NUMBER over one unpartitioned ORDER BY of numeric keys (the
// quintile scoring of RFM): each ordering is one typed sort of row
// positions, where GMS's window iterator sorted sql.Rows with
// reflection-based swaps and per-comparison type conversions, then
// sorted them back. Values are exactly GMS's; rows come out in input
// order like GMS's. Anything else, or a NULL or non-numeric key at run
// time, runs GMS's own window iterator.
type fastWindow struct {
	n     *plan.Window
	funcs []windowFunc // per select expression; fn == "" passes a value through
}

type windowFunc struct {
	fn    sql.WindowAggregation // nil for a plain expression
	expr  sql.Expression
	order sql.SortFields
}

// planFastWindow reports whether n can run as a fastWindow.
func planFastWindow(n *plan.Window) (*fastWindow, bool) {
	fw := &fastWindow{n: n}
	for _, e := range n.SelectExprs {
		if a, ok := e.(*expression.Alias); ok {
			e = a.Child
		}
		f := windowFunc{expr: e}
		switch e := e.(type) {
		case *window.NTile, *window.RowNumber:
			wa := e.(sql.WindowAggregation)
			w := wa.Window()
			if w == nil || len(w.PartitionBy) > 0 || w.Frame != nil || len(w.OrderBy) == 0 {
				return nil, false
			}
			f = windowFunc{fn: wa, order: w.OrderBy}
		case sql.WindowAggregation, sql.Aggregation:
			return nil, false
		}
		fw.funcs = append(fw.funcs, f)
	}
	return fw, true
}

func (fw *fastWindow) rowIter(ctx *sql.Context, child sql.RowIter, row sql.Row) (sql.RowIter, error) {
	rows, err := sql.RowIterToRows(ctx, child)
	if err != nil {
		return nil, err
	}
	return fw.rowsIter(ctx, rows, row)
}

// rowsIter computes the window over its input rows.
func (fw *fastWindow) rowsIter(ctx *sql.Context, rows []sql.Row, row sql.Row) (sql.RowIter, error) {
	out := make([]sql.Row, len(rows))
	vals := make([]any, len(rows)*len(fw.funcs))
	for i := range out {
		out[i] = vals[i*len(fw.funcs) : (i+1)*len(fw.funcs) : (i+1)*len(fw.funcs)]
	}
	// Plain columns first, in order; then the windows, which only read
	// rows and each write their own column, side by side when their
	// ordering is plain columns.
	var windows []int
	for j, f := range fw.funcs {
		if f.fn != nil && plainOrder(f.order) {
			windows = append(windows, j)
			continue
		}
		ok, err := fw.fill(ctx, f, j, rows, out)
		if err != nil {
			return nil, err
		}
		if !ok {
			return fw.gms(ctx, rows, row)
		}
	}
	oks := make([]bool, len(windows))
	err := inParallel(len(windows), func(w int) error {
		var err error
		oks[w], err = fw.fill(ctx, fw.funcs[windows[w]], windows[w], rows, out)
		return err
	})
	if err != nil {
		return nil, err
	}
	if slices.Contains(oks, false) {
		return fw.gms(ctx, rows, row)
	}
	fastWindows.Add(1)
	return sql.RowsToRowIter(out...), nil
}

// plainOrder reports whether every sort field is a column reference,
// which is safe to evaluate from several goroutines at once.
func plainOrder(order sql.SortFields) bool {
	for _, sf := range order {
		if _, ok := sf.Column.(*expression.GetField); !ok {
			return false
		}
	}
	return true
}

// fastWindows counts windows computed by fastWindow (for tests).
var fastWindows atomic.Int64

// fill computes column j of every output row; false means the keys
// are not all numeric and non-NULL.
func (fw *fastWindow) fill(ctx *sql.Context, f windowFunc, j int, rows, out []sql.Row) (bool, error) {
	if f.fn == nil {
		for i, r := range rows {
			v, err := f.expr.Eval(ctx, r)
			if err != nil {
				return false, err
			}
			out[i][j] = v
		}
		return true, nil
	}
	perm, ok, err := sortedPositions(ctx, f.order, rows)
	if err != nil || !ok {
		return false, err
	}
	return true, compute(ctx, f.fn, perm, out, j)
}

// compute runs GMS's own window function (NTILE's bucket state
// machine, ROW_NUMBER's counter) over the positions in sorted order; both
// read nothing but the partition's size.
func compute(ctx *sql.Context, wa sql.WindowAggregation, perm []int, out []sql.Row, j int) error {
	vals, err := computeValues(ctx, wa, perm)
	for i, v := range vals {
		out[i][j] = v
	}
	return err
}

// sortedPositions stably sorts row positions by the sort fields. Each
// key becomes an order-preserving uint64 (descending ones inverted), and
// rows are sorted as (keys…, position) records: the position breaks ties,
// so an unstable sort of compact records gives the stable order.
func sortedPositions(ctx *sql.Context, order sql.SortFields, rows []sql.Row) ([]int, bool, error) {
	nk := len(order)
	recs := make([]uint64, len(rows)*(nk+1)) // per row: nk keys, then the position
	for k, sf := range order {
		isInt := types.IsInteger(sf.Column.Type())
		if !isInt && !types.IsFloat(sf.Column.Type()) && !types.IsDecimal(sf.Column.Type()) {
			return nil, false, nil
		}
		for r, row := range rows {
			v, err := sf.Column.Eval(ctx, row)
			if err != nil {
				return nil, false, err
			}
			key, ok := orderedKey(v, isInt)
			if !ok {
				return nil, false, nil // NULLs and other types: GMS's rules
			}
			if sf.Order == sql.Descending {
				key = ^key
			}
			recs[r*(nk+1)+k] = key
		}
	}
	return sortedPerm(recs, len(rows), nk), true, nil
}

// sortedPerm fills the position word of n records of nk keys, sorts
// them and returns the positions in sorted order.
func sortedPerm(recs []uint64, n, nk int) []int {
	for r := range n {
		recs[r*(nk+1)+nk] = uint64(r)
	}
	recs = radixSortRecords(recs, nk+1, nk)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = int(recs[i*(nk+1)+nk])
	}
	return perm
}

// radixSortRecords sorts records of stride uint64s by their first nk
// words, most significant first, with a stable LSD radix sort on bytes
// (so records with equal keys keep their order). Byte positions where
// every record has the same value are skipped: small integers and ids
// vary in a few low bytes only.
func radixSortRecords(recs []uint64, stride, nk int) []uint64 {
	n := len(recs) / stride
	if n < 2 {
		return recs
	}
	passes := nk * 8
	hist := make([][256]int, passes)
	for r := 0; r < n; r++ {
		rec := recs[r*stride : r*stride+nk]
		for k, key := range rec {
			for b := 0; b < 8; b++ {
				hist[(nk-1-k)*8+b][byte(key>>(8*b))]++
			}
		}
	}
	src, dst := recs, make([]uint64, len(recs))
	for p := 0; p < passes; p++ {
		k, shift := nk-1-p/8, 8*(p%8)
		h := &hist[p]
		if h[byte(src[k]>>shift)] == n { // one value at this byte
			continue
		}
		var off [256]int
		sum := 0
		for v, c := range h {
			off[v] = sum
			sum += c
		}
		for r := 0; r < n; r++ {
			rec := src[r*stride : (r+1)*stride]
			v := byte(rec[k] >> shift)
			copy(dst[off[v]*stride:], rec)
			off[v]++
		}
		src, dst = dst, src
	}
	return src
}

// orderedKey maps an integer or a DOUBLE to a uint64 whose unsigned order
// is the value's numeric order (-0 and +0 equal, as SQL compares them).
func orderedKey(v any, isInt bool) (uint64, bool) {
	if d, ok := v.(decimal.Decimal); ok && !isInt {
		// Up to 15 significant digits a DECIMAL's nearest DOUBLE keeps
		// distinct values apart and in order; wider ones are GMS's.
		if c := d.Coefficient(); !c.IsInt64() || c.Int64() >= 1e15 || c.Int64() <= -1e15 {
			return 0, false
		}
		v = decimalFloat(d)
	}
	if u, ok := v.(uint64); ok && isInt && u <= math.MaxInt64 {
		v = int64(u)
	}
	if f, ok := v.(float64); ok && !isInt {
		return floatKey(f), true
	}
	i, ok := toInt64(v)
	if !ok || !isInt {
		return 0, false
	}
	return uint64(i.(int64)) ^ 1<<63, true
}

// gms runs GMS's window iterator over rows already read.
func (fw *fastWindow) gms(ctx *sql.Context, rows []sql.Row, row sql.Row) (sql.RowIter, error) {
	n, err := fw.n.WithChildren(&rowsNode{sch: fw.n.Child.Schema(), rows: rows})
	if err != nil {
		return nil, err
	}
	return rowexec.DefaultBuilder.Build(ctx, n, row)
}

// rowsNode replays materialised rows.
type rowsNode struct {
	sch  sql.Schema
	rows []sql.Row
}

var _ sql.ExecSourceRel = (*rowsNode)(nil)

func (r *rowsNode) Schema() sql.Schema   { return r.sch }
func (r *rowsNode) Resolved() bool       { return true }
func (r *rowsNode) IsReadOnly() bool     { return true }
func (r *rowsNode) String() string       { return "rows" }
func (r *rowsNode) Children() []sql.Node { return nil }
func (r *rowsNode) WithChildren(children ...sql.Node) (sql.Node, error) {
	return r, nil
}
func (r *rowsNode) RowIter(*sql.Context, sql.Row) (sql.RowIter, error) {
	return sql.RowsToRowIter(r.rows...), nil
}

// buildWindow runs w as a fastWindow when it qualifies (and vectorised
// execution is on); nil hands it back to GMS.
func (b *loadDataBuilder) buildWindow(ctx *sql.Context, w *plan.Window, row sql.Row) (sql.RowIter, error) {
	if b.base == nil || !vectorizeEnabled(ctx) {
		return nil, nil
	}
	fw, ok := planFastWindow(w)
	if !ok {
		return nil, nil
	}
	cols, typed, err := typedWindowInput(ctx, w, row)
	if err != nil {
		return nil, err
	}
	if typed {
		tw, ok, err := fw.typedRowIter(ctx, cols)
		switch {
		case err != nil:
			return nil, err
		case ok:
			return tw, nil
		}
		return fw.rowsIter(ctx, rowsOfColumns(cols), row)
	}
	child, err := b.base.Build(ctx, w.Child, row)
	if err != nil {
		return nil, err
	}
	// The window holds every input row until it is closed.
	t := membudget.NewTally(membudget.FromContext(ctx))
	it, err := fw.rowIter(ctx, &accountingIter{RowIter: child, tally: t, left: -1}, row)
	if err != nil {
		t.Release()
		return nil, err
	}
	return &releasingIter{RowIter: it, tally: t}, nil
}
