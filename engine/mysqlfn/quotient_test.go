package mysqlfn

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

func TestQuotientDigits(t *testing.T) {
	for _, c := range []struct{ s1, s2, want int32 }{
		{0, 0, 9},  // 1 / 3 = 0.333333333
		{2, 0, 9},  // 100.00 / 7 = 14.285714285
		{2, 2, 18}, // both rounded up to a word
		{6, 0, 18}, // 6 + 4 decimals pass a word
		{5, 0, 9},
	} {
		if got := QuotientDigits(c.s1, c.s2); got != c.want {
			t.Errorf("QuotientDigits(%d, %d) = %d, want %d", c.s1, c.s2, got, c.want)
		}
	}
}

// TestSumOfQuotients: MariaDB's answers (MySQL's decimal division is
// the same code) for SUM and AVG over a DECIMAL quotient without GROUP
// BY: the quotients are added at 9 truncated decimals, the aggregate
// alone is rounded.
func TestSumOfQuotients(t *testing.T) {
	ctx := sql.NewEmptyContext()
	div := expression.NewDiv(expression.NewLiteral(decimal.RequireFromString("100.00"), types.MustCreateDecimalType(5, 2)),
		expression.NewLiteral(int8(7), types.Int8))
	for _, avg := range []bool{false, true} {
		var agg interface {
			NewBuffer() (sql.AggregationBuffer, error)
		} = NewSum(div)
		want := "37899.999998" // SUM over 2653 rows
		if avg {
			agg, want = NewAvg(div), "14.2857142850"
		}
		buf, err := agg.NewBuffer()
		if err != nil {
			t.Fatal(err)
		}
		for range 2653 {
			if err := buf.Update(ctx, nil); err != nil {
				t.Fatal(err)
			}
		}
		v, err := buf.Eval(ctx)
		if err != nil {
			t.Fatal(err)
		}
		d := v.(decimal.Decimal)
		if got := d.StringFixed(max(-d.Exponent(), 0)); got != want {
			t.Errorf("avg %v: %s, want %s", avg, got, want)
		}
	}
}
