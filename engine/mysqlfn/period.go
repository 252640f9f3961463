package mysqlfn

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// periodFuncs are PERIOD_DIFF(p1, p2), the months from period p2 to p1,
// and PERIOD_ADD(p, n), period p n months on, periods written YYYYMM or
// YYMM (years below 70 in the 2000s) — cohort queries count months with
// them (PERIOD_DIFF(DATE_FORMAT(o, '%Y%m'), DATE_FORMAT(f, '%Y%m'))).
// GMS v0.20.0 has neither. As MariaDB: arguments read as integers
// (a DECIMAL rounds), results INT, a month past 12 not refused, a
// period 0 added to is 0.
var periodFuncs = []sql.Function{
	sql.Function2{Name: "period_diff", Fn: func(a, b sql.Expression) sql.Expression { return &periodExpr{a, b, false} }},
	sql.Function2{Name: "period_add", Fn: func(a, b sql.Expression) sql.Expression { return &periodExpr{a, b, true} }},
}

type periodExpr struct {
	a, b sql.Expression
	add  bool
}

var _ sql.FunctionExpression = (*periodExpr)(nil)

func (e *periodExpr) FunctionName() string {
	if e.add {
		return "period_add"
	}
	return "period_diff"
}

func (e *periodExpr) Description() string {
	if e.add {
		return "adds months to a period (YYYYMM)"
	}
	return "returns the months between two periods (YYYYMM)"
}

func (e *periodExpr) Type() sql.Type             { return types.Int32 }
func (e *periodExpr) IsNullable() bool           { return true }
func (e *periodExpr) Children() []sql.Expression { return []sql.Expression{e.a, e.b} }
func (e *periodExpr) Resolved() bool             { return e.a.Resolved() && e.b.Resolved() }
func (e *periodExpr) String() string {
	return fmt.Sprintf("%s(%s,%s)", e.FunctionName(), e.a, e.b)
}

func (e *periodExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 2 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 2)
	}
	return &periodExpr{children[0], children[1], e.add}, nil
}

func (e *periodExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	var n [2]int64
	for i, x := range []sql.Expression{e.a, e.b} {
		v, err := x.Eval(ctx, row)
		if err != nil || v == nil {
			return nil, err
		}
		if n[i], err = roundPlaces(ctx, v); err != nil {
			return nil, err
		}
	}
	return Period(e.add, n[0], n[1]), nil
}

// IsPeriod reports whether e is PERIOD_ADD (add) or PERIOD_DIFF, and
// its arguments.
func IsPeriod(e sql.Expression) (a, b sql.Expression, add, ok bool) {
	p, ok := e.(*periodExpr)
	if !ok {
		return nil, nil, false, false
	}
	return p.a, p.b, p.add, true
}

// PeriodArg reads v as PERIOD_DIFF and PERIOD_ADD read an argument: an
// integer, a DECIMAL or DOUBLE rounded, a string converted.
func PeriodArg(ctx *sql.Context, v any) (int64, error) { return roundPlaces(ctx, v) }

// Period is PERIOD_ADD(a, b) (add) or PERIOD_DIFF(a, b) of integer
// arguments.
func Period(add bool, a, b int64) int32 {
	if add {
		if a == 0 {
			return 0
		}
		return int32(monthToPeriod(periodToMonth(a) + b))
	}
	return int32(periodToMonth(a) - periodToMonth(b))
}

// periodToMonth is MySQL's convert_period_to_month: months since year 0.
func periodToMonth(p int64) int64 {
	if p == 0 {
		return 0
	}
	y := p / 100
	switch {
	case y < 70:
		y += 2000
	case y < 100:
		y += 1900
	}
	return y*12 + p%100 - 1
}

// monthToPeriod is MySQL's convert_month_to_period.
func monthToPeriod(m int64) int64 {
	if m == 0 {
		return 0
	}
	y := m / 12
	if y < 100 {
		if y < 70 {
			y += 2000
		} else {
			y += 1900
		}
	}
	return y*100 + m%12 + 1
}
