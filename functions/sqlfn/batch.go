package sqlfn

import "github.com/dolthub/go-mysql-server/sql"

// BatchIter is a row iterator that can also hand out its rows column by
// column, many at a time, as typed vectors. The server's result path
// reads a table function's result this way when the statement selects
// its columns unchanged (SELECT * FROM rfm()), so a million-row result
// is written to the wire without building a sql.Row, boxing an integer
// or allocating a decimal per row.
//
// A caller uses either Next or NextBatch on one iterator, never both.
type BatchIter interface {
	sql.RowIter
	// NextBatch returns up to max further rows (at least one), or io.EOF
	// after the last. The batch and its slices are the iterator's and
	// valid until the next call.
	NextBatch(ctx *sql.Context, max int) (*Batch, error)
}

// Batch is N rows of a result, one BatchCol per schema column.
type Batch struct {
	N    int
	Cols []BatchCol
}

// BatchCol is one column of a Batch, in the representation its SQL type
// calls for; the other slices are nil:
//   - integer types: Ints, the values;
//   - DECIMAL(p, s): Ints, each value times 10^s;
//   - DATE: Ints, days since 1970-01-01;
//   - DOUBLE: Floats;
//   - strings: Codes into Dict when the column has few distinct values,
//     otherwise Strs.
//
// Nulls, when not nil, marks the rows whose value is NULL.
type BatchCol struct {
	Ints   []int64
	Floats []float64
	Strs   []string
	Codes  []uint32
	Dict   []string
	Nulls  []bool
}

// BatchProjector is a row iterator that can compute a statement's
// result columns (expressions over its rows, such as a Project over a
// vectorised GROUP BY) as column batches. The server's result path asks
// for that when the statement's rows come straight from it.
type BatchProjector interface {
	sql.RowIter
	// ProjectBatches returns an iterator over the values of projs (nil:
	// the iterator's own columns) as batches whose columns are those of
	// schema, the statement's result schema; ok is false when it cannot
	// compute some of them that way, and the caller then reads rows.
	ProjectBatches(ctx *sql.Context, schema sql.Schema, projs []sql.Expression) (it BatchIter, ok bool)
}
