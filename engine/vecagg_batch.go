package engine

import (
	"io"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/batch"
	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/storage"
)

// aggIter yields a vectorised GROUP BY's groups in order of first
// appearance, each row built when it is read. To the server's result
// path it also offers the statement's columns over the groups as typed
// batches (batch.Projector): a per-customer aggregate of a million
// groups is then written without a sql.Row, a boxed integer or a
// decimal per group.
type aggIter struct {
	s    *aggState
	g, n int32
	sel  []int32 // when not nil, the only groups to return (a HAVING passed them), in order
	k    int     // next index into sel
	slab []any   // rows are cut from it, 256 at a time
}

var _ batch.Projector = (*aggIter)(nil)

func newAggIter(s *aggState) *aggIter { return &aggIter{s: s, n: s.groups.n} }

func (it *aggIter) Next(*sql.Context) (sql.Row, error) {
	g := it.g
	if it.sel != nil {
		if it.k >= len(it.sel) {
			return nil, io.EOF
		}
		g = it.sel[it.k]
		it.k++
	} else if it.g >= it.n {
		return nil, io.EOF
	} else {
		it.g++
	}
	w := len(it.s.accs)
	if len(it.slab) < w {
		it.slab = make([]any, 256*w)
	}
	row := sql.Row(it.slab[:w:w])
	it.slab = it.slab[w:]
	if err := it.s.fill(row, g); err != nil {
		return nil, err
	}
	return row, nil
}

func (it *aggIter) Close(*sql.Context) error { return nil }

// fill writes group g's output values into row.
func (s *aggState) fill(row sql.Row, g int32) error {
	for i, a := range s.accs {
		v, err := a.result(g)
		if err != nil {
			return err
		}
		row[i] = v
	}
	return nil
}

// colFill writes groups g0 … g0+n-1 of one result column into col.
type colFill func(ctx *sql.Context, g0 int32, n int, col *batch.Col) error

// aggBatches is an aggIter read as batches of projected columns.
type aggBatches struct {
	*aggIter
	fills []colFill
	b     batch.Batch
}

// ProjectBatches implements batch.Projector for the projections the
// Q1 kind of query has: group keys and counts (integers), SUM of a
// DECIMAL read as DOUBLE, and DATEDIFF between a literal and MIN/MAX of
// a DATE or DATETIME column. Anything else is read as rows.
func (it *aggIter) ProjectBatches(ctx *sql.Context, schema sql.Schema, projs []sql.Expression) (batch.Iter, bool) {
	if it.g != 0 || it.sel != nil {
		return nil, false
	}
	ab := &aggBatches{aggIter: it, b: batch.Batch{Cols: make([]batch.Col, len(schema))}}
	for i, col := range schema {
		var e sql.Expression
		if projs == nil {
			if i >= len(it.s.accs) {
				return nil, false
			}
			e = expression.NewGetField(i, col.Type, col.Name, col.Nullable)
		} else {
			e = projs[i]
		}
		f := ab.fillFor(e, col.Type)
		if f == nil {
			return nil, false
		}
		ab.fills = append(ab.fills, f)
	}
	return ab, true
}

func (ab *aggBatches) NextBatch(ctx *sql.Context, max int) (*batch.Batch, error) {
	n := int(min(int64(max), int64(ab.n-ab.g)))
	if n <= 0 {
		return nil, io.EOF
	}
	for c, f := range ab.fills {
		col := &ab.b.Cols[c]
		col.Nulls = col.Nulls[:0]
		if err := f(ctx, ab.g, n, col); err != nil {
			return nil, err
		}
		if len(col.Nulls) == 0 {
			col.Nulls = nil // no NULL in this batch
		}
	}
	ab.g += int32(n)
	ab.b.N = n
	return &ab.b, nil
}

// fillFor is the batch computation of projection e, whose result type
// is t; nil when there is none.
func (ab *aggBatches) fillFor(e sql.Expression, t sql.Type) colFill {
	if a, ok := e.(*expression.Alias); ok {
		e = a.Child
	}
	accs := ab.s.accs
	switch e := e.(type) {
	case *expression.GetField:
		if e.Index() < 0 || e.Index() >= len(accs) {
			return nil
		}
		if dt, ok := t.(sql.DecimalType); ok {
			return decimalSumFill(accs[e.Index()], dt)
		}
		if !isSignedInt(t) {
			return nil
		}
		return intFill(accs[e.Index()])
	case *dateDiff:
		if t != types.Int64 {
			return nil
		}
		return ab.dateDiffFill(e)
	}
	return nil
}

func isSignedInt(t sql.Type) bool {
	return t == types.Int64 || t == types.Int32 || t == types.Int16 || t == types.Int8
}

// intFill reads integer results: counts, and group keys of a signed
// integer column.
func intFill(a accumulator) colFill {
	switch a := a.(type) {
	case *countAcc:
		return func(_ *sql.Context, g0 int32, n int, col *batch.Col) error {
			col.Ints = append(col.Ints[:0], a.n[g0:int(g0)+n]...)
			return nil
		}
	case *distinctAcc:
		return func(_ *sql.Context, g0 int32, n int, col *batch.Col) error {
			if a.counts == nil {
				a.count()
			}
			col.Ints = append(col.Ints[:0], a.counts[g0:int(g0)+n]...)
			return nil
		}
	case *keyAcc:
		if a.def.codec.kind != storage.KindInt || a.def.codec.class != classInt {
			return nil
		}
		return func(_ *sql.Context, g0 int32, n int, col *batch.Col) error {
			col.Ints = col.Ints[:0]
			for g := g0; g < g0+int32(n); g++ {
				x, null := a.key64(g)
				col.Ints = append(col.Ints, x)
				markNull(col, int(g-g0), null)
			}
			return nil
		}
	}
	return nil
}

// key64 is group g's key value, as result reports it before decoding.
func (a *keyAcc) key64(g int32) (x int64, null bool) {
	if a.groups.mode == modeInt {
		return a.groups.intKeys[g], g == a.groups.null
	}
	k := a.groups.pairKeys[g]
	if a.key == 1 {
		return k.b, k.nb
	}
	return k.a, k.na
}

// markNull records row j of col as NULL (or not) in col.Nulls, which is
// only materialised once a batch has a NULL.
func markNull(col *batch.Col, j int, null bool) {
	if !null {
		if len(col.Nulls) > 0 {
			col.Nulls = append(col.Nulls, false)
		}
		return
	}
	for len(col.Nulls) < j {
		col.Nulls = append(col.Nulls, false)
	}
	col.Nulls = append(col.Nulls, true)
}

// decimalSumFill is SUM of an integer or DECIMAL column as the DECIMAL
// of type t (mysqlfn.Sum): the exact sums, scaled as t.
func decimalSumFill(acc accumulator, t sql.DecimalType) colFill {
	a, ok := acc.(*sumAcc)
	if !ok || a.def.op != aggSum || int32(t.Scale()) != a.scale() {
		return nil
	}
	return func(_ *sql.Context, g0 int32, n int, col *batch.Col) error {
		if a.overflow {
			_, err := a.result(g0)
			return err
		}
		col.Ints = col.Ints[:0]
		for g := g0; g < g0+int32(n); g++ {
			col.Ints = append(col.Ints, a.sum[g])
			markNull(col, int(g-g0), a.n[g] == 0)
		}
		return nil
	}
}

// dateDiffFill is DATEDIFF between a literal and MIN/MAX of a DATE or
// DATETIME column, in days; values outside years 1000-9999 are
// evaluated as the row path does (which is where conversion errors
// come from).
func (ab *aggBatches) dateDiffFill(d *dateDiff) colFill {
	var gf *expression.GetField
	var lit int64
	var litLeft bool
	switch {
	case d.left != nil:
		gf, _ = d.RightChild.(*expression.GetField)
		lit, litLeft = *d.left, true
	case d.right != nil:
		gf, _ = d.LeftChild.(*expression.GetField)
		lit = *d.right
	}
	if gf == nil || gf.Index() < 0 || gf.Index() >= len(ab.s.accs) {
		return nil
	}
	ex, ok := ab.s.accs[gf.Index()].(*extremeAcc)
	if !ok || (ex.def.codec.class != classDatetime && ex.def.codec.class != classDate) {
		return nil
	}
	perDay := int64(1)
	if ex.def.codec.class == classDatetime {
		perDay = calendar.MicrosPerDay
	}
	lo, hi := calendar.DaysFromCivil(1000, 1, 1), calendar.DaysFromCivil(10000, 1, 1)
	row := make(sql.Row, len(ab.s.accs))
	return func(ctx *sql.Context, g0 int32, n int, col *batch.Col) error {
		col.Ints = col.Ints[:0]
		for g := g0; g < g0+int32(n); g++ {
			j := int(g - g0)
			if !ex.seen[g] {
				col.Ints = append(col.Ints, 0)
				markNull(col, j, true)
				continue
			}
			day := calendar.FloorDiv(ex.val[g], perDay)
			if day < lo || day >= hi {
				v, err := ab.evalAt(ctx, d, row, g)
				if err != nil {
					return err
				}
				x, isInt := v.(int64)
				col.Ints = append(col.Ints, x)
				markNull(col, j, !isInt)
				continue
			}
			if litLeft {
				col.Ints = append(col.Ints, lit-day)
			} else {
				col.Ints = append(col.Ints, day-lit)
			}
			markNull(col, j, false)
		}
		return nil
	}
}

// evalAt evaluates e over group g's row, as a Project would.
func (ab *aggBatches) evalAt(ctx *sql.Context, e sql.Expression, row sql.Row, g int32) (any, error) {
	if err := ab.s.fill(row, g); err != nil {
		return nil, err
	}
	return e.Eval(ctx, row)
}
