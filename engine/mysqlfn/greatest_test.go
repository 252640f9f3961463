package mysqlfn

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// TestMinMax: MySQL 8's answers (and types) of GREATEST and LEAST over
// exact numbers, worked by hand.
func TestMinMax(t *testing.T) {
	ctx := sql.NewEmptyContext()
	dec := func(s string, p, sc uint8) sql.Expression {
		return expression.NewLiteral(decimal.RequireFromString(s), types.MustCreateDecimalType(p, sc))
	}
	i64 := func(n int64) sql.Expression { return expression.NewLiteral(n, types.Int64) }
	for _, c := range []struct {
		least bool
		args  []sql.Expression
		want  string
		typ   sql.Type
	}{
		{true, []sql.Expression{dec("2.50", 3, 2), expression.NewLiteral(int8(3), types.Int8)}, "2.50", types.MustCreateDecimalType(3, 2)},
		{false, []sql.Expression{dec("1.5", 2, 1), i64(2), dec("0.25", 3, 2)}, "2.00", types.MustCreateDecimalType(3, 2)},
		{false, []sql.Expression{i64(9007199254740993), i64(1)}, "9007199254740993", types.Int64},
		{true, []sql.Expression{i64(-9007199254740993), i64(1)}, "-9007199254740993", types.Int64},
		{true, []sql.Expression{dec("1.5", 2, 1), expression.NewLiteral(nil, types.Null)}, "<nil>", nil},
	} {
		e, err := newMinMax(c.args, c.least)
		if err != nil {
			t.Fatal(err)
		}
		if c.typ != nil && !e.Type().Equals(c.typ) {
			t.Errorf("%s: type %s, want %s", e, e.Type(), c.typ)
		}
		v, err := e.Eval(ctx, nil)
		if err != nil {
			t.Errorf("%s: %v", e, err)
			continue
		}
		got := "<nil>"
		switch v := v.(type) {
		case decimal.Decimal:
			got = v.StringFixed(max(-v.Exponent(), 0))
		case int64:
			got = decimal.NewFromInt(v).String()
		case nil:
		default:
			t.Errorf("%s: %T", e, v)
		}
		if got != c.want {
			t.Errorf("%s = %s, want %s", e, got, c.want)
		}
	}
}

// TestLeastDates: LEAST of DATEs stays a DATE (GMS: DATETIME(6)).
func TestLeastDates(t *testing.T) {
	d := expression.NewGetField(0, types.Date, "d", true)
	e, err := newMinMax([]sql.Expression{d, d}, true)
	if err != nil {
		t.Fatal(err)
	}
	if e.Type() != types.Date {
		t.Errorf("LEAST(DATE, DATE) is %s", e.Type())
	}
}
