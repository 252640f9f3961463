package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// ExactChoice is a CASE, IF, IFNULL or COALESCE over exact values (at
// least one of them a DECIMAL) typed as MySQL types it: the DECIMAL that
// holds all of them, with the widest integer part and the largest scale,
// and every value written at that scale. GMS types CASE and IF over
// DECIMALs DECIMAL(65,10) and COALESCE and IFNULL as their first
// argument, and leaves each value at its own scale: CASE … THEN amount
// ELSE 0.5 END in a UNION was converted to DECIMAL(65,10) and printed
// 5.5000000000 (MySQL: 5.50); COALESCE(amount, 0.125) printed 5.50
// (MySQL: 5.500). The wrapped expression is evaluated as GMS does; its
// name (String) is the wrapped one's.
type ExactChoice struct {
	sql.Expression
	typ sql.DecimalType
}

var (
	_ sql.Expression         = (*ExactChoice)(nil)
	_ sql.CollationCoercible = (*ExactChoice)(nil)
)

// NewExactChoice wraps e when it is a choice over exact values whose
// MySQL type differs from GMS's; ok is false otherwise.
func NewExactChoice(e sql.Expression) (*ExactChoice, bool) {
	vals := choiceValues(e)
	if vals == nil || !anyDecimal(vals) {
		return nil, false
	}
	t, ok := mergedExact(vals)
	if !ok || t.Equals(e.Type()) {
		return nil, false
	}
	return &ExactChoice{Expression: e, typ: t.(sql.DecimalType)}, true
}

// ChoiceValues are the values e, a CASE, IF, IFNULL or COALESCE (or an
// ExactChoice of one), may answer, or nil when e is no choice.
func ChoiceValues(e sql.Expression) []sql.Expression {
	if x, ok := e.(*ExactChoice); ok {
		e = x.Expression
	}
	return choiceValues(e)
}

// choiceValues are the values e may answer, or nil when e is no choice.
func choiceValues(e sql.Expression) []sql.Expression {
	switch e := e.(type) {
	case *expression.Case:
		var vals []sql.Expression
		for _, b := range e.Branches {
			vals = append(vals, b.Value)
		}
		if e.Else != nil {
			vals = append(vals, e.Else)
		}
		return vals
	case *function.If:
		return e.Children()[1:]
	case *function.IfNull, *function.Coalesce:
		return e.Children()
	}
	return nil
}

// anyDecimal: is one of vals a DECIMAL? An integer literal is not (argType
// gives it the DECIMAL that holds it, for merging): CASE WHEN … THEN i
// ELSE 0 END over a BIGINT is BIGINT in MySQL.
func anyDecimal(vals []sql.Expression) bool {
	for _, v := range vals {
		if l, ok := v.(*expression.Literal); ok && types.IsInteger(l.Type()) {
			continue
		}
		if _, ok := argType(v).(sql.DecimalType); ok {
			return true
		}
	}
	return false
}

// Unwrap is the choice as GMS built it.
func (c *ExactChoice) Unwrap() sql.Expression { return c.Expression }

// Type is MySQL's DECIMAL for the choice.
func (c *ExactChoice) Type() sql.Type { return c.typ }

// Eval is the wrapped choice's value at the type's scale.
func (c *ExactChoice) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := c.choose(ctx, row)
	if err != nil || v == nil {
		return v, err
	}
	d, err := ToDecimal(ctx, v)
	if err != nil {
		return nil, err
	}
	return d.Round(int32(c.typ.Scale())), nil
}

// choose is the value the choice answers. COALESCE and IFNULL are not
// evaluated by GMS, which converts the value to its type, the first
// argument's: COALESCE(amount, 0.125) failed with "Out of range value"
// for an amount of 2469135.78 (DECIMAL(4,3)).
func (c *ExactChoice) choose(ctx *sql.Context, row sql.Row) (any, error) {
	switch c.Expression.(type) {
	case *function.IfNull, *function.Coalesce:
		for _, a := range c.Expression.Children() {
			v, err := a.Eval(ctx, row)
			if err != nil || v != nil {
				return v, err
			}
		}
		return nil, nil
	}
	return c.Expression.Eval(ctx, row)
}

// WithChildren rebuilds the wrapped choice and types it again.
func (c *ExactChoice) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := c.Expression.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	if w, ok := NewExactChoice(e); ok {
		return w, nil
	}
	return e, nil
}

// DebugString is the wrapped choice's.
func (c *ExactChoice) DebugString() string { return sql.DebugString(c.Expression) }

// CollationCoercibility is a number's, as the wrapped choice's.
func (c *ExactChoice) CollationCoercibility(ctx *sql.Context) (sql.CollationID, byte) {
	if cc, ok := c.Expression.(sql.CollationCoercible); ok {
		return cc.CollationCoercibility(ctx)
	}
	return sql.Collation_binary, 5
}
