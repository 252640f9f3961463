package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/shopspring/decimal"
)

// signFunc is SIGN(x): -1, 0 or 1 by x's sign. GMS's SIGN converts a
// DECIMAL or DOUBLE to an integer first, so SIGN(0.03) and SIGN(-0.4e0)
// were 0 (MySQL: 1 and -1).
var signFunc = sql.Function1{Name: "sign", Fn: func(e sql.Expression) sql.Expression {
	return &signExpr{Sign: function.NewSign(e).(*function.Sign)}
}}

// signExpr is GMS's SIGN (name, type, text) evaluated as MySQL's.
type signExpr struct{ *function.Sign }

var _ sql.FunctionExpression = (*signExpr)(nil)

func (s *signExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(s, len(children), 1)
	}
	return signFunc.Fn(children[0]), nil
}

// Eval answers exact and approximate numbers by their own sign and
// leaves integers and strings to GMS.
func (s *signExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := s.Child.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	switch x := v.(type) {
	case decimal.Decimal:
		return int8(x.Sign()), nil
	case float64:
		return floatSign(x), nil
	case float32:
		return floatSign(float64(x)), nil
	}
	return s.Sign.Eval(ctx, row)
}

func floatSign(f float64) int8 {
	switch {
	case f > 0:
		return 1
	case f < 0:
		return -1
	}
	return 0
}
