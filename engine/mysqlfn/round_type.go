package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// longlongDigits is the integer precision from which ROUND of an integer
// turns DECIMAL (MySQL's DECIMAL_LONGLONG_DIGITS).
const longlongDigits = 19

// RoundType is the type of ROUND(x, d) (TRUNCATE when truncate is set)
// as MySQL 8 resolves it (Item_func_round::resolve_type), x being of type
// t with MySQL decimal precision intPrec when t is an integer type
// (IntPrecision), and d a constant when isConst:
//   - d not constant: DECIMAL x keeps its type (one digit more); any
//     other x is DOUBLE.
//   - DOUBLE, string and temporal x: DOUBLE.
//   - integer x: BIGINT when its precision is below 19 digits, or for
//     TRUNCATE(x, 0); else as a DECIMAL(intPrec, 0).
//   - DECIMAL(p, s) x: DECIMAL(p - (s - d') [+ 1 when rounding drops
//     digits], d') with d' = d clamped to 0..30.
func RoundType(t sql.Type, intPrec int, d int64, isConst, truncate bool) sql.Type {
	prec, scale := 0, 0
	switch {
	case types.IsDecimal(t):
		dt := t.(sql.DecimalType)
		prec, scale = int(dt.Precision()), int(dt.Scale())
	case isInteger(t):
		if !isConst {
			return types.Float64
		}
		if (d <= 0 && truncate) || intPrec < longlongDigits {
			if types.IsUnsigned(t) {
				return types.Uint64
			}
			return types.Int64
		}
		prec = intPrec
	default:
		return types.Float64
	}
	if !isConst {
		return decimalType(prec+1, scale)
	}
	to := int(min(max(d, 0), decimalMaxScale))
	drop := scale - to
	grow := 0
	if drop > 0 && !truncate {
		grow = 1 // 9.9 rounds to 10
	}
	return decimalType(prec-drop+grow, to)
}

func isInteger(t sql.Type) bool {
	return types.IsInteger(t) || types.IsYear(t) || types.IsBit(t)
}

// decimalType is DECIMAL(prec, scale) within MySQL's limits.
func decimalType(prec, scale int) sql.Type {
	prec = min(max(prec, scale, 1), decimalMaxPrecision)
	return types.MustCreateDecimalType(uint8(prec), uint8(scale))
}

// IntPrecision is MySQL's decimal_precision() of an integer expression:
// its digits without the sign (an INT column 10, a BIGINT 19, a literal
// its own digits, a sum one more than its wider operand, a product the
// digits of both). GMS types all integer arithmetic BIGINT, which would
// make ROUND(int_col * 2, 1) a DECIMAL where MySQL keeps an integer.
func IntPrecision(e sql.Expression) int {
	switch e := e.(type) {
	case *expression.Literal:
		if n, ok := literalInt(e.Value()); ok {
			digits := 1
			for n >= 10 || n <= -10 {
				n /= 10
				digits++
			}
			return digits
		}
	case *expression.Alias:
		return IntPrecision(e.Child)
	case *expression.UnaryMinus:
		return IntPrecision(e.Child)
	case *expression.IntDiv:
		return IntPrecision(e.LeftChild)
	case *expression.Arithmetic:
		if isInteger(e.LeftChild.Type()) && isInteger(e.RightChild.Type()) {
			l, r := IntPrecision(e.LeftChild), IntPrecision(e.RightChild)
			switch e.Operator() {
			case "+", "-":
				return max(l, r) + 1
			case "*":
				return l + r
			}
		}
	}
	return typePrecision(e.Type())
}

// typePrecision is the digits of an integer type's widest value.
func typePrecision(t sql.Type) int {
	switch t {
	case types.Int8, types.Uint8, types.Boolean:
		return 3
	case types.Int16, types.Uint16:
		return 5
	case types.Int24, types.Uint24:
		return 8
	case types.Int32, types.Uint32:
		return 10
	case types.Int64:
		return 19
	}
	if types.IsYear(t) {
		return 4
	}
	return 20
}

func literalInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int8:
		return int64(n), true
	case int16:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case uint8:
		return int64(n), true
	case uint16:
		return int64(n), true
	case uint32:
		return int64(n), true
	}
	return 0, false
}

// constInt is d's value when d is a constant MySQL would read when
// preparing the statement (a literal, or arithmetic of literals); null
// when that constant is NULL.
func constInt(d sql.Expression) (n int64, isConst bool) {
	pure := true
	sql.Inspect(d, func(x sql.Expression) bool {
		switch x.(type) {
		case *expression.Literal, *expression.UnaryMinus, *expression.Arithmetic, *expression.Convert, *IntCast:
		default:
			pure = false
		}
		return pure
	})
	if !pure {
		return 0, false
	}
	ctx := sql.NewEmptyContext()
	v, err := d.Eval(ctx, nil)
	if err != nil {
		return 0, false
	}
	if v == nil {
		return 0, true // ROUND(x, NULL) is NULL whatever its type
	}
	n, err = roundPlaces(ctx, v)
	return n, err == nil
}
