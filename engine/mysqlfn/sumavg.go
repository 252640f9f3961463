package mysqlfn

import (
	"fmt"
	"math/big"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// MySQL's limits and increments for SUM and AVG of exact values
// (Item_sum_sum / Item_sum_avg::resolve_type).
const (
	decimalMaxPrecision = 65
	decimalMaxScale     = 30
	sumPrecisionGrowth  = 22 // DECIMAL_LONGLONG_DIGITS
	avgScaleIncrement   = 4  // div_precision_increment's default
)

// ExactResult is the type MySQL gives SUM (avg false) or AVG of an
// argument of type t when t is exact (an integer or a DECIMAL):
// DECIMAL(min(p+22, 65), s) for SUM, DECIMAL(min(p+4, 65), min(s+4, 30))
// for AVG, where p and s are the argument's precision and scale (an
// integer's precision is its decimal digits: 19 for BIGINT, 10 for INT).
// ok is false for other arguments, whose SUM and AVG are DOUBLE.
func ExactResult(t sql.Type, avg bool) (typ sql.DecimalType, ok bool) {
	p, s, ok := exactDigits(t)
	if !ok {
		return nil, false
	}
	if avg {
		p, s = p+avgScaleIncrement, min(s+avgScaleIncrement, decimalMaxScale)
	} else {
		p += sumPrecisionGrowth
	}
	p = min(max(p, s, 1), decimalMaxPrecision)
	return types.MustCreateDecimalType(uint8(p), uint8(s)), true
}

// exactDigits is an exact type's precision and scale.
func exactDigits(t sql.Type) (p, s int, ok bool) {
	if dt, isDec := t.(sql.DecimalType); isDec {
		return int(dt.Precision()), int(dt.Scale()), true
	}
	if !types.IsInteger(t) {
		return 0, 0, false
	}
	switch t {
	case types.Int8:
		return 3, 0, true
	case types.Uint8:
		return 3, 0, true
	case types.Int16, types.Uint16:
		return 5, 0, true
	case types.Int24:
		return 7, 0, true
	case types.Uint24:
		return 8, 0, true
	case types.Int32, types.Uint32:
		return 10, 0, true
	case types.Int64:
		return 19, 0, true
	}
	return 20, 0, true
}

// Sum is SUM as MySQL computes it: over integers and DECIMALs an exact
// DECIMAL (ExactResult), over anything else GMS's DOUBLE. GMS's own SUM
// answers a DOUBLE for every argument; the engine's analyzer rule
// (ReplaceSumAvg) puts this one in its place.
type Sum struct {
	*aggregation.Sum
	typ sql.DecimalType // nil: not exact, GMS's behaviour
}

// Avg is AVG as MySQL computes it, like Sum: an exact DECIMAL with four
// more decimals than its exact argument, rounded half away from zero.
type Avg struct {
	*aggregation.Avg
	typ sql.DecimalType
}

var (
	_ sql.Aggregation               = (*Sum)(nil)
	_ sql.WindowAdaptableExpression = (*Sum)(nil)
	_ sql.Aggregation               = (*Avg)(nil)
	_ sql.WindowAdaptableExpression = (*Avg)(nil)
)

// NewSum is SUM(e).
func NewSum(e sql.Expression) *Sum { return wrapSum(aggregation.NewSum(e)) }

// NewAvg is AVG(e).
func NewAvg(e sql.Expression) *Avg { return wrapAvg(aggregation.NewAvg(e)) }

func wrapSum(s *aggregation.Sum) *Sum {
	t, _ := ExactResult(argType(s.Child), false)
	return &Sum{Sum: s, typ: t}
}

func wrapAvg(a *aggregation.Avg) *Avg {
	t, _ := ExactResult(argType(a.Child), true)
	return &Avg{Avg: a, typ: t}
}

// argType is e's type as MySQL types it where GMS differs in a way that
// shows in SUM and AVG: a CASE over exact values is the DECIMAL holding
// all of them (GMS: DECIMAL(65,10)), an integer literal has its digits.
func argType(e sql.Expression) sql.Type {
	switch e := e.(type) {
	case *expression.Literal:
		if types.IsInteger(e.Type()) {
			if d, err := ToDecimal(nil, e.Value()); err == nil && e.Value() != nil {
				return types.MustCreateDecimalType(uint8(max(1, d.NumDigits())), 0)
			}
		}
	case *expression.Case:
		var vals []sql.Expression
		for _, b := range e.Branches {
			vals = append(vals, b.Value)
		}
		if e.Else != nil {
			vals = append(vals, e.Else)
		}
		if t, ok := mergedExact(vals); ok {
			return t
		}
	}
	return e.Type()
}

// mergedExact is the DECIMAL that holds every value of exact types
// (NULL literals aside); ok is false when one is not exact.
func mergedExact(vals []sql.Expression) (sql.Type, bool) {
	intDigits, scale, found := 0, 0, false
	for _, v := range vals {
		if lit, ok := v.(*expression.Literal); ok && lit.Value() == nil {
			continue
		}
		p, s, ok := exactDigits(argType(v))
		if !ok {
			return nil, false
		}
		intDigits, scale, found = max(intDigits, p-s), max(scale, s), true
	}
	if !found {
		return nil, false
	}
	return types.MustCreateDecimalType(uint8(min(max(intDigits+scale, 1), decimalMaxPrecision)), uint8(min(scale, decimalMaxScale))), true
}

// FromGMS is MySQL's SUM or AVG in place of GMS's e (bare or wrapped by
// NullableAggregate), and false for other expressions.
func FromGMS(e sql.Expression) (sql.Expression, bool) {
	switch e := UnwrapAggregate(e).(type) { // Sum is nullable itself
	case *aggregation.Sum:
		return wrapSum(e), true
	case *aggregation.Avg:
		return wrapAvg(e), true
	}
	return e, false
}

// Exact reports whether the sum is the exact DECIMAL (else a DOUBLE).
func (a *Sum) Exact() bool { return a.typ != nil }

// Exact reports whether the average is the exact DECIMAL (else a DOUBLE).
func (a *Avg) Exact() bool { return a.typ != nil }

// Type is the exact DECIMAL, or DOUBLE.
func (a *Sum) Type() sql.Type { return resultType(a.typ) }

// Type is the exact DECIMAL, or DOUBLE.
func (a *Avg) Type() sql.Type { return resultType(a.typ) }

func resultType(t sql.DecimalType) sql.Type {
	if t == nil {
		return types.Float64
	}
	return t
}

// IsNullable is true: SUM and AVG of no rows (or only NULLs) are NULL.
func (a *Sum) IsNullable() bool { return true }

// IsNullable is true, as for Sum.
func (a *Avg) IsNullable() bool { return true }

func (a *Sum) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := a.Sum.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return wrapSum(e.(*aggregation.Sum)), nil
}

func (a *Avg) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := a.Avg.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return wrapAvg(e.(*aggregation.Avg)), nil
}

func (a *Sum) WithId(id sql.ColumnId) sql.IdExpression {
	return &Sum{Sum: a.Sum.WithId(id).(*aggregation.Sum), typ: a.typ}
}

func (a *Avg) WithId(id sql.ColumnId) sql.IdExpression {
	return &Avg{Avg: a.Avg.WithId(id).(*aggregation.Avg), typ: a.typ}
}

func (a *Sum) WithWindow(w *sql.WindowDefinition) sql.WindowAdaptableExpression {
	return &Sum{Sum: a.Sum.WithWindow(w).(*aggregation.Sum), typ: a.typ}
}

func (a *Avg) WithWindow(w *sql.WindowDefinition) sql.WindowAdaptableExpression {
	return &Avg{Avg: a.Avg.WithWindow(w).(*aggregation.Avg), typ: a.typ}
}

// NewBuffer sums exactly when the result is a DECIMAL.
func (a *Sum) NewBuffer() (sql.AggregationBuffer, error) {
	if a.typ == nil {
		return a.Sum.NewBuffer()
	}
	child, err := transform.Clone(a.Child)
	if err != nil {
		return nil, err
	}
	return &exactBuffer{expr: sumArgument(child), scale: int32(a.typ.Scale())}, nil
}

// NewBuffer averages exactly when the result is a DECIMAL.
func (a *Avg) NewBuffer() (sql.AggregationBuffer, error) {
	if a.typ == nil {
		return a.Avg.NewBuffer()
	}
	child, err := transform.Clone(a.Child)
	if err != nil {
		return nil, err
	}
	return &exactBuffer{expr: sumArgument(child), avg: true, scale: int32(a.typ.Scale())}, nil
}

// NewWindowFunction sums over window frames, exactly when the result
// is a DECIMAL.
func (a *Sum) NewWindowFunction() (sql.WindowFunction, error) {
	if a.typ == nil {
		return newExactWindow(a.Child, a.Window(), false, true, 0)
	}
	return newExactWindow(a.Child, a.Window(), false, false, int32(a.typ.Scale()))
}

// NewWindowFunction averages over window frames, exactly when the
// result is a DECIMAL.
func (a *Avg) NewWindowFunction() (sql.WindowFunction, error) {
	if a.typ == nil {
		return newExactWindow(a.Child, a.Window(), true, true, 0)
	}
	return newExactWindow(a.Child, a.Window(), true, false, int32(a.typ.Scale()))
}

// exactBuffer is one group's exact SUM or AVG.
type exactBuffer struct {
	expr  sql.Expression
	avg   bool
	scale int32 // the result's
	sum   decimal.Decimal
	n     int64
}

func (b *exactBuffer) Update(ctx *sql.Context, row sql.Row) error {
	v, err := b.expr.Eval(ctx, row)
	if err != nil || v == nil {
		return err
	}
	d, err := ToDecimal(ctx, v)
	if err != nil {
		return err
	}
	b.sum = b.sum.Add(d)
	b.n++
	return nil
}

func (b *exactBuffer) Eval(*sql.Context) (any, error) {
	if b.n == 0 {
		return nil, nil
	}
	return finish(b.sum, b.n, b.avg, b.scale), nil
}

func (b *exactBuffer) Dispose() { expression.Dispose(b.expr) }

// finish is a sum of n values as SUM or AVG answers it at scale.
func finish(sum decimal.Decimal, n int64, avg bool, scale int32) decimal.Decimal {
	if avg {
		return sum.DivRound(decimal.NewFromInt(n), scale)
	}
	return sum.Round(scale)
}

// ToDecimal is an exact value as a decimal (integers, DECIMALs, and what
// else an exact-typed expression may evaluate to).
func ToDecimal(ctx *sql.Context, v any) (decimal.Decimal, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		return x, nil
	case decimal.NullDecimal:
		return x.Decimal, nil
	case int64:
		return decimal.NewFromInt(x), nil
	case int32:
		return decimal.NewFromInt(int64(x)), nil
	case int16:
		return decimal.NewFromInt(int64(x)), nil
	case int8:
		return decimal.NewFromInt(int64(x)), nil
	case int:
		return decimal.NewFromInt(int64(x)), nil
	case uint64:
		return decimal.NewFromBigInt(new(big.Int).SetUint64(x), 0), nil
	case uint32:
		return decimal.NewFromInt(int64(x)), nil
	case uint16:
		return decimal.NewFromInt(int64(x)), nil
	case uint8:
		return decimal.NewFromInt(int64(x)), nil
	case bool:
		if x {
			return decimal.NewFromInt(1), nil
		}
		return decimal.Zero, nil
	}
	c, _, err := types.InternalDecimalType.Convert(ctx, v)
	if err != nil {
		return decimal.Zero, fmt.Errorf("SUM/AVG of %v: %w", v, err)
	}
	return ToDecimal(ctx, c)
}
