package mysqlfn

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

func TestClampDecimal(t *testing.T) {
	for _, c := range []struct {
		x          string
		prec, scal int32
		want       string
	}{
		{"10000000000", 10, 2, "99999999.99"},
		{"-10000000000", 10, 2, "-99999999.99"},
		{"12.345", 10, 2, "12.35"},
		{"99999999.995", 10, 2, "99999999.99"},
		{"5", 1, 0, "5"},
	} {
		if got := ClampDecimal(decimal.RequireFromString(c.x), c.prec, c.scal); !got.Equal(decimal.RequireFromString(c.want)) {
			t.Errorf("ClampDecimal(%s, %d, %d) = %s, want %s", c.x, c.prec, c.scal, got, c.want)
		}
	}
}

// TestDecimalCast: CAST(10000000000 AS DECIMAL(10,2)) is MySQL's
// 99999999.99 (GMS: 0.00); in-range values are GMS's.
func TestDecimalCast(t *testing.T) {
	ctx := sql.NewEmptyContext()
	for _, c := range []struct {
		x    any
		want string
	}{
		{int64(10000000000), "99999999.99"},
		{int64(-10000000000), "-99999999.99"},
		{"1e20", "99999999.99"},
		{int64(10), "10.00"},
		{int64(0), "0.00"},
	} {
		cv := expression.NewConvertWithLengthAndScale(expression.NewLiteral(c.x, types.Int64), expression.ConvertToDecimal, 10, 2)
		if s, ok := c.x.(string); ok {
			cv = expression.NewConvertWithLengthAndScale(expression.NewLiteral(s, types.Text), expression.ConvertToDecimal, 10, 2)
		}
		dc, ok := NewDecimalCast(cv)
		if !ok {
			t.Fatal("not a DECIMAL cast")
		}
		v, err := dc.Eval(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.(decimal.Decimal).StringFixed(2); got != c.want {
			t.Errorf("CAST(%v AS DECIMAL(10,2)) = %s, want %s", c.x, got, c.want)
		}
	}
}
