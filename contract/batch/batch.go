// Package batch is the contract between the producers of query results
// (the engine's vectorised operators, the analytics' table functions)
// and their consumer, the server's result path: a result may travel as
// column batches — typed vectors, many rows at a time — instead of one
// sql.Row per row, so a million-row result is written to the wire
// without building a sql.Row, boxing an integer or allocating a decimal
// per row.
//
// # Protocol
//
// A producer offers batches by what its row iterator implements:
//
//   - Iter: the iterator yields its own rows as batches (NextBatch), one
//     Col per column of its schema. The server uses it when the statement
//     selects the iterator's columns unchanged (SELECT * FROM rfm()),
//     possibly under GMS's wrappers that only track, commit or close
//     (server/results_batch.go unwraps those).
//   - Projector: the iterator computes the statement's result columns
//     (expressions over its rows, such as a Project over a vectorised
//     GROUP BY) as batches when asked; it may decline, and the server
//     then reads rows.
//
// # Invariants
//
//   - A caller uses either Next or NextBatch on one iterator, never both.
//   - A batch and its slices belong to the iterator and stay valid only
//     until the next call; the consumer copies what it keeps.
//   - Each Col holds its values in the representation its SQL type calls
//     for (see Col); the other slices are nil, and len of the one in use
//     is at least Batch.N.
//   - The bytes written from a batch are those the row path writes for
//     the same rows (server/results_batch_test.go compares them).
//
// Who imports it: engine (operators that produce batches), functions
// (table functions such as rfm()), server (the consumer). It imports
// only go-mysql-server's sql package.
package batch

import "github.com/dolthub/go-mysql-server/sql"

// Iter is a row iterator that can also hand out its rows column by
// column, many at a time, as typed vectors.
//
// A caller uses either Next or NextBatch on one iterator, never both.
type Iter interface {
	sql.RowIter
	// NextBatch returns up to max further rows (at least one), or io.EOF
	// after the last. The batch and its slices are the iterator's and
	// valid until the next call.
	NextBatch(ctx *sql.Context, max int) (*Batch, error)
}

// Kept is an Iter whose batches' slices are never reused or changed,
// not even after Close (slices of a result computed in full and never
// mutated, such as lifecycle()'s): a consumer may keep them as they are
// instead of copying them. The Batch value itself may still be reused.
type Kept interface {
	Iter
	// KeptBatches reports whether the iterator's slices may be kept.
	KeptBatches() bool
}

// Batch is N rows of a result, one Col per schema column.
type Batch struct {
	N    int
	Cols []Col
}

// Col is one column of a Batch, in the representation its SQL type
// calls for; the other slices are nil:
//   - integer types: Ints, the values;
//   - DECIMAL(p, s): Ints, each value times 10^s;
//   - DATE: Ints, days since 1970-01-01;
//   - DOUBLE: Floats;
//   - strings: Codes into Dict when the column has few distinct values,
//     otherwise Strs.
//
// Nulls, when not nil, marks the rows whose value is NULL.
type Col struct {
	Ints   []int64
	Floats []float64
	Strs   []string
	Codes  []uint32
	Dict   []string
	Nulls  []bool
}

// Projector is a row iterator that can compute a statement's result
// columns (expressions over its rows, such as a Project over a
// vectorised GROUP BY) as column batches. The server's result path asks
// for that when the statement's rows come straight from it.
type Projector interface {
	sql.RowIter
	// ProjectBatches returns an iterator over the values of projs (nil:
	// the iterator's own columns) as batches whose columns are those of
	// schema, the statement's result schema; ok is false when it cannot
	// compute some of them that way, and the caller then reads rows.
	ProjectBatches(ctx *sql.Context, schema sql.Schema, projs []sql.Expression) (it Iter, ok bool)
}
