package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/vitess/go/mysql"
)

// POW, POWER and EXP fail with error 1690 (DOUBLE value is out of
// range) where their result is not a finite DOUBLE — POW(-2, 0.5),
// POW(0, -1), EXP(1000) — as MySQL and MariaDB do (check_float_overflow);
// GMS answered NULL. A NULL argument is NULL, and everything else is
// GMS's function.
var floatRangeFunctions = []sql.Function{
	sql.Function2{Name: "pow", Fn: func(x, y sql.Expression) sql.Expression {
		return &FloatRange{inner: function.NewPower(x, y)}
	}},
	sql.Function2{Name: "power", Fn: func(x, y sql.Expression) sql.Expression {
		return &FloatRange{inner: function.NewPower(x, y)}
	}},
	sql.Function1{Name: "exp", Fn: func(x sql.Expression) sql.Expression {
		return &FloatRange{inner: function.NewExp(x)}
	}},
}

// erDataOutOfRange is MySQL's ER_DATA_OUT_OF_RANGE.
const erDataOutOfRange = 1690

// FloatRange is GMS's POW or EXP whose non-finite results are an error.
type FloatRange struct{ inner sql.Expression }

var _ sql.FunctionExpression = (*FloatRange)(nil)

// Unwrap is GMS's function.
func (f *FloatRange) Unwrap() sql.Expression { return f.inner }

// OutOfRange is the error for a result of f that is not finite.
func (f *FloatRange) OutOfRange() error {
	return mysql.NewSQLError(erDataOutOfRange, "22003", "DOUBLE value is out of range in '%s'", f.String())
}

func (f *FloatRange) FunctionName() string {
	return f.inner.(sql.FunctionExpression).FunctionName()
}
func (f *FloatRange) Description() string {
	return f.inner.(sql.FunctionExpression).Description()
}
func (f *FloatRange) Type() sql.Type             { return f.inner.Type() }
func (f *FloatRange) IsNullable() bool           { return f.inner.IsNullable() }
func (f *FloatRange) Resolved() bool             { return f.inner.Resolved() }
func (f *FloatRange) Children() []sql.Expression { return f.inner.Children() }
func (f *FloatRange) String() string             { return f.inner.String() }

func (f *FloatRange) CollationCoercibility(ctx *sql.Context) (sql.CollationID, byte) {
	return sql.Collation_binary, 5
}

func (f *FloatRange) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	inner, err := f.inner.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return &FloatRange{inner: inner}, nil
}

// Eval is GMS's value; where GMS answers NULL for arguments that are
// not NULL, the result was NaN or infinite: the error.
func (f *FloatRange) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := f.inner.Eval(ctx, row)
	if err != nil || v != nil {
		return v, err
	}
	for _, c := range f.inner.Children() {
		a, err := c.Eval(ctx, row)
		if err != nil || a == nil {
			return nil, err
		}
	}
	return nil, f.OutOfRange()
}
