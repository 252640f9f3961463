package mysqlfn

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// TestPeriod: PERIOD_DIFF and PERIOD_ADD as MariaDB 10.11 answers them
// (two-digit years below 70 in the 2000s, months past 12 not refused,
// arguments rounded to integers, NULL in NULL out).
func TestPeriod(t *testing.T) {
	lit := func(v any) sql.Expression {
		switch x := v.(type) {
		case nil:
			return expression.NewLiteral(nil, types.Null)
		case string:
			return expression.NewLiteral(x, types.LongText)
		case decimal.Decimal:
			return expression.NewLiteral(x, types.MustCreateDecimalType(7, 1))
		}
		return expression.NewLiteral(int64(v.(int)), types.Int64)
	}
	for _, c := range []struct {
		add  bool
		a, b any
		want any
	}{
		{false, 202603, 202511, int32(4)},
		{true, 202611, 3, int32(202702)},
		{false, 2603, 9912, int32(315)},
		{true, 9912, 1, int32(200001)},
		{false, 202613, 202601, int32(12)},
		{true, 0, 5, int32(0)},
		{false, nil, 1, nil},
		{true, 202601, nil, nil},
		{false, "202603", decimal.RequireFromString("202601.7"), int32(1)},
		{true, 202601, -13, int32(202412)},
	} {
		fn := periodFuncs[0]
		if c.add {
			fn = periodFuncs[1]
		}
		e, err := fn.NewInstance([]sql.Expression{lit(c.a), lit(c.b)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.Eval(sql.NewEmptyContext(), nil)
		if err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		if got != c.want {
			t.Errorf("%s = %v, want %v", e, got, c.want)
		}
		if e.Type() != types.Int32 {
			t.Errorf("%s typed %s, want INT", e, e.Type())
		}
	}
}
