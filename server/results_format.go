package server

import (
	"math"
	"strconv"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
	"github.com/shopspring/decimal"
)

// valueFormat appends the wire text of one non-NULL value of a column to
// dst and returns it as a wire value.
type valueFormat func(ctx *sql.Context, dst []byte, v any) (sqltypes.Value, error)

// formatFor picks the formatting of a column type: a direct one for the
// types results are mostly made of, which falls back to the type's own
// SQL method for any value it does not take exactly as that method would,
// and the SQL method itself for every other type.
func formatFor(ctx *sql.Context, t sql.Type) valueFormat {
	generic := t.SQL
	switch {
	case t == types.Int64, t == types.Int32, t == types.Int16, t == types.Int8:
		return intFormat(t, generic)
	case t == types.Date:
		return dateFormat(generic)
	case t == types.Datetime:
		return datetimeFormat(generic)
	case t == types.Float64:
		return smallIntFloatFormat(generic)
	}
	if dt, ok := t.(types.DecimalType_); ok {
		return decimalFormat(ctx, dt, generic)
	}
	return generic
}

// intFormat writes signed integers of a Go type no wider than the
// column's, which go-mysql-server prints with strconv (no clamping
// applies to them).
func intFormat(t sql.Type, generic valueFormat) valueFormat {
	typ := t.Type()
	width := map[querypb.Type]int{sqltypes.Int8: 8, sqltypes.Int16: 16, sqltypes.Int32: 32, sqltypes.Int64: 64}[typ]
	return func(ctx *sql.Context, dst []byte, v any) (sqltypes.Value, error) {
		var x int64
		switch n := v.(type) {
		case int64:
			if width < 64 {
				return generic(ctx, dst, v)
			}
			x = n
		case int32:
			if width < 32 {
				return generic(ctx, dst, v)
			}
			x = int64(n)
		case int16:
			if width < 16 {
				return generic(ctx, dst, v)
			}
			x = int64(n)
		case int8:
			x = int64(n)
		default:
			return generic(ctx, dst, v)
		}
		return sqltypes.MakeTrusted(typ, strconv.AppendInt(dst, x, 10)), nil
	}
}

// smallIntFloatFormat writes DOUBLE values that are integers of
// magnitude below a million (NTILE buckets, RANK, counts), which
// go-mysql-server's %g prints as plain digits; anything else (fractions,
// -0, larger values printed with an exponent) goes to the type.
func smallIntFloatFormat(generic valueFormat) valueFormat {
	return func(ctx *sql.Context, dst []byte, v any) (sqltypes.Value, error) {
		var x int64
		switch n := v.(type) {
		case float64:
			if n != math.Trunc(n) || n <= -1e6 || n >= 1e6 || (n == 0 && math.Signbit(n)) {
				return generic(ctx, dst, v)
			}
			x = int64(n)
		case int64:
			x = n
		case uint64:
			if n >= 1e6 {
				return generic(ctx, dst, v)
			}
			x = int64(n)
		default:
			return generic(ctx, dst, v)
		}
		if x <= -1e6 || x >= 1e6 {
			return generic(ctx, dst, v)
		}
		return sqltypes.MakeTrusted(sqltypes.Float64, strconv.AppendInt(dst, x, 10)), nil
	}
}

// dateFormat writes UTC times without a fraction of a second (which
// go-mysql-server would round) in years 1000-9999 as YYYY-MM-DD.
func dateFormat(generic valueFormat) valueFormat {
	return func(ctx *sql.Context, dst []byte, v any) (sqltypes.Value, error) {
		t, ok := v.(time.Time)
		if !ok || !plainTime(t) {
			return generic(ctx, dst, v)
		}
		return sqltypes.MakeTrusted(sqltypes.Date, appendDate(dst, t)), nil
	}
}

// datetimeFormat is dateFormat for DATETIME (precision 0): YYYY-MM-DD
// hh:mm:ss.
func datetimeFormat(generic valueFormat) valueFormat {
	return func(ctx *sql.Context, dst []byte, v any) (sqltypes.Value, error) {
		t, ok := v.(time.Time)
		if !ok || !plainTime(t) {
			return generic(ctx, dst, v)
		}
		dst = appendDate(dst, t)
		dst = append(dst, ' ')
		dst = append2(dst, t.Hour())
		dst = append(dst, ':')
		dst = append2(dst, t.Minute())
		dst = append(dst, ':')
		dst = append2(dst, t.Second())
		return sqltypes.MakeTrusted(sqltypes.Datetime, dst), nil
	}
}

func plainTime(t time.Time) bool {
	return t.Location() == time.UTC && t.Nanosecond() == 0 && t.Year() >= 1000 && t.Year() <= 9999
}

func appendDate(dst []byte, t time.Time) []byte {
	y, m, d := t.Date()
	dst = strconv.AppendInt(dst, int64(y), 10)
	dst = append(dst, '-')
	dst = append2(dst, int(m))
	dst = append(dst, '-')
	return append2(dst, d)
}

func append2(dst []byte, n int) []byte { return append(dst, byte('0'+n/10), byte('0'+n%10)) }

// decimalFormat writes decimals held at the column's scale with a
// coefficient that fits 64 bits.
func decimalFormat(ctx *sql.Context, dt types.DecimalType_, generic valueFormat) valueFormat {
	write, ok := scaledDecimal(ctx, dt)
	if !ok {
		return generic
	}
	scale := int32(dt.Scale())
	return func(ctx *sql.Context, dst []byte, v any) (sqltypes.Value, error) {
		d, ok := v.(decimal.Decimal)
		if !ok || d.Exponent() != -scale {
			return generic(ctx, dst, v)
		}
		co := d.Coefficient()
		if !co.IsInt64() || co.Int64() == -1<<63 {
			return generic(ctx, dst, v)
		}
		return sqltypes.MakeTrusted(sqltypes.Decimal, write(dst, co.Int64())), nil
	}
}

// scaledDecimal returns the writer of a DECIMAL column's values given as
// their coefficient at the column's scale (value × 10^scale, above
// math.MinInt64); ok is false when the type's text is not one it can
// write. go-mysql-server prints decimals with or without trailing
// fractional zeros depending on how the type was made; which one is
// asked of the type itself, once.
func scaledDecimal(ctx *sql.Context, dt types.DecimalType_) (write func(dst []byte, c int64) []byte, ok bool) {
	scale := int32(dt.Scale())
	if scale == 0 {
		return func(dst []byte, c int64) []byte { return strconv.AppendInt(dst, c, 10) }, true
	}
	if scale > 18 {
		return nil, false
	}
	probe, err := dt.SQL(ctx, nil, decimal.New(10, -scale))
	if err != nil {
		return nil, false
	}
	var trim bool
	switch probe.ToString() {
	case decimal.New(10, -scale).StringFixed(scale):
		trim = false
	case decimal.New(10, -scale).String():
		trim = true
	default:
		return nil, false
	}
	pow := int64(1)
	for range scale {
		pow *= 10
	}
	return func(dst []byte, c int64) []byte {
		start := len(dst)
		if c < 0 {
			dst = append(dst, '-')
			c = -c
		}
		dst = strconv.AppendInt(dst, c/pow, 10)
		frac := c % pow
		if trim && frac == 0 {
			return dst[start:]
		}
		dst = append(dst, '.')
		digits := len(dst)
		dst = strconv.AppendInt(dst, frac+pow, 10) // leading 1 keeps the zeros
		copy(dst[digits:], dst[digits+1:])
		dst = dst[:len(dst)-1]
		if trim {
			for dst[len(dst)-1] == '0' {
				dst = dst[:len(dst)-1]
			}
		}
		return dst[start:]
	}, true
}
