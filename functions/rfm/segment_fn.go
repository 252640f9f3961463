package rfm

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// segmentFunc is the scalar rfm_segment(r, f, m): the 11-segment map for
// scores computed anywhere (rfm() columns, a user's own scores).
var segmentFunc = sql.Function3{Name: "rfm_segment", Fn: func(r, f, m sql.Expression) sql.Expression {
	return &segmentExpr{args: [3]sql.Expression{r, f, m}}
}}

type segmentExpr struct{ args [3]sql.Expression }

var _ sql.FunctionExpression = (*segmentExpr)(nil)

func (e *segmentExpr) FunctionName() string { return "rfm_segment" }
func (e *segmentExpr) Description() string {
	return "returns the RFM segment (11-segment map) of recency, frequency and monetary scores 1-5"
}
func (e *segmentExpr) Type() sql.Type             { return types.LongText }
func (e *segmentExpr) IsNullable() bool           { return true }
func (e *segmentExpr) Children() []sql.Expression { return e.args[:] }
func (e *segmentExpr) Resolved() bool {
	return e.args[0].Resolved() && e.args[1].Resolved() && e.args[2].Resolved()
}
func (e *segmentExpr) String() string {
	return fmt.Sprintf("rfm_segment(%s, %s, %s)", e.args[0], e.args[1], e.args[2])
}

func (e *segmentExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 3 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 3)
	}
	return &segmentExpr{args: [3]sql.Expression{children[0], children[1], children[2]}}, nil
}

// Eval returns NULL when any score is NULL and a 1210 error when a score
// is not an integer 1..5.
func (e *segmentExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	var s [3]uint8
	for i, a := range e.args {
		v, err := a.Eval(ctx, row)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, nil
		}
		n, err := sqlfn.Int("rfm_segment", []any{v}, 0, 0)
		if err != nil {
			return nil, sqlfn.ErrArg("rfm_segment", "argument %d: %v is not a score 1-5", i+1, v)
		}
		if n < 1 || n > 5 {
			return nil, sqlfn.ErrArg("rfm_segment", "argument %d: score %d is out of range 1-5", i+1, n)
		}
		s[i] = uint8(n)
	}
	return Segment(s[0], s[1], s[2]), nil
}
