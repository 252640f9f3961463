package mysqlfn

import (
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// greatestFunc and leastFunc are GREATEST and LEAST with MySQL's exact
// comparison when every argument is an integer or a DECIMAL: GMS v0.20.0
// rejects a DECIMAL argument ("unsupported type for greatest/least
// argument") and compares integers as DOUBLEs (wrong past 2^53). Other
// Numbers among which one is a DOUBLE compare as DOUBLEs, as MySQL
// compares them (GMS compared an integer with the truncation of the
// DOUBLE chosen so far and rejected DECIMALs). Other arguments (strings,
// dates) are GMS's GREATEST and LEAST.
var (
	greatestFunc = sql.FunctionN{Name: "greatest", Fn: func(args ...sql.Expression) (sql.Expression, error) {
		return newMinMax(args, false)
	}}
	leastFunc = sql.FunctionN{Name: "least", Fn: func(args ...sql.Expression) (sql.Expression, error) {
		return newMinMax(args, true)
	}}
)

// minMaxExpr is GREATEST (least false) or LEAST of args.
type minMaxExpr struct {
	args  []sql.Expression
	least bool
	gms   sql.Expression // GMS's function, for arguments not all exact
	exact sql.Type       // the result type when every argument is exact, else nil
	float bool           // numbers, one a DOUBLE or FLOAT: compared as DOUBLEs
}

// MinMaxArgs are the arguments of GREATEST or LEAST (least true) and
// whether they compare as DOUBLEs; ok is false for other expressions.
func MinMaxArgs(e sql.Expression) (args []sql.Expression, least, float, ok bool) {
	m, ok := e.(*minMaxExpr)
	if !ok {
		return nil, false, false, false
	}
	return m.args, m.least, m.float, true
}

var _ sql.FunctionExpression = (*minMaxExpr)(nil)

func newMinMax(args []sql.Expression, least bool) (sql.Expression, error) {
	if len(args) < 2 {
		name := "GREATEST"
		if least {
			name = "LEAST"
		}
		return nil, sql.ErrInvalidArgumentNumber.New(name, "2 or more", len(args))
	}
	var gms sql.Expression
	var err error
	if least {
		gms, err = function.NewLeast(args...)
	} else {
		gms, err = function.NewGreatest(args...)
	}
	e := &minMaxExpr{args: args, least: least, gms: gms}
	e.exact = ExactMinMaxType(args)
	e.float = e.exact == nil && floatMinMax(args)
	if err != nil && e.exact == nil && !e.float {
		return nil, err
	}
	return e, nil
}

// ExactMinMaxType is the type MySQL gives GREATEST or LEAST of args when
// every one is an integer or a DECIMAL and one is a DECIMAL: DECIMAL with
// the most integer digits and the largest scale among them; BIGINT
// (UNSIGNED when all are) when all are integers; nil otherwise.
func ExactMinMaxType(args []sql.Expression) sql.Type {
	intDigits, scale, unsigned, anyDecimal := 0, 0, true, false
	for _, a := range args {
		if !a.Resolved() {
			return nil
		}
		switch t := a.Type(); {
		case types.IsDecimal(t):
			dt := t.(sql.DecimalType)
			intDigits = max(intDigits, int(dt.Precision())-int(dt.Scale()))
			scale = max(scale, int(dt.Scale()))
			unsigned, anyDecimal = false, true
		case types.IsInteger(t):
			intDigits = max(intDigits, IntPrecision(a))
			unsigned = unsigned && types.IsUnsigned(t)
		default:
			return nil
		}
	}
	switch {
	case anyDecimal:
		return decimalType(intDigits+scale, scale)
	case unsigned:
		return types.Uint64
	}
	return types.Int64
}

// floatMinMax reports whether args are numbers and one is a DOUBLE or
// FLOAT: MySQL compares them, and answers, as DOUBLEs.
func floatMinMax(args []sql.Expression) bool {
	float := false
	for _, a := range args {
		if !a.Resolved() {
			return false
		}
		switch t := a.Type(); {
		case types.IsFloat(t):
			float = true
		case types.IsDecimal(t), types.IsInteger(t):
		default:
			return false
		}
	}
	return float
}

func (e *minMaxExpr) FunctionName() string {
	if e.least {
		return "least"
	}
	return "greatest"
}

func (e *minMaxExpr) Description() string {
	if e.least {
		return "returns the smallest of its arguments"
	}
	return "returns the greatest of its arguments"
}

func (e *minMaxExpr) Children() []sql.Expression { return e.args }
func (e *minMaxExpr) IsNullable() bool           { return true }

func (e *minMaxExpr) Resolved() bool {
	return e.exact != nil || e.float || e.gms != nil && e.gms.Resolved()
}

// Type is the exact type, else GMS's, except that DATEs stay a DATE
// (GMS: DATETIME(6), which printed LEAST(DATE '2024-01-01', …) with a
// time of day).
func (e *minMaxExpr) Type() sql.Type {
	if e.exact != nil {
		return e.exact
	}
	if e.float {
		return types.Float64
	}
	for _, a := range e.args {
		if a.Type() != types.Date {
			return e.gms.Type()
		}
	}
	return types.Date
}

func (e *minMaxExpr) String() string {
	parts := make([]string, len(e.args))
	for i, a := range e.args {
		parts[i] = a.String()
	}
	return fmt.Sprintf("%s(%s)", e.FunctionName(), strings.Join(parts, ","))
}

func (e *minMaxExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	return newMinMax(children, e.least)
}

// Eval is NULL when any argument is; exact arguments compare as
// decimals, and the result is written at the result type's scale.
func (e *minMaxExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	if e.float {
		return e.evalFloat(ctx, row)
	}
	if e.exact == nil {
		return e.gms.Eval(ctx, row)
	}
	var best decimal.Decimal
	for i, a := range e.args {
		v, err := a.Eval(ctx, row)
		if err != nil || v == nil {
			return nil, err
		}
		d, err := decimalArg(v)
		if err != nil {
			return nil, err
		}
		if c := d.Cmp(best); i == 0 || (e.least && c < 0) || (!e.least && c > 0) {
			best = d
		}
	}
	switch t := e.exact; {
	case types.IsDecimal(t):
		return best.Round(int32(t.(sql.DecimalType).Scale())), nil
	case t == types.Uint64:
		return best.BigInt().Uint64(), nil
	}
	return best.IntPart(), nil
}

// evalFloat is NULL when any argument is; the arguments compare as
// DOUBLEs.
func (e *minMaxExpr) evalFloat(ctx *sql.Context, row sql.Row) (any, error) {
	var best float64
	for i, a := range e.args {
		v, err := a.Eval(ctx, row)
		if err != nil || v == nil {
			return nil, err
		}
		f, _, err := types.Float64.Convert(ctx, v)
		if err != nil {
			return nil, err
		}
		x := f.(float64)
		if i == 0 || (e.least && x < best) || (!e.least && x > best) {
			best = x
		}
	}
	return best, nil
}
