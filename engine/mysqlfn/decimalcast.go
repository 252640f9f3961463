package mysqlfn

import (
	"strconv"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// erWarnDataOutOfRange is MySQL's warning for a value clamped to its
// type (ER_WARN_DATA_OUT_OF_RANGE).
const erWarnDataOutOfRange = 1264

// DecimalCast is CAST(x AS DECIMAL(p, s)) answering MySQL's value for an
// x beyond the type: the type's largest value of x's sign (99999999.99
// for DECIMAL(10,2)) with warning 1264. GMS's CAST answered 0, so
// CAST(CAST(price AS SIGNED) AS DECIMAL(10,2)) of a 10-digit price was
// 0.00. Everything else is GMS's CAST: its type, text and value.
type DecimalCast struct {
	*expression.Convert
	whole sql.DecimalType // DECIMAL(M, 0) the statement gave, which GMS types as its internal DECIMAL
}

var _ sql.Expression = (*DecimalCast)(nil)

// NewDecimalCast wraps c when it casts to a DECIMAL of a precision the
// statement gave: the conversions to GMS's internal DECIMAL(65,30) that
// its planner puts over a UNION's sides stay as they are (the engine's
// set-operation rules find and retype them).
func NewDecimalCast(c *expression.Convert) (*DecimalCast, bool) {
	if !types.IsDecimal(c.Type()) {
		return nil, false
	}
	if !c.Type().Equals(types.InternalDecimalType) {
		return &DecimalCast{Convert: c}, true
	}
	if m, ok := statedPrecision(c); ok {
		return &DecimalCast{Convert: c, whole: types.MustCreateDecimalType(m, 0)}, true
	}
	return nil, false
}

// statedPrecision is the M of a cast to DECIMAL(M) (scale 0, or none:
// sqlrewrite writes MySQL's 10 into a bare DECIMAL), which GMS keeps only
// in the cast's text, "convert(x, decimal(M))".
func statedPrecision(c *expression.Convert) (uint8, bool) {
	s := c.String()
	i := strings.LastIndex(s, ", decimal(")
	if i < 0 || !strings.HasSuffix(s, "))") {
		return 0, false
	}
	m, err := strconv.ParseUint(s[i+len(", decimal("):len(s)-2], 10, 8)
	if err != nil || m == 0 || m > types.DecimalTypeMaxPrecision {
		return 0, false
	}
	return uint8(m), true
}

// Type is the DECIMAL(M, 0) the statement gave, else GMS's.
func (d *DecimalCast) Type() sql.Type {
	if d.whole != nil {
		return d.whole
	}
	return d.Convert.Type()
}

// WithChildren casts the new child and wraps the cast again.
func (d *DecimalCast) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	c, err := d.Convert.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return &DecimalCast{Convert: c.(*expression.Convert), whole: d.whole}, nil
}

// Eval is GMS's value, except where GMS answers 0 for a non-zero number
// the type cannot hold.
func (d *DecimalCast) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := d.Convert.Eval(ctx, row)
	if err != nil || v == nil {
		return v, err
	}
	if d.whole != nil {
		return d.clamp(ctx, v), nil
	}
	if dec, ok := v.(decimal.Decimal); !ok || !dec.IsZero() {
		return v, nil
	}
	x, err := d.Child.Eval(ctx, row)
	if err != nil {
		return nil, err
	}
	n, ok := numberValue(x)
	if !ok {
		return v, nil
	}
	dt := d.Type().(sql.DecimalType)
	prec, scale := int32(dt.Precision()), int32(dt.Scale())
	c := ClampDecimal(n, prec, scale)
	if !c.Equal(n.Round(scale)) {
		ctx.Warn(erWarnDataOutOfRange, "Out of range value for column '%s' at row 1", d.String())
	}
	return c, nil
}

// clamp is v, GMS's value at its internal DECIMAL, rounded half away from
// zero to an integer and held within DECIMAL(M, 0).
func (d *DecimalCast) clamp(ctx *sql.Context, v any) any {
	n, ok := v.(decimal.Decimal)
	if !ok {
		return v
	}
	c := ClampDecimal(n, int32(d.whole.Precision()), 0)
	if !c.Equal(n.Round(0)) {
		ctx.Warn(erWarnDataOutOfRange, "Out of range value for column '%s' at row 1", d.String())
	}
	return c
}

// ClampDecimal is x rounded to scale and held within DECIMAL(prec,
// scale): beyond it, the type's largest value of x's sign.
func ClampDecimal(x decimal.Decimal, prec, scale int32) decimal.Decimal {
	x = x.Round(scale)
	limit := decimal.New(1, prec-scale).Sub(decimal.New(1, -scale)) // 99999999.99
	switch {
	case x.GreaterThan(limit):
		return limit
	case x.LessThan(limit.Neg()):
		return limit.Neg()
	}
	return x
}

// numberValue is x as a decimal when it is a number or a string that is
// one.
func numberValue(x any) (decimal.Decimal, bool) {
	switch v := x.(type) {
	case string:
		d, err := decimal.NewFromString(strings.TrimSpace(v))
		return d, err == nil
	case decimal.Decimal:
		return v, true
	case int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64:
		d, err := decimalArg(v)
		return d, err == nil
	}
	return decimal.Decimal{}, false
}
