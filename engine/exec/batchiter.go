package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/batch"
)

// A compiled subtree's result reaches the server's result path as
// column batches (contract/batch) when the statement sends its columns
// as they are: the vectors are written to the wire without building a
// sql.Row or boxing a value per row (a per-customer GROUP BY answers a
// row per customer).

var _ batch.Projector = (*rowIter)(nil)

// ProjectBatches implements batch.Projector: the result's columns that
// projs pick (nil: all), when each one's layout is the batch form of
// its schema type; ok is false otherwise and the caller reads rows.
func (it *rowIter) ProjectBatches(_ *sql.Context, schema sql.Schema, projs []sql.Expression) (batch.Iter, bool) {
	cols := make([]int, len(schema))
	for i := range schema {
		cols[i] = i
		if projs == nil {
			continue
		}
		e := projs[i]
		if a, ok := e.(*expression.Alias); ok {
			e = a.Child
		}
		gf, ok := e.(*expression.GetField)
		if !ok || gf.Index() < 0 || gf.Index() >= len(it.types) {
			return nil, false
		}
		cols[i] = gf.Index()
	}
	for i, c := range cols {
		if c >= len(it.types) || !batchLayout(it.types[c], schema[i].Type) {
			return nil, false
		}
	}
	return &batchIter{rowIter: it, cols: cols, out: &batch.Batch{Cols: make([]batch.Col, len(cols))}}, true
}

// batchLayout reports whether values of layout t are what a batch.Col
// holds for the SQL type want.
func batchLayout(t ColType, want sql.Type) bool {
	switch {
	case want == types.Int64, want == types.Int32, want == types.Int16, want == types.Int8:
		return t.Phys == PInt
	case want == types.Date:
		return t.Phys == PDate
	case want == types.Float64:
		return t.Phys == PFloat
	case types.IsText(want):
		return t.Phys == PStr
	}
	if dt, ok := want.(sql.DecimalType); ok {
		return t.Phys == PDec && int(t.Scale) == int(dt.Scale())
	}
	return false
}

// batchIter hands out the result's batches, cut to the caller's max.
type batchIter struct {
	*rowIter
	cols []int
	out  *batch.Batch
}

// NextBatch hands out up to max rows of the stream's batch in place (an
// absent column's shared zeros as the row path reads them); the stream's
// next batch is asked for once this one is read.
func (it *batchIter) NextBatch(_ *sql.Context, max int) (*batch.Batch, error) {
	if err := it.advance(false); err != nil {
		return nil, err
	}
	b := it.b
	lo := it.pos
	hi := min(b.N, lo+max)
	for i, c := range it.cols {
		it.out.Cols[i] = colSlice(b.Cols[c], lo, hi)
	}
	it.out.N = hi - lo
	it.pos = hi
	return it.out, nil
}

// colSlice is rows lo..hi of v as a batch column.
func colSlice(v *Vec, lo, hi int) batch.Col {
	var c batch.Col
	switch {
	case v.T.Phys == PFloat:
		c.Floats = v.F[lo:hi]
	case v.T.Phys == PStr && v.Codes != nil:
		c.Codes, c.Dict = v.Codes[lo:hi], v.Dict
	case v.T.Phys == PStr:
		c.Strs = v.S[lo:hi]
	default:
		c.Ints = v.I[lo:hi]
	}
	if v.Nulls != nil {
		c.Nulls = v.Nulls[lo:hi]
	}
	return c
}
