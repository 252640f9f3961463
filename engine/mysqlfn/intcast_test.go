package mysqlfn

import (
	"fmt"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// TestIntCast: CAST(x AS SIGNED|UNSIGNED) of DOUBLEs, DECIMALs and
// strings, MariaDB's answers (mysql CLI against 10.11) except where
// noted as MySQL 8's.
func TestIntCast(t *testing.T) {
	ctx := sql.NewEmptyContext()
	dec := decimal.RequireFromString
	for _, c := range []struct {
		x        any
		t        sql.Type
		unsigned bool
		want     string
	}{
		{2.5, types.Float64, false, "2"},
		{-2.5, types.Float64, false, "-2"},
		{2.4999, types.Float64, false, "2"},
		{0.5, types.Float64, false, "0"},
		{1.5, types.Float64, false, "2"},
		{3.5, types.Float64, false, "4"},
		{1e19, types.Float64, false, "9223372036854775807"},
		{-1e19, types.Float64, false, "-9223372036854775808"},
		{1e19, types.Float64, true, "10000000000000000000"},
		{2e19, types.Float64, true, "18446744073709551615"},
		{2.5, types.Float64, true, "2"},
		{-0.4, types.Float64, true, "0"},
		{-1.5, types.Float64, true, "18446744073709551614"}, // MySQL 8; MariaDB 0
		{float32(2.5), types.Float32, false, "2"},
		{dec("2.5"), types.MustCreateDecimalType(10, 1), false, "3"},
		{dec("-2.5"), types.MustCreateDecimalType(10, 1), false, "-3"},
		{dec("2.49"), types.MustCreateDecimalType(10, 2), false, "2"},
		{dec("-1.5"), types.MustCreateDecimalType(10, 1), true, "18446744073709551614"}, // MySQL 8; MariaDB 0
		{dec("99999999999999999999.5"), types.MustCreateDecimalType(21, 1), false, "9223372036854775807"},
		{dec("99999999999999999999.5"), types.MustCreateDecimalType(21, 1), true, "18446744073709551615"},
		{"2.5", types.LongText, false, "2"},
		{"-2.5", types.LongText, false, "-2"},
		{"2.5e0", types.LongText, false, "2"},
		{" 7x", types.LongText, false, "7"},
		{"\t7", types.LongText, false, "7"},
		{"\n123\n", types.LongText, false, "0"}, // MySQL skips spaces and tabs only (MariaDB: 123)
		{"x", types.LongText, false, "0"},
		{"-2.5", types.LongText, true, "18446744073709551614"},
		{"1e19", types.LongText, false, "1"},
		{"18446744073709551615", types.LongText, false, "-1"},
		{"99999999999999999999", types.LongText, true, "18446744073709551615"},
		{"-99999999999999999999", types.LongText, false, "-9223372036854775808"},
		{nil, types.LongText, false, "<nil>"},
	} {
		to := "signed"
		if c.unsigned {
			to = "unsigned"
		}
		ic, ok := NewIntCast(expression.NewConvert(expression.NewLiteral(c.x, c.t), to))
		if !ok {
			t.Fatalf("NewIntCast(%v AS %s): not wrapped", c.x, to)
		}
		v, err := ic.Eval(ctx, nil)
		if err != nil {
			t.Fatalf("CAST(%v AS %s): %v", c.x, to, err)
		}
		if got := fmt.Sprint(v); got != c.want {
			t.Errorf("CAST(%v AS %s) = %s, want %s", c.x, to, got, c.want)
		}
	}
	if _, ok := NewIntCast(expression.NewConvert(expression.NewLiteral(int64(1), types.Int64), "unsigned")); ok {
		t.Error("an integer's cast is GMS's, not wrapped")
	}
}
