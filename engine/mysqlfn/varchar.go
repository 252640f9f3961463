package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
)

// VarcharResult is DAYNAME, MONTHNAME or DATE_FORMAT typed as MySQL types
// them, a VARCHAR: GMS types them TEXT, as it types GROUP_CONCAT, whose
// result MySQL sends as a BLOB, so the wire layer sent them as BLOBs too
// (JDBC: LONGVARCHAR, byte[] in some drivers). The function is GMS's; its
// name, text and value are unchanged.
type VarcharResult struct {
	sql.FunctionExpression
	typ sql.Type
}

var (
	_ sql.FunctionExpression = (*VarcharResult)(nil)
	_ sql.CollationCoercible = (*VarcharResult)(nil)
)

// MySQL's result lengths: the longest day and month names (Wednesday,
// September); a DATE_FORMAT's by its format, bounded here by the
// longest VARCHAR a row holds in full.
const (
	nameLength       = 9
	dateFormatLength = 255
)

// NewVarcharResult wraps e when it is one of those functions typed TEXT.
func NewVarcharResult(e sql.Expression) (*VarcharResult, bool) {
	var n int64
	switch e.(type) {
	case *function.DayName, *function.MonthName:
		n = nameLength
	case *function.DateFormat:
		n = dateFormatLength
	default:
		return nil, false
	}
	st, ok := e.Type().(sql.StringType)
	if !ok || !e.Type().Equals(types.Text) {
		return nil, false
	}
	t, err := types.CreateString(sqltypes.VarChar, n, st.Collation())
	if err != nil {
		return nil, false
	}
	return &VarcharResult{FunctionExpression: e.(sql.FunctionExpression), typ: t}, true
}

// Type is the VARCHAR.
func (v *VarcharResult) Type() sql.Type { return v.typ }

// WithChildren rebuilds the function and types it again.
func (v *VarcharResult) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := v.FunctionExpression.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	if w, ok := NewVarcharResult(e); ok {
		return w, nil
	}
	return e, nil
}

// DebugString is the wrapped function's.
func (v *VarcharResult) DebugString() string { return sql.DebugString(v.FunctionExpression) }

// CollationCoercibility is the wrapped function's: DAYNAME's and
// MONTHNAME's result has the connection's collation (case-insensitive by
// default, so MONTHNAME(d) LIKE 'a%' matches 'August'), which the
// wrapper would otherwise hide.
func (v *VarcharResult) CollationCoercibility(ctx *sql.Context) (sql.CollationID, byte) {
	if c, ok := v.FunctionExpression.(sql.CollationCoercible); ok {
		return c.CollationCoercibility(ctx)
	}
	return v.typ.CollationCoercibility(ctx)
}

// Eval is the wrapped function's value; a DATE_FORMAT writes %y as
// MySQL does (DateFormatTwoDigitYear).
func (v *VarcharResult) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	if df, ok := v.FunctionExpression.(*function.DateFormat); ok {
		return DateFormatTwoDigitYear(ctx, df, row)
	}
	return v.FunctionExpression.Eval(ctx, row)
}
