package exec

import (
	"fmt"
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// kernelInput is a batch of (DATETIME at, DATE day, BIGINT n) rows with
// NULLs, month ends, leap days and times either side of midnight.
func kernelInput(t *testing.T) ([]ColType, *Batch, []sql.Row) {
	t.Helper()
	sch := sql.Schema{
		{Name: "at", Type: types.Datetime, Nullable: true},
		{Name: "day", Type: types.Date, Nullable: true},
		{Name: "n", Type: types.Int64, Nullable: true},
	}
	ts, ok := TypesOf(sch)
	if !ok {
		t.Fatal("schema not handled")
	}
	ctx := sql.NewEmptyContext()
	var rows []sql.Row
	base := time.Date(2023, 12, 31, 23, 30, 0, 0, time.UTC)
	for i := 0; i < 400; i++ {
		at := base.Add(time.Duration(i*37) * time.Hour)
		day := time.Date(2024, 1, 29+i%5, 0, 0, 0, 0, time.UTC).AddDate(0, i%14, 0)
		r := sql.Row{at, day, int64(i%9 - 4)}
		if i%23 == 0 {
			r[0] = nil
		}
		if i%31 == 0 {
			r[1] = nil
		}
		rows = append(rows, r)
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
	return ts, b, rows
}

// TestKernelsMatchEval checks each vector kernel against GMS's own Eval
// of the same expression, row by row, and that it is a kernel (not the
// row-by-row fallback).
func TestKernelsMatchEval(t *testing.T) {
	at := expression.NewGetField(0, types.Datetime, "at", true)
	day := expression.NewGetField(1, types.Date, "day", true)
	lit := func(v any, typ sql.Type) sql.Expression { return expression.NewLiteral(v, typ) }
	iv := func(n int64, unit string) *expression.Interval {
		return expression.NewInterval(lit(n, types.Int64), unit)
	}
	mi := func(date sql.Expression, n int64, unit string, sign int64) sql.Expression {
		e, ok := mysqlfn.NewInterval(date, iv(n, unit), sign)
		if !ok {
			t.Fatalf("no interval over %s", date)
		}
		return e
	}
	cases := []sql.Expression{
		mi(day, 18, "MONTH", 1),
		mi(at, 2, "QUARTER", -1),
		mi(day, 90, "MINUTE", 1),
		mi(at, 7, "DAY", 1),
		mi(day, 1, "YEAR", -1),
		expression.NewArithmetic(at, iv(30, "DAY"), "+"),
		expression.NewArithmetic(at, iv(36, "HOUR"), "-"),
		expression.NewArithmetic(iv(1, "MONTH"), day, "+"),
		expression.NewArithmetic(day, iv(3, "MONTH"), "-"),
		expression.NewArithmetic(day, iv(1, "YEAR"), "+"),
		must(function.NewDateAdd(day, iv(2, "WEEK"))),
		must(function.NewDateSub(at, iv(1, "MONTH"))),
		must(function.NewDateAdd(day, iv(90, "MINUTE"))),
		function.NewDateDiff(at, day),
		function.NewDateDiff(lit("2025-03-01", types.LongText), day),
		mysqlfn.NewTimestampDiff(lit("MONTH", types.LongText), day, at),
		mysqlfn.NewTimestampDiff(lit("YEAR", types.LongText), day, lit("2026-07-01", types.LongText)),
		mysqlfn.NewTimestampDiff(lit("quarter", types.LongText), at, day),
		mysqlfn.NewTimestampDiff(lit("DAY", types.LongText), at, day),
		mysqlfn.NewTimestampDiff(lit("SECOND", types.LongText), day, at),
		mysqlfn.NewTimestampDiff(lit("WEEK", types.LongText), lit("2024-01-01 12:00:00", types.LongText), at),
	}
	ts, b, rows := kernelInput(t)
	for _, e := range cases {
		t.Run(e.String(), func(t *testing.T) { checkKernel(t, e, ts, b, rows, 1, nil) })
	}
}

// checkKernel compiles e over ts to a vector kernel (failing when it
// would run row by row) and checks, passes times over one frame, that
// its values on b are GMS's own Eval of e on rows, each Eval result
// passed through norm when norm is set.
func checkKernel(t *testing.T, e sql.Expression, ts []ColType, b *Batch, rows []sql.Row, passes int, norm func(any) any) {
	t.Helper()
	ctx := sql.NewEmptyContext()
	c := &exprCompiler{in: ts}
	x, native, err := c.native(e)
	if err != nil || !native {
		t.Fatalf("%s: no kernel (%v)", e, err)
	}
	fr := c.NewFrame()
	for pass := 0; pass < passes; pass++ {
		v, err := x.Vec(ctx, b, fr)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			want, err := e.Eval(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if norm != nil {
				want = norm(want)
			}
			if g, w := fmt.Sprint(v.Value(i)), fmt.Sprint(want); g != w {
				t.Fatalf("%s, pass %d: row %d %v: got %s, want %s", e, pass, i, r, g, w)
			}
		}
	}
}

func must(e sql.Expression, err error) sql.Expression {
	if err != nil {
		panic(err)
	}
	return e
}
