package exec

import (
	"fmt"
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
)

// stringInput is a batch of (DATETIME at, BIGINT n, VARCHAR s,
// DECIMAL(10,2) amount) rows with NULLs, year ends and non-ASCII text.
func stringInput(t *testing.T) ([]ColType, *Batch, []sql.Row) {
	t.Helper()
	sch := sql.Schema{
		{Name: "at", Type: types.Datetime, Nullable: true},
		{Name: "n", Type: types.Int64, Nullable: true},
		{Name: "s", Type: types.MustCreateString(sqltypes.VarChar, 40, sql.Collation_utf8mb4_0900_bin), Nullable: true},
		{Name: "amount", Type: types.MustCreateDecimalType(10, 2), Nullable: true},
	}
	ts, ok := TypesOf(sch)
	if !ok {
		t.Fatal("schema not handled")
	}
	strs := []any{"Email-News", "newsletter_email", nil, "ÉTÉ été", "a@b.c@d", "%_x", "", "aaa"}
	ctx := sql.NewEmptyContext()
	var rows []sql.Row
	base := time.Date(2020, 12, 20, 22, 45, 0, 0, time.UTC)
	for i := 0; i < 300; i++ {
		var at any = base.Add(time.Duration(i*29) * time.Hour)
		if i%17 == 0 {
			at = nil
		}
		var amount any = fmt.Sprintf("%d.%02d", i*7%300-100, i%100)
		if i%13 == 0 {
			amount = nil
		}
		rows = append(rows, sql.Row{at, int64(i%7 - 3), strs[i%len(strs)], amount})
	}
	b := &Batch{N: len(rows), Cols: newVecs(len(ts))}
	for c, ct := range ts {
		b.Cols[c].reset(ct, len(rows))
		for i, r := range rows {
			if err := b.Cols[c].Set(ctx, i, len(rows), r[c]); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, r := range rows { // GMS's Eval reads DECIMALs as decimals
		r[3] = b.Cols[3].Value(i)
	}
	return ts, b, rows
}

// TestKernelKinds checks that each expression compiles to a kernel or a
// day memo, not to GMS's row-by-row evaluation, and that its values are
// GMS's Eval's.
func TestKernelKinds(t *testing.T) {
	at := expression.NewGetField(0, types.Datetime, "at", true)
	n := expression.NewGetField(1, types.Int64, "n", true)
	s := expression.NewGetField(2, types.MustCreateString(sqltypes.VarChar, 40, sql.Collation_utf8mb4_0900_bin), "s", true)
	amount := expression.NewGetField(3, types.MustCreateDecimalType(10, 2), "amount", true)
	str := func(v string) sql.Expression { return expression.NewLiteral(v, types.LongText) }
	num := func(v int64) sql.Expression { return expression.NewLiteral(v, types.Int64) }
	yw := must(function.NewYearWeek(at))
	cases := []struct {
		e    sql.Expression
		memo bool
	}{
		{function.NewDayOfWeek(at), true},
		{function.NewWeekday(at), true},
		{function.NewDayOfYear(at), true},
		{yw, true},
		{must(function.NewYearWeek(at, num(3))), true},
		{function.NewLastDay(at), true},
		{function.NewDateFormat(at, str("%Y-%m-01")), true},
		{must(function.NewConcat(yw, str(" Sunday"))), false}, // a kernel over a memo
		{function.NewHour(at), false},
		{function.NewMinute(at), false},
		{function.NewSecond(at), false},
		{expression.NewDiv(amount, n), false},
		{expression.NewDiv(n, num(7)), false},
		{expression.NewLike(s, str("%email%"), nil), false},
		{expression.NewLike(s, str("E%s"), nil), false},
		{function.NewLower(s), false},
		{function.NewUpper(s), false},
		{function.NewLength(s), false},
		{must(function.NewConcat(s, str("-"), n)), false},
		{must(function.NewSubstring(s, num(2), num(3))), false},
		{must(function.NewSubstring(s, num(-3))), false},
		{function.NewSubstringIndex(s, str("@"), num(-1)), false},
		{function.NewSubstringIndex(s, str("a"), num(2)), false},
		{must(function.NewCoalesce(amount, num(0))), false},
		{function.NewIfNull(s, str("none")), false},
	}
	ts, b, rows := stringInput(t)
	ctx := sql.NewEmptyContext()
	for _, tc := range cases {
		t.Run(tc.e.String(), func(t *testing.T) {
			c := &exprCompiler{in: ts}
			x, err := c.compile(tc.e)
			if err != nil {
				t.Fatal(err)
			}
			if _, memo := x.(*dayMemoOp); memo != tc.memo {
				t.Fatalf("compiled to %T", x)
			}
			if _, slow := x.(*rowExpr); slow {
				t.Fatal("evaluated row by row")
			}
			v, err := x.Vec(ctx, b, c.NewFrame())
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				want, err := tc.e.Eval(ctx, r)
				if err != nil {
					t.Fatal(err)
				}
				w, _, err := tc.e.Type().Convert(ctx, want)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := fmt.Sprint(v.Value(i)), fmt.Sprint(w); g != w {
					t.Fatalf("row %d %v: got %s, want %s", i, r, g, w)
				}
			}
		})
	}
}
