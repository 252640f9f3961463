package mysqlfn

import (
	"fmt"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// weekFunc is WEEK(date[, mode]). GMS's fails on a NULL date ("invalid
// year") instead of returning NULL, which breaks Metabase's week-of-year
// breakout on any column with NULLs.
var weekFunc = sql.FunctionN{Name: "week", Fn: func(args ...sql.Expression) (sql.Expression, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, sql.ErrInvalidArgumentNumber.New("WEEK", "1 or 2", len(args))
	}
	return &weekExpr{args: args}, nil
}}

type weekExpr struct{ args []sql.Expression }

var _ sql.FunctionExpression = (*weekExpr)(nil)

func (e *weekExpr) FunctionName() string { return "week" }
func (e *weekExpr) Description() string {
	return "returns the week number of a date in one of MySQL's eight week modes"
}
func (e *weekExpr) Type() sql.Type             { return types.Int32 }
func (e *weekExpr) IsNullable() bool           { return true }
func (e *weekExpr) Children() []sql.Expression { return e.args }
func (e *weekExpr) Resolved() bool             { return expression.ExpressionsResolved(e.args...) }
func (e *weekExpr) String() string {
	if len(e.args) == 1 {
		return fmt.Sprintf("week(%s)", e.args[0])
	}
	return fmt.Sprintf("week(%s,%s)", e.args[0], e.args[1])
}

func (e *weekExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	return weekFunc.Fn(children...)
}

// Eval is NULL for a NULL date and for one that is not a date (with
// warning 1292, as MySQL); the mode defaults to default_week_format.
func (e *weekExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := e.args[0].Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	d, err := types.DatetimeMaxPrecision.ConvertWithoutRangeCheck(ctx, v)
	if err != nil {
		ctx.Warn(1292, "Incorrect datetime value: '%v'", v)
		return nil, nil
	}
	mode, err := e.mode(ctx, row)
	if err != nil {
		return nil, err
	}
	return int32(Week(d, mode)), nil
}

func (e *weekExpr) mode(ctx *sql.Context, row sql.Row) (int, error) {
	var v any
	var err error
	if len(e.args) == 2 {
		v, err = e.args[1].Eval(ctx, row)
	} else {
		v, err = ctx.GetSessionVariable(ctx, "default_week_format")
	}
	if err != nil || v == nil {
		return 0, err
	}
	n, _, err := types.Int64.Convert(ctx, v)
	if err != nil {
		return 0, nil
	}
	return int(n.(int64) & 7), nil
}

// unixTimestampFunc is GMS's UNIX_TIMESTAMP, whose constructor panics on
// an argument that evaluates to a time but is typed as text
// (UNIX_TIMESTAMP(TIMESTAMP('…'))): such an argument is read as DATETIME.
var unixTimestampFunc = sql.FunctionN{Name: "unix_timestamp", Fn: func(args ...sql.Expression) (e sql.Expression, err error) {
	if len(args) == 1 && types.IsText(args[0].Type()) {
		if v, evalErr := safeEval(args[0]); evalErr == nil {
			if _, isTime := v.(time.Time); isTime {
				args = []sql.Expression{expression.NewConvert(args[0], expression.ConvertToDatetime)}
			}
		}
	}
	return function.NewUnixTimestamp(args...)
}}

// safeEval evaluates a constant expression without a row, as GMS's
// UNIX_TIMESTAMP constructor does; expressions that need a context or a
// row report an error instead of panicking.
func safeEval(x sql.Expression) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("not constant: %v", r)
		}
	}()
	return x.Eval(nil, nil)
}

// NewExtractWeek is EXTRACT(WEEK FROM date): MySQL's WEEK(date) in the
// session's default_week_format (GMS's EXTRACT counted ISO-like weeks:
// 1 for 2025-01-01, MySQL 0).
func NewExtractWeek(date sql.Expression) sql.Expression {
	return &weekExpr{args: []sql.Expression{date}}
}
