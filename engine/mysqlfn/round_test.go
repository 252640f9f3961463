package mysqlfn

import (
	"math"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// The expected values are MySQL 8 reference manual examples (ROUND,
// TRUNCATE) and MariaDB 10.11's answers where the two agree.
func TestRoundDecimal(t *testing.T) {
	for _, c := range []struct {
		x        string
		d        int64
		truncate bool
		want     string
	}{
		{"-1.23", 0, false, "-1"},
		{"-1.58", 0, false, "-2"},
		{"1.58", 0, false, "2"},
		{"1.298", 1, false, "1.3"},
		{"1.298", 0, false, "1"},
		{"23.298", -1, false, "20"},
		{"2.5", 0, false, "3"},
		{"-2.5", 0, false, "-3"},
		{"99.95", 1, false, "100"},
		{"1.223", 1, true, "1.2"},
		{"1.999", 1, true, "1.9"},
		{"1.999", 0, true, "1"},
		{"-1.999", 1, true, "-1.9"},
		{"1234.5678", -2, true, "1200"},
		{"-1299", -2, true, "-1200"},
		{"-1234.5678", 2, true, "-1234.56"},
		{"1028.00", 0, true, "1028"},
		{"5.5", -80, false, "0"},
	} {
		got := RoundDecimal(decimal.RequireFromString(c.x), c.d, c.truncate)
		if !got.Equal(decimal.RequireFromString(c.want)) {
			t.Errorf("round(%s, %d, truncate %v) = %s, want %s", c.x, c.d, c.truncate, got, c.want)
		}
	}
}

func TestRoundInt(t *testing.T) {
	for _, c := range []struct {
		x, d     int64
		truncate bool
		want     int64
		ok       bool
	}{
		{122, -2, true, 100, true},
		{1250, -2, false, 1300, true},
		{-1250, -2, false, -1300, true},
		{1249, -2, false, 1200, true},
		{-1299, -2, true, -1200, true},
		{77, 3, false, 77, true},
		{5, -20, false, 0, true},
		{math.MaxInt64, -1, false, 0, false},                      // 9223372036854775810: 1690
		{math.MinInt64, -2, false, -9223372036854775800, true},    // MySQL's table
		{math.MinInt64, -1, false, 0, false},                      // -9223372036854775810
		{-9223372036854775807, -1, false, 0, false},               // the same
		{math.MaxInt64, -3, true, 9223372036854775000, true},      // toward zero
		{math.MinInt64 + 8, -1, true, -9223372036854775800, true}, // toward zero
	} {
		got, ok := RoundInt(c.x, c.d, c.truncate)
		if got != c.want || ok != c.ok {
			t.Errorf("RoundInt(%d, %d, %v) = %d, %v; want %d, %v", c.x, c.d, c.truncate, got, ok, c.want, c.ok)
		}
	}
	if got, ok := RoundUint(math.MaxUint64, -1, false); ok {
		t.Errorf("RoundUint(MaxUint64, -1) = %d, want an overflow", got)
	}
	if got, ok := RoundUint(18446744073709551615, -1, true); !ok || got != 18446744073709551610 {
		t.Errorf("TRUNCATE(MaxUint64, -1) = %d, %v", got, ok)
	}
}

func TestRoundFloat(t *testing.T) {
	for _, c := range []struct {
		x        float64
		d        int64
		truncate bool
		want     float64
	}{
		{2.5, 0, false, 2}, // half to even, as the manual's ROUND(2.5E0)
		{3.5, 0, false, 4},
		{-2.5, 0, false, -2},
		{1234.5678, -2, false, 1200},
		{1250, -2, false, 1200},
		{1.298, 1, false, 1.3},
		{2.5, 0, true, 2},
		{-2.789, 1, true, -2.7},
		{1234.5678, -2, true, 1200},
		{-1299, -2, true, -1200},
		{1e308, 5, false, 1e308}, // x·10^d overflows: x unchanged
		{5, -400, false, 0},
	} {
		if got := RoundFloat(c.x, c.d, c.truncate); got != c.want {
			t.Errorf("RoundFloat(%v, %d, %v) = %v, want %v", c.x, c.d, c.truncate, got, c.want)
		}
	}
}

// TestRoundType: MySQL 8's Item_func_round::resolve_type, case by case.
func TestRoundType(t *testing.T) {
	dec := func(p, s uint8) sql.Type { return types.MustCreateDecimalType(p, s) }
	for _, c := range []struct {
		name     string
		t        sql.Type
		intPrec  int
		d        int64
		isConst  bool
		truncate bool
		want     sql.Type
	}{
		{"ROUND(DECIMAL(12,2), 0)", dec(12, 2), 0, 0, true, false, dec(11, 0)},
		{"ROUND(DECIMAL(12,2), 1)", dec(12, 2), 0, 1, true, false, dec(12, 1)},
		{"TRUNCATE(DECIMAL(12,2), 1)", dec(12, 2), 0, 1, true, true, dec(11, 1)},
		{"ROUND(DECIMAL(2,1), 3)", dec(2, 1), 0, 3, true, false, dec(4, 3)},
		{"ROUND(DECIMAL(12,2), -1)", dec(12, 2), 0, -1, true, false, dec(11, 0)},
		{"ROUND(DECIMAL(12,2), n)", dec(12, 2), 0, 0, false, false, dec(13, 2)},
		{"ROUND(DECIMAL(4,3), 40)", dec(4, 3), 0, 40, true, false, dec(31, 30)},
		{"ROUND(INT, 2)", types.Int32, 10, 2, true, false, types.Int64},
		{"ROUND(INT UNSIGNED, -1)", types.Uint32, 10, -1, true, false, types.Uint64},
		{"ROUND(BIGINT, 2)", types.Int64, 19, 2, true, false, dec(21, 2)},
		{"ROUND(BIGINT, 0)", types.Int64, 19, 0, true, false, dec(19, 0)},
		{"TRUNCATE(BIGINT, 0)", types.Int64, 19, 0, true, true, types.Int64},
		{"ROUND(INT, n)", types.Int32, 10, 0, false, false, types.Float64},
		{"ROUND(DOUBLE, 1)", types.Float64, 0, 1, true, false, types.Float64},
		{"ROUND(VARCHAR, 1)", types.Text, 0, 1, true, false, types.Float64},
		{"ROUND(DATE)", types.Date, 0, 0, true, false, types.Float64},
	} {
		if got := RoundType(c.t, c.intPrec, c.d, c.isConst, c.truncate); !got.Equals(c.want) {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestIntPrecision(t *testing.T) {
	col := func(typ sql.Type) sql.Expression { return expression.NewGetField(0, typ, "x", true) }
	lit := func(v int64) sql.Expression { return expression.NewLiteral(v, types.Int64) }
	for _, c := range []struct {
		e    sql.Expression
		want int
	}{
		{col(types.Int32), 10},
		{col(types.Int64), 19},
		{col(types.Uint64), 20},
		{lit(12345), 5},
		{lit(-7), 1},
		{expression.NewPlus(col(types.Int32), lit(1)), 11},
		{expression.NewMult(col(types.Int32), lit(2)), 11},
		{expression.NewMult(col(types.Int64), col(types.Int32)), 29},
	} {
		if got := IntPrecision(c.e); got != c.want {
			t.Errorf("IntPrecision(%s) = %d, want %d", c.e, got, c.want)
		}
	}
}

// TestRoundEval: the SQL adapter's values and their scale (the wire
// writes a DECIMAL's own digits).
func TestRoundEval(t *testing.T) {
	ctx := sql.NewEmptyContext()
	lit := func(v any, typ sql.Type) sql.Expression { return expression.NewLiteral(v, typ) }
	d := func(s string, p, sc uint8) sql.Expression {
		return lit(decimal.RequireFromString(s), types.MustCreateDecimalType(p, sc))
	}
	n := func(v int64) sql.Expression { return lit(v, types.Int64) }
	trunc := func(x, places sql.Expression) sql.Expression { return truncateFunc.Fn(x, places) }
	round := func(args ...sql.Expression) sql.Expression {
		e, err := roundFunc.Fn(args...)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	for _, c := range []struct {
		e    sql.Expression
		want string
	}{
		{trunc(d("2.789", 4, 3), n(1)), "2.7"},
		{trunc(d("1.5", 2, 1), n(3)), "1.500"},
		{round(d("42.00", 4, 2), n(0)), "42"},
		{round(d("42.00", 4, 2)), "42"},
		{trunc(d("1234.5678", 8, 4), n(-2)), "1200"},
		{trunc(lit(2.5, types.Float64), n(0)), "2"},
		{round(lit(2.5, types.Float64)), "2"},
		{trunc(lit(int32(1299), types.Int32), n(-2)), "1200"},
		{trunc(lit("2.789", types.Text), n(2)), "2.78"},
		{trunc(d("1.5", 2, 1), lit(nil, types.Null)), "<nil>"},
		{trunc(lit(nil, types.Null), n(1)), "<nil>"},
	} {
		v, err := c.e.Eval(ctx, nil)
		if err != nil {
			t.Errorf("%s: %v", c.e, err)
			continue
		}
		got := "<nil>"
		switch v := v.(type) {
		case decimal.Decimal:
			got = v.StringFixed(max(-v.Exponent(), 0)) // its own digits
		case nil:
		default:
			got = decimal.NewFromFloat(toFloat(t, v)).String()
		}
		if got != c.want {
			t.Errorf("%s = %s (%T), want %s", c.e, got, v, c.want)
		}
	}
}

func toFloat(t *testing.T, v any) float64 {
	f, _, err := types.Float64.Convert(sql.NewEmptyContext(), v)
	if err != nil {
		t.Fatal(err)
	}
	return f.(float64)
}
