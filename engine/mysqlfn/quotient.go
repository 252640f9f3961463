package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// Quotient is a DECIMAL division as MySQL hands it to SUM and AVG: the
// quotient truncated at the digits MySQL's decimal division computes
// (strings/decimal.c do_div_mod, QuotientDigits), not rounded to the
// division's type (the dividend's scale + 4, what the division shows on
// its own). MySQL adds those longer quotients and rounds only the
// aggregate: SUM(100.00 / 7) over 1860 rows is 1860 × 14.285714285 =
// 26571.428570, where the rounded quotients gave 26571.428040.
type Quotient struct {
	*expression.Div
	digits int32
}

var _ sql.Expression = (*Quotient)(nil)

// NewQuotient is e as a Quotient when e is a DECIMAL division of exact
// operands (integers, DECIMALs) that are not themselves arithmetic.
func NewQuotient(e sql.Expression) (*Quotient, bool) {
	d, ok := e.(*expression.Div)
	if !ok || !types.IsDecimal(d.Type()) {
		return nil, false
	}
	s1, ok1 := exactScale(d.LeftChild)
	s2, ok2 := exactScale(d.RightChild)
	if !ok1 || !ok2 {
		return nil, false
	}
	return &Quotient{Div: d, digits: QuotientDigits(s1, s2)}, true
}

// exactScale is the scale of an exact operand that is no arithmetic of
// its own (whose digits GMS may have rounded).
func exactScale(e sql.Expression) (int32, bool) {
	switch e.(type) {
	case *expression.Div, *expression.Arithmetic, *expression.IntDiv, *expression.Mod:
		return 0, false
	}
	switch t := e.Type(); {
	case types.IsDecimal(t):
		return int32(t.(sql.DecimalType).Scale()), true
	case types.IsInteger(t):
		return 0, true
	}
	return 0, false
}

// QuotientDigits is how many decimals MySQL's decimal division computes
// for operands of scales s1 and s2 (do_div_mod): each scale rounded up
// to whole 9-digit words, plus what is left of div_precision_increment
// (4) after that rounding, rounded up to a word again. 100.00 / 7 and
// 1 / 3 have 9; a DECIMAL(12,2) over a DECIMAL(12,2) 18.
func QuotientDigits(s1, s2 int32) int32 {
	up := func(x int32) int32 { return (x + 8) / 9 * 9 }
	f1, f2 := up(s1), up(s2)
	incr := max(0, divPrecisionIncrement-(f1-s1)-(f2-s2))
	return up(f1 + f2 + incr)
}

const divPrecisionIncrement = 4

// Eval is the truncated quotient; NULL operands and division by zero
// are GMS's (NULL, with warning 1365 for the latter).
func (q *Quotient) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	l, err := q.LeftChild.Eval(ctx, row)
	if err != nil || l == nil {
		return nil, err
	}
	r, err := q.RightChild.Eval(ctx, row)
	if err != nil || r == nil {
		return nil, err
	}
	a, err := ToDecimal(ctx, l)
	if err != nil {
		return q.Div.Eval(ctx, row)
	}
	b, err := ToDecimal(ctx, r)
	if err != nil || b.IsZero() {
		return q.Div.Eval(ctx, row)
	}
	quo, _ := a.QuoRem(b, q.digits)
	return quo, nil
}

// WithChildren divides the new children.
func (q *Quotient) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	d, err := q.Div.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	if nq, ok := NewQuotient(d); ok {
		return nq, nil
	}
	return d, nil
}

// sumArgument is what an exact SUM or AVG adds up for its argument e.
func sumArgument(e sql.Expression) sql.Expression {
	if q, ok := NewQuotient(e); ok {
		return q
	}
	return e
}

// Digits is how many decimals the quotient is computed at (and
// truncated to) before it is handed on.
func (q *Quotient) Digits() int32 { return q.digits }
