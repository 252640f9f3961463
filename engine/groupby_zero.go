package engine

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// GMS's row-at-a-time GROUP BY (rowexec groupingKey) hashes a key's value
// as fmt prints it, so a DOUBLE -0 ("-0") and 0 ("0") fall in two groups;
// MySQL compares them equal and puts them in one. The vectorised GROUP BY
// compares values; for a GroupBy GMS runs, unsignedZeroKeys makes each
// DOUBLE or FLOAT key read -0 as 0. Only the grouping keys change: the
// selected values (a group's first row, its aggregates) are the rows'.

// unsignedZeroKeys is g with its floating-point keys wrapped, or nil when
// it has none left to wrap.
func unsignedZeroKeys(g *plan.GroupBy) *plan.GroupBy {
	keys := make([]sql.Expression, len(g.GroupByExprs))
	changed := false
	for i, e := range g.GroupByExprs {
		keys[i] = e
		if _, done := e.(*unsignedZero); !done && types.IsFloat(e.Type()) {
			keys[i] = &unsignedZero{e}
			changed = true
		}
	}
	if !changed {
		return nil
	}
	return plan.NewGroupBy(g.SelectedExprs, keys, g.Child)
}

// unsignedZero is its child with a negative zero turned positive.
type unsignedZero struct{ sql.Expression }

var _ sql.Expression = (*unsignedZero)(nil)

func (u *unsignedZero) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := u.Expression.Eval(ctx, row)
	switch f := v.(type) {
	case float64:
		if f == 0 {
			return float64(0), err
		}
	case float32:
		if f == 0 {
			return float32(0), err
		}
	}
	return v, err
}

func (u *unsignedZero) Children() []sql.Expression { return []sql.Expression{u.Expression} }

func (u *unsignedZero) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(u, len(children), 1)
	}
	return &unsignedZero{children[0]}, nil
}

func (u *unsignedZero) String() string { return fmt.Sprint(u.Expression) }
