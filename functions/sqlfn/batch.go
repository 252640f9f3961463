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
//   - strings: Codes into Dict when the column has few distinct values,
//     otherwise Strs.
//
// Nulls, when not nil, marks the rows whose value is NULL.
type BatchCol struct {
	Ints  []int64
	Strs  []string
	Codes []uint32
	Dict  []string
	Nulls []bool
}
