package server

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/batch"
	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/contract/floattext"
)

// The column-batch result path: when a statement's rows come straight
// from an iterator that yields column batches (batch.Iter, e.g.
// SELECT * FROM rfm()) through wrappers that only track, commit or close
// expressions, and the statement selects the iterator's columns as they
// are, the rows are written from the typed vectors: no sql.Row, boxed
// integer, time.Time or decimal per row. The bytes are the ones the row
// path writes (results_batch_test.go compares them).

// batchFormat writes the wire value of row j of one batch column.
type batchFormat func(ctx *sql.Context, col *batch.Col, j int, dst []byte) (sqltypes.Value, error)

// batchPlan is how a result is read from a batch.Iter.
type batchPlan struct {
	src     batch.Iter
	tracked *plan.TrackedRowIter // sets FOUND_ROWS from the rows it counted; nil when absent
	cols    []int                // batch column of each result column
	fmts    []batchFormat
}

// batchSource finds the batch.Iter under iter's wrappers when the
// deferred projections (nil, or one per result column) only pick its
// columns, or a batch.Projector that computes them; ok is false
// otherwise.
func batchSource(ctx *sql.Context, schema sql.Schema, iter sql.RowIter, projs []sql.Expression) (p batchPlan, ok bool) {
	for {
		switch it := iter.(type) {
		case batch.Iter:
			p.src = it
			return p, p.pick(ctx, schema, projs)
		case batch.Projector:
			src, ok := it.ProjectBatches(ctx, schema, projs)
			if !ok {
				return p, false
			}
			p.src = src
			return p, p.pick(ctx, schema, nil)
		default:
			inner, tracked, ok := unwrapGMSIter(iter)
			if !ok {
				return p, false
			}
			if p.tracked == nil {
				p.tracked = tracked
			}
			iter = inner
		}
	}
}

// pick maps the result columns to batch columns and chooses their
// formats; false when a projection computes something or a column type
// has no batch form.
func (p *batchPlan) pick(ctx *sql.Context, schema sql.Schema, projs []sql.Expression) bool {
	for i, col := range schema {
		src := i
		if projs != nil {
			e := projs[i]
			if a, ok := e.(*expression.Alias); ok {
				e = a.Child
			}
			gf, ok := e.(*expression.GetField)
			if !ok {
				return false
			}
			src = gf.Index()
		}
		f := batchFormatFor(ctx, col.Type)
		if f == nil {
			return false
		}
		p.cols, p.fmts = append(p.cols, src), append(p.fmts, f)
	}
	return true
}

// batchFormatFor is the batch writer of a column type, or nil.
func batchFormatFor(ctx *sql.Context, t sql.Type) batchFormat {
	generic := t.SQL
	switch {
	case t == types.Int64, t == types.Int32, t == types.Int16, t == types.Int8:
		return batchInt(t, generic)
	case t == types.Date:
		return batchDate(generic)
	case t == types.Float64:
		return batchFloat(generic)
	case types.IsText(t):
		return batchText(t, generic)
	}
	if dt, ok := t.(types.DecimalType_); ok {
		if write, ok := scaledDecimal(ctx, dt); ok {
			return batchDecimal(dt, write)
		}
	}
	return nil
}

// batchInt writes integers in the column type's range as digits; others
// go to the type, as an int64 row value would.
func batchInt(t sql.Type, generic valueFormat) batchFormat {
	lo, hi := int64(-1<<63), int64(1<<63-1)
	switch t {
	case types.Int32:
		lo, hi = -1<<31, 1<<31-1
	case types.Int16:
		lo, hi = -1<<15, 1<<15-1
	case types.Int8:
		lo, hi = -1<<7, 1<<7-1
	}
	typ := t.Type()
	return func(ctx *sql.Context, col *batch.Col, j int, dst []byte) (sqltypes.Value, error) {
		if col.Ints == nil {
			return sqltypes.Value{}, errBatchShape
		}
		x := col.Ints[j]
		if x < lo || x > hi {
			return generic(ctx, dst, x)
		}
		return sqltypes.MakeTrusted(typ, strconv.AppendInt(dst, x, 10)), nil
	}
}

// batchFloat writes finite DOUBLEs in MySQL's notation (floattext); NaN
// and infinities go to the type.
func batchFloat(generic valueFormat) batchFormat {
	return func(ctx *sql.Context, col *batch.Col, j int, dst []byte) (sqltypes.Value, error) {
		if col.Floats == nil {
			return sqltypes.Value{}, errBatchShape
		}
		x := col.Floats[j]
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return generic(ctx, dst, x)
		}
		return sqltypes.MakeTrusted(sqltypes.Float64, floattext.AppendDouble(dst, x)), nil
	}
}

// batchDate writes day numbers in years 1000-9999 as YYYY-MM-DD, others
// through the type.
func batchDate(generic valueFormat) batchFormat {
	return func(ctx *sql.Context, col *batch.Col, j int, dst []byte) (sqltypes.Value, error) {
		if col.Ints == nil {
			return sqltypes.Value{}, errBatchShape
		}
		y, m, d := calendar.CivilFromDays(col.Ints[j])
		if y < 1000 || y > 9999 {
			return generic(ctx, dst, calendar.Midnight(col.Ints[j]))
		}
		dst = strconv.AppendInt(dst, y, 10)
		dst = append(dst, '-')
		dst = append2(dst, int(m))
		dst = append(dst, '-')
		return sqltypes.MakeTrusted(sqltypes.Date, append2(dst, int(d))), nil
	}
}

// batchDecimal writes scaled coefficients; math.MinInt64, which has no
// positive counterpart, goes through the type.
func batchDecimal(dt types.DecimalType_, write func([]byte, int64) []byte) batchFormat {
	scale := int32(dt.Scale())
	return func(ctx *sql.Context, col *batch.Col, j int, dst []byte) (sqltypes.Value, error) {
		if col.Ints == nil {
			return sqltypes.Value{}, errBatchShape
		}
		c := col.Ints[j]
		if c == -1<<63 {
			return dt.SQL(ctx, dst, decimal.New(c, -scale))
		}
		return sqltypes.MakeTrusted(sqltypes.Decimal, write(dst, c)), nil
	}
}

// batchText writes strings through the type; a dictionary's values are
// converted once per batch column dictionary, not once per row.
func batchText(t sql.Type, generic valueFormat) batchFormat {
	var dict []string // the dictionary the cache was made from
	var cache []sqltypes.Value
	return func(ctx *sql.Context, col *batch.Col, j int, dst []byte) (sqltypes.Value, error) {
		switch {
		case col.Strs != nil:
			return generic(ctx, dst, col.Strs[j])
		case col.Codes == nil:
			return sqltypes.Value{}, errBatchShape
		}
		if !sameStrings(dict, col.Dict) {
			dict, cache = col.Dict, make([]sqltypes.Value, len(col.Dict))
			for k, s := range col.Dict {
				v, err := generic(ctx, nil, s)
				if err != nil {
					return sqltypes.Value{}, err
				}
				cache[k] = v
			}
		}
		k := col.Codes[j]
		if int(k) >= len(cache) {
			return sqltypes.Value{}, fmt.Errorf("result batch: code %d outside a dictionary of %d values", k, len(cache))
		}
		return cache[k], nil
	}
}

// sameStrings reports whether a and b are the same slice (not merely
// equal contents: a dictionary is assumed fixed while it is handed out).
func sameStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

var errBatchShape = fmt.Errorf("result batch: a column's vector does not match its SQL type")

// spoolBatches is spool for a batchPlan: batches of up to
// resultBatchRows rows, converted into the reused values and arena.
func (s *spooler) spoolBatches(cb mysql.ResultSpoolFn, p batchPlan) (r *sqltypes.Result, sent bool, err error) {
	r = &sqltypes.Result{Fields: s.fields}
	w := len(s.schema)
	var rows int64
	for {
		b, err := p.src.NextBatch(s.ctx, resultBatchRows)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, sent, s.flush(cb, r, err)
		}
		if b.N <= 0 || b.N > resultBatchRows {
			return nil, sent, fmt.Errorf("result batch of %d rows (want 1 to %d)", b.N, resultBatchRows)
		}
		if len(r.Rows) > 0 {
			if err := s.send(cb, r); err != nil {
				return nil, true, err
			}
			sent = true
		}
		for j := range b.N {
			out := s.vals[j*w : (j+1)*w : (j+1)*w]
			if err := s.convertBatch(p, b, j, out); err != nil {
				return nil, sent, s.flush(cb, r, err)
			}
			r.Rows = append(r.Rows, out)
		}
		rows += int64(b.N)
	}
	r.RowsAffected = uint64(len(r.Rows))
	if p.tracked != nil && p.tracked.ShouldSetFoundRows {
		s.foundRows = rows
	}
	return r, sent, nil
}

// convertBatch writes row j of b into out.
func (s *spooler) convertBatch(p batchPlan, b *batch.Batch, j int, out []sqltypes.Value) error {
	for i, c := range p.cols {
		if c >= len(b.Cols) {
			return fmt.Errorf("result batch has %d columns, column %d selected", len(b.Cols), c)
		}
		col := &b.Cols[c]
		if col.Nulls != nil && col.Nulls[j] {
			out[i] = sqltypes.NULL
			continue
		}
		s.room()
		val, err := p.fmts[i](s.ctx, col, j, s.arena[len(s.arena):])
		if err != nil {
			return err
		}
		s.claim(val)
		out[i] = val
	}
	return nil
}
