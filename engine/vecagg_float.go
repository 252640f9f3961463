package engine

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// floatProjections converts, in a Project over a vectorised GroupBy, the
// DECIMAL values of columns the Project types as DOUBLE (GMS types
// SUM/AVG of a DECIMAL so) to float64 right away: the wire layer would
// convert each one through big.Rat, a quarter of a per-customer
// aggregate's time. The value is the same nearest float64.
func floatProjections(p *plan.Project) (sql.Node, transform.TreeIdentity, error) {
	switch p.Child.(type) {
	case *vectorAgg, *joinAgg:
	default:
		return p, transform.SameTree, nil
	}
	exprs := make([]sql.Expression, len(p.Projections))
	same := transform.SameTree
	for i, e := range p.Projections {
		exprs[i] = e
		inner, alias := e, ""
		if a, ok := e.(*expression.Alias); ok {
			inner, alias = a.Child, a.Name()
		}
		gf, ok := inner.(*expression.GetField)
		if !ok || gf.Type() != types.Float64 {
			continue
		}
		var ne sql.Expression = &decimalAsFloat{expression.UnaryExpression{Child: gf}}
		if alias != "" {
			var err error
			if ne, err = e.(*expression.Alias).WithChildren(ne); err != nil {
				return nil, transform.SameTree, err
			}
		}
		exprs[i], same = ne, transform.NewTree
	}
	if same {
		return p, same, nil
	}
	np, err := p.WithExpressions(exprs...)
	return np, transform.NewTree, err
}

// decimalAsFloat reads a DOUBLE-typed column that may carry a
// decimal.Decimal. It wraps the column reference (rather than replacing
// it) so that GMS still assigns the reference its execution index.
type decimalAsFloat struct {
	expression.UnaryExpression
}

func (d *decimalAsFloat) Type() sql.Type   { return types.Float64 }
func (d *decimalAsFloat) String() string   { return d.Child.String() }
func (d *decimalAsFloat) IsNullable() bool { return d.Child.IsNullable() }

func (d *decimalAsFloat) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := d.Child.Eval(ctx, row)
	if dec, ok := v.(decimal.Decimal); ok && err == nil {
		return decimalFloat(dec), nil
	}
	return v, err
}

func (d *decimalAsFloat) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(d, len(children), 1)
	}
	return &decimalAsFloat{expression.UnaryExpression{Child: children[0]}}, nil
}

// decimalFloat is dec's nearest float64. A coefficient below 2^53 and a
// power of ten up to 10^22 are exact doubles, and IEEE division rounds
// their quotient correctly; anything else goes through big.Rat.
func decimalFloat(dec decimal.Decimal) float64 {
	exp := dec.Exponent()
	c := dec.Coefficient()
	if exp <= 0 && exp >= -22 && c.IsInt64() {
		if x := c.Int64(); x > -(1<<53) && x < 1<<53 {
			return float64(x) / math.Pow10(int(-exp))
		}
	}
	f, _ := dec.Float64()
	return f
}
