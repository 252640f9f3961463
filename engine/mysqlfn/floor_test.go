package mysqlfn

import (
	"fmt"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// TestIntVal: FLOOR and CEIL's types and values as MariaDB 10.11 gives
// them (its --column-type-info: LONG, LONGLONG, NEWDECIMAL, DOUBLE), a
// DECIMAL quotient floored after truncation at its 9 internal digits.
func TestIntVal(t *testing.T) {
	dec := func(s string, p, sc uint8) sql.Expression {
		return expression.NewLiteral(decimal.RequireFromString(s), types.MustCreateDecimalType(p, sc))
	}
	i64 := func(n int64) sql.Expression { return expression.NewLiteral(n, types.Int64) }
	i32 := func(n int32) sql.Expression { return expression.NewLiteral(n, types.Int32) }
	div := func(a, b sql.Expression) sql.Expression { return expression.NewDiv(a, b) }
	for _, c := range []struct {
		name string
		x    sql.Expression
		ceil bool
		typ  sql.Type
		want string
	}{
		{"DECIMAL(2,1) is INT", dec("-2.5", 2, 1), false, types.Int32, "-3"},
		{"ceil toward +inf", dec("-0.5", 1, 1), true, types.Int32, "0"},
		{"DECIMAL(12,2) is BIGINT", dec("-12.34", 12, 2), false, types.Int64, "-13"},
		{"past INT", dec("3000000000.5", 12, 1), false, types.Int64, "3000000000"},
		{"DECIMAL(30,2) stays DECIMAL", dec("1000000000000000000000000000.5", 30, 2), false, types.MustCreateDecimalType(29, 0), "1000000000000000000000000000"},
		{"DOUBLE", expression.NewLiteral(-2.5, types.Float64), false, types.Float64, "-3"},
		{"DOUBLE ceil", expression.NewLiteral(2.1, types.Float64), true, types.Float64, "3"},
		{"INT keeps its type", i32(7), false, types.Int32, "7"},
		{"INT / INT", div(i32(7), i32(2)), false, types.Int32, "3"},
		{"negative quotient", div(dec("-12.34", 12, 2), i64(10)), false, types.Int64, "-2"},
		{"truncated at 9 digits", div(i64(-10000000001), i64(10000000000)), false, types.Int64, "-1"},
		{"truncated at 9 digits, ceil", div(i64(10000000001), i64(10000000000)), true, types.Int64, "1"},
		{"NULL", expression.NewLiteral(nil, types.Null), false, types.Float64, "<nil>"},
	} {
		e := NewIntVal(c.x, c.ceil)
		if got := e.Type(); got.String() != c.typ.String() {
			t.Errorf("%s: type %s, want %s", c.name, got, c.typ)
		}
		v, err := e.Eval(sql.NewEmptyContext(), nil)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := fmt.Sprint(v); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
