package mysqlfn

import (
	"fmt"
	"math"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// floorFunc is FLOOR(x) and ceilFuncs CEIL(x) and CEILING(x), typed as
// MariaDB and MySQL type them (Item_func_int_val): an integer keeps its
// type, a DECIMAL becomes INT or BIGINT when its integer digits fit
// (DECIMAL(p, 0) beyond), anything else DOUBLE. GMS v0.20.0 types every
// non-integer result INT and clamps it there (FLOOR(3000000000.5) was
// 2147483647). A DECIMAL quotient is floored as MySQL hands it over:
// truncated at its internal digits (Quotient), not rounded to its type.
var (
	floorFunc = sql.Function1{Name: "floor", Fn: func(x sql.Expression) sql.Expression { return NewIntVal(x, false) }}
	ceilFuncs = []sql.Function{
		sql.Function1{Name: "ceil", Fn: func(x sql.Expression) sql.Expression { return NewIntVal(x, true) }},
		sql.Function1{Name: "ceiling", Fn: func(x sql.Expression) sql.Expression { return NewIntVal(x, true) }},
	}
)

// IntVal is FLOOR(X) or, Ceil set, CEIL(X).
type IntVal struct {
	X    sql.Expression
	Ceil bool
}

// NewIntVal is FLOOR(x), or CEIL(x) when ceil is set.
func NewIntVal(x sql.Expression, ceil bool) *IntVal {
	if q, ok := NewQuotient(x); ok {
		x = q
	}
	return &IntVal{X: x, Ceil: ceil}
}

var _ sql.FunctionExpression = (*IntVal)(nil)

func (e *IntVal) FunctionName() string {
	if e.Ceil {
		return "ceil"
	}
	return "floor"
}

func (e *IntVal) Description() string {
	if e.Ceil {
		return "returns the smallest integer not less than x"
	}
	return "returns the largest integer not greater than x"
}

func (e *IntVal) IsNullable() bool           { return true }
func (e *IntVal) Children() []sql.Expression { return []sql.Expression{e.X} }
func (e *IntVal) Resolved() bool             { return e.X.Resolved() }
func (e *IntVal) String() string             { return fmt.Sprintf("%s(%s)", e.FunctionName(), e.X) }

func (e *IntVal) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 1)
	}
	return NewIntVal(children[0], e.Ceil), nil
}

// Type is MariaDB's and MySQL's: an integer argument's own type; for an
// exact argument of n integer digits INT (n ≤ 9), BIGINT (n ≤ 16) or
// DECIMAL(n+1, 0); DOUBLE for the rest.
func (e *IntVal) Type() sql.Type {
	t := e.X.Type()
	if isInteger(t) {
		return t
	}
	switch n := intDigits(e.X); {
	case n < 0:
		return types.Float64
	case n <= 9:
		return types.Int32
	case n <= 16:
		return types.Int64
	default:
		return types.MustCreateDecimalType(uint8(min(n+1, decimalMaxPrecision)), 0)
	}
}

// intDigits is the integer digits of an exact expression's values as
// MySQL counts them (a quotient: the dividend's plus the divisor's
// decimals, GMS typing it wider), -1 for an inexact one.
func intDigits(e sql.Expression) int {
	if q, ok := e.(*Quotient); ok {
		return intDigits(q.LeftChild) + scaleOf(q.RightChild.Type())
	}
	switch t := e.Type(); {
	case types.IsDecimal(t):
		dt := t.(sql.DecimalType)
		return int(dt.Precision()) - int(dt.Scale())
	case isInteger(t):
		return IntPrecision(e)
	}
	return -1
}

func scaleOf(t sql.Type) int {
	if dt, ok := t.(sql.DecimalType); ok {
		return int(dt.Scale())
	}
	return 0
}

// Eval is NULL for NULL; the integer part toward minus (plus) infinity.
func (e *IntVal) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := e.X.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	t := e.Type()
	if isInteger(e.X.Type()) {
		return v, nil
	}
	if !types.IsDecimal(e.X.Type()) {
		x, err := floatArg(ctx, v)
		if err != nil {
			return nil, err
		}
		if e.Ceil {
			return math.Ceil(x), nil
		}
		return math.Floor(x), nil
	}
	d, err := decimalArg(v)
	if err != nil {
		return nil, err
	}
	if e.Ceil {
		d = d.Ceil()
	} else {
		d = d.Floor()
	}
	switch {
	case types.IsDecimal(t):
		return d.Round(0), nil
	case t == types.Int32:
		return int32(d.IntPart()), nil
	}
	return d.IntPart(), nil
}
