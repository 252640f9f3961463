package mysqlfn

import (
	"math"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// erTruncatedWrongValue is MySQL's warning for a string read as a number
// up to its first character that is not one (ER_TRUNCATED_WRONG_VALUE).
const erTruncatedWrongValue = 1292

// IntCast is CAST(x AS SIGNED) and CAST(x AS UNSIGNED) of a DOUBLE, a
// DECIMAL or a string, answering MySQL 8's value (Item_typecast_signed /
// Item_typecast_unsigned) where GMS v0.20.0 did not:
//
//   - a DOUBLE is rounded half to even (rint: 2.5e0 is 2, -2.5e0 is -2,
//     0.5e0 is 0), MySQL's and MariaDB's answer, held within BIGINT;
//     GMS rounded half away from zero;
//   - a string is read up to its first character that is not a digit,
//     after blanks and a sign ('2.5' is 2, ' 7x' is 7, '1e19' is 1), with
//     warning 1292 for the rest; GMS read '2.5' as 3 and ' 7x' as 0;
//   - a DECIMAL is rounded half away from zero (2.5 is 3), as GMS does;
//   - to UNSIGNED, a negative value is that signed BIGINT's 64 bits
//     (CAST(-1.5e0 AS UNSIGNED) is 2^64 - 2), as MySQL 8 reinterprets
//     CAST(-1 AS UNSIGNED); GMS answered 2^63. MariaDB answers 0 for a
//     negative DOUBLE or DECIMAL (difftest allow-list: cast-negative-unsigned).
//
// Everything else (integers, temporal values, NULL) is GMS's CAST.
type IntCast struct {
	*expression.Convert
	unsigned bool
}

var _ sql.Expression = (*IntCast)(nil)

// NewIntCast wraps c when it casts a DOUBLE, a DECIMAL or a string to
// SIGNED or UNSIGNED.
func NewIntCast(c *expression.Convert) (*IntCast, bool) {
	t, ct := c.Type(), c.Child.Type()
	if t != types.Int64 && t != types.Uint64 {
		return nil, false
	}
	if !types.IsFloat(ct) && !types.IsDecimal(ct) && !types.IsText(ct) {
		return nil, false
	}
	return &IntCast{Convert: c, unsigned: t == types.Uint64}, true
}

// Unsigned: the cast is to UNSIGNED.
func (c *IntCast) Unsigned() bool { return c.unsigned }

// WithChildren casts the new child and wraps the cast again.
func (c *IntCast) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	n, err := c.Convert.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return &IntCast{Convert: n.(*expression.Convert), unsigned: c.unsigned}, nil
}

// Eval is MySQL 8's value of the cast.
func (c *IntCast) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := c.Child.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	if f, ok := v.(float32); ok {
		v = float64(f)
	}
	var n int64
	switch x := v.(type) {
	case float64:
		if c.unsigned && x >= 0 {
			return FloatToUint(x), nil
		}
		n = FloatToInt(x)
	case decimal.Decimal:
		if c.unsigned && x.Sign() >= 0 {
			return decimalToUint(x), nil
		}
		n = decimalToInt(x)
	case string:
		n = StringToInt(ctx, x)
	default:
		return c.Convert.Eval(ctx, row)
	}
	if c.unsigned {
		return uint64(n), nil
	}
	return n, nil
}

// FloatToInt is MySQL's val_int of a DOUBLE: rounded half to even,
// held within BIGINT.
func FloatToInt(x float64) int64 {
	switch {
	case math.IsNaN(x):
		return 0
	case x <= math.MinInt64:
		return math.MinInt64
	case x >= math.MaxInt64: // 2^63: the float64 nearest MaxInt64
		return math.MaxInt64
	}
	return int64(math.RoundToEven(x))
}

// FloatToUint is a DOUBLE of at least 0 cast to UNSIGNED: rounded half
// to even, held within BIGINT UNSIGNED (MariaDB's answer beyond 2^63,
// which GMS gives too).
func FloatToUint(x float64) uint64 {
	if x >= math.MaxUint64 { // 2^64
		return math.MaxUint64
	}
	return uint64(math.RoundToEven(x))
}

var (
	minInt64Dec  = decimal.NewFromInt(math.MinInt64)
	maxInt64Dec  = decimal.NewFromInt(math.MaxInt64)
	maxUint64Dec = decimal.RequireFromString("18446744073709551615")
)

// decimalToInt is a DECIMAL rounded half away from zero, held within
// BIGINT.
func decimalToInt(x decimal.Decimal) int64 {
	r := x.Round(0)
	switch {
	case r.LessThan(minInt64Dec):
		return math.MinInt64
	case r.GreaterThan(maxInt64Dec):
		return math.MaxInt64
	}
	return r.IntPart()
}

// decimalToUint is a DECIMAL of at least 0 rounded half away from zero,
// held within BIGINT UNSIGNED.
func decimalToUint(x decimal.Decimal) uint64 {
	r := x.Round(0)
	if r.GreaterThan(maxUint64Dec) {
		return math.MaxUint64
	}
	return r.BigInt().Uint64()
}

// StringToInt is MySQL's integer of a string (my_strtoll10): spaces
// and tabs (MySQL skips no other blank first: CAST('\n123' AS SIGNED) is
// 0, where MariaDB's 123 skips any), a sign, then digits up to the first other character, with warning 1292
// when that character is not a trailing blank. A value beyond BIGINT
// UNSIGNED is its largest; one beyond BIGINT below zero, BIGINT's
// smallest; one in between (no sign) keeps its 64 bits, as MySQL's
// CAST('18446744073709551615' AS SIGNED) is -1.
func StringToInt(ctx *sql.Context, s string) int64 {
	rest := strings.TrimLeft(s, " \t")
	neg := false
	if rest != "" && (rest[0] == '-' || rest[0] == '+') {
		neg = rest[0] == '-'
		rest = rest[1:]
	}
	var u uint64
	over := false
	i := 0
	for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
		d := uint64(rest[i] - '0')
		if u > (math.MaxUint64-d)/10 {
			over = true
		} else {
			u = u*10 + d
		}
	}
	if strings.TrimRight(rest[i:], " \t\n\r") != "" || i == 0 {
		if ctx != nil {
			ctx.Warn(erTruncatedWrongValue, "Truncated incorrect INTEGER value: '%s'", s)
		}
	}
	switch {
	case neg && (over || u > 1<<63):
		return math.MinInt64
	case neg:
		return -int64(u)
	case over:
		return -1 // BIGINT UNSIGNED's largest, as its 64 bits
	}
	return int64(u)
}
