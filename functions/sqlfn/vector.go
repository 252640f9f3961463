package sqlfn

import "github.com/dolthub/go-mysql-server/sql"

// IntSetPredicate is a boolean scalar that is true exactly when one
// integer argument belongs to a set fixed for the whole statement, such as
// in_segment(customer_id, 'vips'). The engine tests such a predicate on
// column vectors (one membership test per row, no sql.Row) when
// CanVectorize says the set does not depend on the row.
type IntSetPredicate interface {
	sql.Expression
	// SetArgument is the expression tested for membership; a NULL value
	// makes the predicate NULL (the row is not selected).
	SetArgument() sql.Expression
	// CanVectorize reports whether the set is the same for every row
	// (its other arguments are constants).
	CanVectorize() bool
	// Contains resolves the set once per statement; errors are the ones
	// row-by-row evaluation would raise (an unknown segment, say).
	Contains(ctx *sql.Context) (func(int64) bool, error)
}
