package exec

import (
	"fmt"
	"math"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
	"github.com/shopspring/decimal"
)

// constInput is a batch of (VARCHAR s, BIGINT n, DOUBLE f) rows with
// NULLs, twice: strings as values, and as codes into a dictionary (as a
// sealed segment's low-cardinality column arrives). dictExtra entries
// no row uses are added to the dictionary.
func constInput(t *testing.T, dictExtra int) ([]ColType, []*Batch, []sql.Row) {
	t.Helper()
	sch := sql.Schema{
		{Name: "s", Type: types.MustCreateString(sqltypes.VarChar, 16, sql.Collation_utf8mb4_0900_bin), Nullable: true},
		{Name: "n", Type: types.Int64, Nullable: true},
		{Name: "f", Type: types.Float64, Nullable: true},
		{Name: "d", Type: types.MustCreateDecimalType(10, 2), Nullable: true},
	}
	ts, ok := TypesOf(sch)
	if !ok {
		t.Fatal("schema not handled")
	}
	words := []string{"valid", "cancelled", "returned", "", "valid "}
	var rows []sql.Row
	for i := 0; i < 300; i++ {
		r := sql.Row{words[i%len(words)], int64(i%11 - 5), float64(i%7) - 2.5, decimal.New(int64(i%23-11)*25, -1)} // -27.5 … 27.5 by 2.5
		if i%13 == 0 {
			r[0] = nil
		}
		if i%17 == 0 {
			r[1], r[2], r[3] = nil, nil, nil
		}
		rows = append(rows, r)
	}
	ctx := sql.NewEmptyContext()
	plain := &Batch{N: len(rows), Cols: newVecs(len(ts))}
	for c, ct := range ts {
		plain.Cols[c].reset(ct, len(rows))
		for i, r := range rows {
			if err := plain.Cols[c].Set(ctx, i, len(rows), r[c]); err != nil {
				t.Fatal(err)
			}
		}
	}
	coded := &Batch{N: plain.N, Cols: []*Vec{{T: ts[0]}, plain.Cols[1], plain.Cols[2], plain.Cols[3]}}
	s := coded.Cols[0]
	s.Dict = append([]string(nil), words...)
	for k := 0; k < dictExtra; k++ {
		s.Dict = append(s.Dict, fmt.Sprintf("unused%d", k))
	}
	s.Codes = make([]uint32, len(rows))
	for i, r := range rows {
		if r[0] == nil {
			s.setNull(i, len(rows))
			s.Codes[i] = 2 // whatever a NULL row's code is, it is NULL
			continue
		}
		s.Codes[i] = uint32(i % len(words))
	}
	return ts, []*Batch{plain, coded}, rows
}

// TestConstComparisons checks comparisons with a literal on either side
// and IN lists against GMS's own Eval, row by row, on plain and
// dictionary-coded strings (a dictionary smaller and larger than the
// batch) and on integers and floats.
func TestConstComparisons(t *testing.T) {
	str := types.MustCreateString(sqltypes.VarChar, 16, sql.Collation_utf8mb4_0900_bin)
	s := expression.NewGetField(0, str, "s", true)
	n := expression.NewGetField(1, types.Int64, "n", true)
	f := expression.NewGetField(2, types.Float64, "f", true)
	lit := func(v any, typ sql.Type) sql.Expression { return expression.NewLiteral(v, typ) }
	d := expression.NewGetField(3, types.MustCreateDecimalType(10, 2), "d", true)
	dec := func(v string) sql.Expression {
		x := decimal.RequireFromString(v)
		return lit(x, types.MustCreateDecimalType(10, uint8(-x.Exponent())))
	}
	valid, two := lit("valid", str), lit(int64(2), types.Int64)
	in := func(x sql.Expression, items ...sql.Expression) sql.Expression {
		return expression.NewInTuple(x, expression.NewTuple(items...))
	}
	cases := []sql.Expression{
		expression.NewEquals(s, valid),
		expression.NewEquals(valid, s),
		expression.NewLessThan(s, valid),
		expression.NewGreaterThan(valid, s),
		expression.NewGreaterThanOrEqual(s, lit("", str)),
		expression.NewLessThanOrEqual(lit("returned", str), s),
		expression.NewEquals(n, two),
		expression.NewLessThan(two, n),
		expression.NewGreaterThanOrEqual(n, lit(int64(-3), types.Int64)),
		expression.NewLessThanOrEqual(f, lit(0.5, types.Float64)),
		expression.NewGreaterThan(lit(-1.5, types.Float64), f),
		in(s, valid, lit("returned", str)),
		in(s, lit("nope", str), lit(nil, str)),
		in(s, valid, lit(nil, str)),
		// a DECIMAL(10,2) against literals of other scales: brought to
		// the column's scale once when not wider, scaled per row when wider
		expression.NewLessThan(d, lit(int64(5), types.Int64)),
		expression.NewGreaterThanOrEqual(lit(int64(-10), types.Int64), d),
		expression.NewEquals(d, dec("12.5")),
		expression.NewGreaterThan(d, dec("-2.5")),
		expression.NewLessThanOrEqual(dec("7.501"), d),
		expression.NewEquals(d, dec("7.500")),
		expression.NewLessThan(d, lit(int64(math.MaxInt64/10), types.Int64)), // past int64 at scale 2
		expression.NewGreaterThan(d, lit(int64(math.MinInt64/10), types.Int64)),
		expression.NewLessThan(d, lit(uint8(20), types.Uint8)), // MySQL's 200: TINYINT UNSIGNED
		expression.NewGreaterThan(lit(uint64(math.MaxUint64), types.Uint64), d),
	}
	for _, extra := range []int{0, 1000} {
		ts, batches, rows := constInput(t, extra)
		for bi, b := range batches {
			for _, e := range cases {
				name := fmt.Sprintf("batch %d, dictionary +%d: %s", bi, extra, e)
				// Two passes: the second reuses the frame's scratch.
				t.Run(name, func(t *testing.T) { checkKernel(t, e, ts, b, rows, 2, boolAsInt64) })
			}
		}
	}
}

// boolAsInt64 reads GMS's boolean results (bools, int8s) as the kernel's
// integers.
func boolAsInt64(v any) any {
	if v == nil {
		return nil
	}
	x, _, _ := types.Int64.Convert(sql.NewEmptyContext(), v)
	return x
}
