package engine

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
)

// UPDATE … SET c = v with v out of the integer column c's range is
// answered as INSERT's value is (insert_range.go): 1264 "Out of range
// value for column 'c' at row N" in strict mode without IGNORE, else the
// column's closest value and the same text as a Warning. GMS v0.20.0's
// SET converts the value and drops the conversion's verdict, storing
// 1000 into a TINYINT as 127 with no error or warning in strict mode.
// The builder wraps each such SET's value in a fitExpr before GMS builds
// the UPDATE's source (rangeUpdate); an INSERT's ON DUPLICATE KEY
// UPDATE is wrapped the same way (rangeChecked).

// fitExpr is the value an UPDATE's SET gives an integer column, brought
// into the column's range. It exists only in a built UPDATE.
type fitExpr struct {
	sql.Expression
	col  *sql.Column
	warn bool
	rows *int // the statement's rows so far: MySQL's row number
	// counts: this is the first SET of the row, which counts the rows.
	counts bool
}

func (e *fitExpr) Children() []sql.Expression { return []sql.Expression{e.Expression} }
func (e *fitExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 1)
	}
	ne := *e
	ne.Expression = children[0]
	return &ne, nil
}

func (e *fitExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	if e.counts {
		*e.rows++
	}
	v, err := e.Expression.Eval(ctx, row)
	if err != nil || v == nil {
		return v, err
	}
	return fitInteger(ctx, e.col, v, e.warn, *e.rows)
}

// rangeUpdate is us with the values of its SETs of integer columns
// wrapped in fitExprs, or nil when it has none or they are wrapped
// already.
func rangeUpdate(ctx *sql.Context, us *plan.UpdateSource) sql.Node {
	exprs, changed := fitSets(us.UpdateExprs, us.Ignore || !strictMode(ctx), new(int), true)
	if !changed {
		return nil
	}
	n, err := us.WithExpressions(exprs...)
	if err != nil {
		return nil
	}
	return n
}

// fitSets is sets with the values of those that set integer columns
// wrapped in fitExprs numbering rows with rows (counted by the first
// when count); changed is false when there are none or they are
// wrapped already. A SET to DEFAULT is left as it is (GMS recognises it
// by its expression).
func fitSets(sets []sql.Expression, warn bool, rows *int, count bool) (exprs []sql.Expression, changed bool) {
	exprs = make([]sql.Expression, len(sets))
	for i, e := range sets {
		exprs[i] = e
		sf, ok := e.(*expression.SetField)
		if !ok {
			continue
		}
		gf, ok := sf.LeftChild.(*expression.GetField)
		if !ok {
			continue
		}
		switch sf.RightChild.(type) {
		case *fitExpr:
			return nil, false
		case *sql.ColumnDefaultValue, *expression.DefaultColumn:
			continue
		}
		if _, _, isInt := intBounds(gf.Type()); !isInt {
			continue
		}
		col := &sql.Column{Name: gf.Name(), Type: gf.Type()}
		exprs[i] = expression.NewSetField(gf, &fitExpr{Expression: sf.RightChild, col: col, warn: warn, rows: rows, counts: count && !changed})
		changed = true
	}
	return exprs, changed
}

// String shows the value as it is written.
func (e *fitExpr) String() string { return fmt.Sprint(e.Expression) }
