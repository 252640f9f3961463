package mysqlfn

import (
	"fmt"
	"math"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// roundFunc is ROUND(x[, d]) and truncateFunc TRUNCATE(x, d), typed and
// computed as MySQL 8's Item_func_round (sql/item_func.cc). GMS v0.20.0
// has no TRUNCATE, and its ROUND keeps x's type: ROUND(42.00, 0) was
// 42.00 (MySQL: 42), ROUND(2.5e0) 3 (MySQL rounds a DOUBLE half to even:
// 2).
var (
	roundFunc = sql.FunctionN{Name: "round", Fn: func(args ...sql.Expression) (sql.Expression, error) {
		switch len(args) {
		case 1:
			return newRound(args[0], expression.NewLiteral(int8(0), types.Int8), false), nil
		case 2:
			return newRound(args[0], args[1], false), nil
		}
		return nil, sql.ErrInvalidArgumentNumber.New("ROUND", "1 or 2", len(args))
	}}
	truncateFunc = sql.Function2{Name: "truncate", Fn: func(x, d sql.Expression) sql.Expression {
		return newRound(x, d, true)
	}}
)

// roundExpr is ROUND or TRUNCATE of x to d decimals (d < 0: to a power
// of ten left of the point).
type roundExpr struct {
	x, d     sql.Expression
	truncate bool
	typ      sql.Type // once x and d are resolved
}

func newRound(x, d sql.Expression, truncate bool) *roundExpr {
	e := &roundExpr{x: x, d: d, truncate: truncate}
	if e.Resolved() {
		e.typ = e.resolveType()
	}
	return e
}

var _ sql.FunctionExpression = (*roundExpr)(nil)

func (e *roundExpr) FunctionName() string {
	if e.truncate {
		return "truncate"
	}
	return "round"
}

func (e *roundExpr) Description() string {
	if e.truncate {
		return "truncates x to d decimal places"
	}
	return "rounds x to d decimal places"
}

func (e *roundExpr) IsNullable() bool           { return true }
func (e *roundExpr) Children() []sql.Expression { return []sql.Expression{e.x, e.d} }
func (e *roundExpr) Resolved() bool             { return e.x.Resolved() && e.d.Resolved() }
func (e *roundExpr) String() string {
	return fmt.Sprintf("%s(%s,%s)", e.FunctionName(), e.x, e.d)
}

func (e *roundExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 2 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 2)
	}
	return newRound(children[0], children[1], e.truncate), nil
}

// Type is MySQL's: see RoundType.
func (e *roundExpr) Type() sql.Type {
	if e.typ != nil {
		return e.typ
	}
	return e.resolveType()
}

func (e *roundExpr) resolveType() sql.Type {
	d, isConst := constInt(e.d)
	return RoundType(e.x.Type(), IntPrecision(e.x), d, isConst, e.truncate)
}

// Eval is NULL when x or d is; a DECIMAL result keeps at most the
// type's scale; an integer result that overflows BIGINT is error 1690.
func (e *roundExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := e.x.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	dv, err := e.d.Eval(ctx, row)
	if err != nil || dv == nil {
		return nil, err
	}
	d, err := roundPlaces(ctx, dv)
	if err != nil {
		return nil, err
	}
	switch t := e.Type(); {
	case types.IsDecimal(t):
		x, err := decimalArg(v)
		if err != nil {
			return nil, err
		}
		scale := int64(t.(sql.DecimalType).Scale())
		// At the type's scale: the wire writes a DECIMAL's own digits.
		return RoundDecimal(x, min(d, scale), e.truncate).Round(int32(scale)), nil
	case types.IsUnsigned(t):
		x, _, err := types.Uint64.Convert(ctx, v)
		if err != nil {
			return nil, err
		}
		r, ok := RoundUint(x.(uint64), d, e.truncate)
		if !ok {
			return nil, sql.ErrValueOutOfRange.New(x, "BIGINT UNSIGNED")
		}
		return r, nil
	case types.IsSigned(t):
		x, _, err := types.Int64.Convert(ctx, v)
		if err != nil {
			return nil, err
		}
		r, ok := RoundInt(x.(int64), d, e.truncate)
		if !ok {
			return nil, sql.ErrValueOutOfRange.New(x, "BIGINT")
		}
		return r, nil
	}
	x, err := floatArg(ctx, v)
	if err != nil {
		return nil, err
	}
	return RoundFloat(x, d, e.truncate), nil
}

// roundPlaces reads d as MySQL's val_int: a DECIMAL or DOUBLE rounds.
func roundPlaces(ctx *sql.Context, v any) (int64, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		v = x.Round(0)
	case float64:
		v = math.Round(x)
	case float32:
		v = math.Round(float64(x))
	}
	n, _, err := types.Int64.Convert(ctx, v)
	if err != nil {
		return 0, err
	}
	return n.(int64), nil
}

func decimalArg(v any) (decimal.Decimal, error) {
	if d, ok := v.(decimal.Decimal); ok {
		return d, nil
	}
	return types.InternalDecimalType.ConvertNoBoundsCheck(v)
}

// floatArg reads x as MySQL's val_real: a string's longest numeric
// prefix, with warning 1292 when that is not the whole string.
func floatArg(ctx *sql.Context, v any) (float64, error) {
	if f, ok := v.(float64); ok {
		return f, nil
	}
	f, _, err := types.Float64.Convert(ctx, v)
	if err == nil {
		return f.(float64), nil
	}
	if !sql.ErrInvalidValue.Is(err) {
		return 0, err
	}
	ctx.Warn(1292, "Truncated incorrect DOUBLE value: '%v'", v)
	if f, ok := f.(float64); ok {
		return f, nil
	}
	return 0, nil
}

// RoundParts takes ROUND(x, d) or TRUNCATE(x, d) apart for an executor
// that computes it itself: ok is false for any other expression, and
// isConst says d is a constant, then of value places.
func RoundParts(e sql.Expression) (x sql.Expression, places int64, isConst, truncate, ok bool) {
	r, ok := e.(*roundExpr)
	if !ok {
		return nil, 0, false, false, false
	}
	places, isConst = constInt(r.d)
	return r.x, places, isConst, r.truncate, true
}
