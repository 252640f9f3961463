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

	"github.com/cohortdb/cohortdb/contract/floattext"
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
		return doubleFormat(generic)
	case t == types.Float32:
		return floatFormat(generic)
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

// doubleFormat writes DOUBLE values in MySQL's notation (floattext):
// go-mysql-server's %g text would be 4.04540231e+06 for MySQL's
// 4045402.31. Numbers of other Go types are converted as the type
// converts them; anything else is written by the type and rewritten.
func doubleFormat(generic valueFormat) valueFormat {
	return func(ctx *sql.Context, dst []byte, v any) (sqltypes.Value, error) {
		x, ok := goFloat(v)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			return mysqlFloatText(generic(ctx, dst, v))
		}
		return sqltypes.MakeTrusted(sqltypes.Float64, floattext.AppendDouble(dst, x)), nil
	}
}

// floatFormat is doubleFormat for FLOAT: values beyond FLOAT's range are
// clamped to it, as go-mysql-server does, and written with FLOAT's
// precision.
func floatFormat(generic valueFormat) valueFormat {
	return func(ctx *sql.Context, dst []byte, v any) (sqltypes.Value, error) {
		x, ok := goFloat(v)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			return mysqlFloatText(generic(ctx, dst, v))
		}
		x = min(max(x, -math.MaxFloat32), math.MaxFloat32)
		return sqltypes.MakeTrusted(sqltypes.Float32, floattext.AppendFloat(dst, float32(x))), nil
	}
}

// rewriteFloatRows puts the DOUBLE and FLOAT values of a text-protocol
// result go-mysql-server's handler wrote into MySQL's notation.
func rewriteFloatRows(r *sqltypes.Result) {
	var cols []int
	for i, f := range r.Fields {
		if f.Type == sqltypes.Float64 || f.Type == sqltypes.Float32 {
			cols = append(cols, i)
		}
	}
	if len(cols) == 0 {
		return
	}
	for _, row := range r.Rows {
		for _, i := range cols {
			if i < len(row) {
				row[i], _ = mysqlFloatText(row[i], nil)
			}
		}
	}
}

// goFloat is the float64 of a Go number as go-mysql-server converts it.
func goFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case int16:
		return float64(n), true
	case int8:
		return float64(n), true
	case uint64:
		return float64(n), true
	case uint32:
		return float64(n), true
	}
	return 0, false
}

// mysqlFloatText rewrites a DOUBLE or FLOAT wire value that
// go-mysql-server wrote with Go's %g into MySQL's notation; other values,
// and text that is not a finite number, are returned as they are. It is
// for the text protocol only: the binary protocol sends the value's bits,
// and FLOAT's 6 digits would change them.
func mysqlFloatText(val sqltypes.Value, err error) (sqltypes.Value, error) {
	if err != nil || val.IsNull() {
		return val, err
	}
	bits := 64
	switch val.Type() {
	case sqltypes.Float64:
	case sqltypes.Float32:
		bits = 32
	default:
		return val, nil
	}
	raw := val.Raw()
	if len(raw) == 0 || raw[len(raw)-1] == 'N' || raw[len(raw)-1] == 'f' { // NaN, ±Inf
		return val, nil
	}
	out, ok := floattext.Rewrite(make([]byte, 0, 24), raw, bits)
	if !ok {
		return val, nil
	}
	return sqltypes.MakeTrusted(val.Type(), out), nil
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
	column, _ := trimsZeros(ctx, dt) // a table column's type (MustCreateColumnDecimalType)
	scale := int32(dt.Scale())
	write, direct := scaledDecimal(ctx, dt)
	return func(ctx *sql.Context, dst []byte, v any) (sqltypes.Value, error) {
		d, ok := v.(decimal.Decimal)
		if !ok {
			return generic(ctx, dst, v)
		}
		if d.Exponent() != -scale {
			if !column {
				// MySQL writes a DECIMAL result at its column's scale;
				// go-mysql-server writes an expression's value at the
				// value's own (COALESCE(ROUND(19.99, 1), price): 20.0,
				// not 20.00; MOD(customer_id / 8, 3): 0.125000000, not
				// 0.1250), at any scale. Round is half away from zero,
				// as MySQL's.
				return generic(ctx, dst, d.Round(scale))
			}
			return generic(ctx, dst, v)
		}
		if !direct {
			return generic(ctx, dst, v) // scale above 18: no int64 coefficient
		}
		co := d.Coefficient()
		if !co.IsInt64() || co.Int64() == -1<<63 {
			return generic(ctx, dst, v)
		}
		return sqltypes.MakeTrusted(sqltypes.Decimal, write(dst, co.Int64())), nil
	}
}

// trimsZeros asks dt whether go-mysql-server writes its values without
// trailing fractional zeros, as it does for a type made for a table's
// column, rather than at the scale, as for an expression's; ok is false
// when it writes neither way.
func trimsZeros(ctx *sql.Context, dt types.DecimalType_) (trim, ok bool) {
	scale := int32(dt.Scale())
	if scale == 0 {
		return false, true
	}
	probe, err := dt.SQL(ctx, nil, decimal.New(10, -scale))
	if err != nil {
		return false, false
	}
	switch probe.ToString() {
	case decimal.New(10, -scale).StringFixed(scale):
		return false, true
	case decimal.New(10, -scale).String():
		return true, true
	}
	return false, false
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
	trim, ok := trimsZeros(ctx, dt)
	if !ok {
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
