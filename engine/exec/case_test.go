package exec

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestCaseKernels checks searched CASE and IF against GMS's Eval row by
// row: branch order (the first true condition wins), NULL conditions,
// NULL and missing ELSE, string results coded into the literals, and
// values of other layouts.
func TestCaseKernels(t *testing.T) {
	ts, batches, rows := constInput(t, 0)
	str := ts[0].SQL
	s := expression.NewGetField(0, str, "s", true)
	n := expression.NewGetField(1, types.Int64, "n", true)
	d := expression.NewGetField(3, types.MustCreateDecimalType(10, 2), "d", true)
	lit := func(v any, typ sql.Type) sql.Expression { return expression.NewLiteral(v, typ) }
	text := func(v string) sql.Expression { return lit(v, types.LongText) }
	zero := lit(int64(0), types.Int64)
	cs := func(els sql.Expression, bs ...expression.CaseBranch) sql.Expression {
		return expression.NewCase(nil, bs, els)
	}
	br := func(c, v sql.Expression) expression.CaseBranch { return expression.CaseBranch{Cond: c, Value: v} }
	cases := []sql.Expression{
		cs(text("pos"), br(expression.NewLessThan(n, zero), text("neg")), br(expression.NewEquals(n, zero), lit(nil, types.LongText))),
		cs(nil, br(expression.NewGreaterThan(n, lit(int64(2), types.Int64)), text("big")), br(expression.NewGreaterThan(n, zero), text("small"))),
		cs(text("x"), br(expression.NewLessThan(d, lit(int64(5), types.Int64)), s)),
		cs(expression.NewUnaryMinus(n), br(expression.NewGreaterThan(n, zero), n)),
		cs(zero, br(expression.NewLessThan(d, zero), d)),
		function.NewIf(expression.NewIsNull(n), text("none"), text("some")),
	}
	for bi, b := range batches {
		for _, e := range cases {
			t.Run(e.String(), func(t *testing.T) {
				_ = bi
				checkKernel(t, e, ts, b, rows, 2, nil)
			})
		}
	}
}
