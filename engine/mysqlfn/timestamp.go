package mysqlfn

import (
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
)

// timestampFunc is TIMESTAMP(expr): expr as a DATETIME. GMS's (its
// DATETIME()) is typed as its argument, so TIMESTAMP(birth_date) was a
// DATE and printed '1998-11-22'; MySQL's is a DATETIME with the
// argument's fractional digits (none for a DATE, n for a DATETIME(n) or
// TIME(n), those written in a string literal, 6 for other strings), so
// '1998-11-22 00:00:00'.
var timestampFunc = sql.Function1{Name: "timestamp", Fn: func(e sql.Expression) sql.Expression {
	return &timestampExpr{arg: e}
}}

type timestampExpr struct{ arg sql.Expression }

var _ sql.FunctionExpression = (*timestampExpr)(nil)

func (e *timestampExpr) FunctionName() string { return "timestamp" }
func (e *timestampExpr) Description() string {
	return "returns the argument as a DATETIME"
}
func (e *timestampExpr) IsNullable() bool           { return true }
func (e *timestampExpr) Resolved() bool             { return e.arg.Resolved() }
func (e *timestampExpr) Children() []sql.Expression { return []sql.Expression{e.arg} }
func (e *timestampExpr) String() string             { return fmt.Sprintf("timestamp(%s)", e.arg) }

func (e *timestampExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 1)
	}
	return &timestampExpr{arg: children[0]}, nil
}

func (e *timestampExpr) Type() sql.Type {
	return types.MustCreateDatetimeType(sqltypes.Datetime, fractionalDigits(e.arg))
}

// fractionalDigits is how many fractional second digits MySQL gives a
// temporal value made from e.
func fractionalDigits(e sql.Expression) int {
	switch t := e.Type().(type) {
	case sql.DatetimeType:
		if t.Type() == sqltypes.Date {
			return 0
		}
		return t.Precision()
	}
	if types.IsTimespan(e.Type()) {
		return 6 // GMS's TIME keeps microseconds
	}
	if lit, ok := e.(*expression.Literal); ok {
		if s, ok := lit.Value().(string); ok {
			if dot := strings.LastIndexByte(s, '.'); dot >= 0 && strings.Count(s, ":") == 2 {
				return min(len(strings.TrimSpace(s[dot+1:])), 6)
			}
			return 0
		}
	}
	return 6
}

func (e *timestampExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	t, _, err := e.Type().Convert(ctx, v)
	if err != nil {
		return nil, nil // MySQL: NULL with a warning for a string that is no date
	}
	return t, nil
}
