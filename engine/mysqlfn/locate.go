package mysqlfn

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// locateFunc is LOCATE(substr, str[, pos]) (and POSITION(substr IN str)):
// the first position, in characters and from 1, of substr in str at or
// after character pos, else 0. It compares bytes, as MySQL does under
// cohortdb's collation (utf8mb4_0900_bin): GMS's LOCATE lower-cases
// both strings and counts bytes.
var locateFunc = sql.FunctionN{Name: "locate", Fn: func(args ...sql.Expression) (sql.Expression, error) {
	if len(args) < 2 || len(args) > 3 {
		return nil, sql.ErrInvalidArgumentNumber.New("LOCATE", "2 or 3", len(args))
	}
	return &locateExpr{args: args}, nil
}}

type locateExpr struct{ args []sql.Expression }

var _ sql.FunctionExpression = (*locateExpr)(nil)

func (e *locateExpr) FunctionName() string { return "locate" }
func (e *locateExpr) Description() string {
	return "returns the position of the first occurrence of a substring in a string"
}
func (e *locateExpr) Type() sql.Type             { return types.Int32 }
func (e *locateExpr) IsNullable() bool           { return true }
func (e *locateExpr) Children() []sql.Expression { return e.args }
func (e *locateExpr) Resolved() bool {
	for _, a := range e.args {
		if !a.Resolved() {
			return false
		}
	}
	return true
}

func (e *locateExpr) String() string {
	parts := make([]string, len(e.args))
	for i, a := range e.args {
		parts[i] = a.String()
	}
	return fmt.Sprintf("locate(%s)", strings.Join(parts, ","))
}

func (e *locateExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != len(e.args) {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), len(e.args))
	}
	return &locateExpr{args: children}, nil
}

func (e *locateExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	sub, err := evalText(ctx, e.args[0], row)
	if err != nil || sub == nil {
		return nil, err
	}
	str, err := evalText(ctx, e.args[1], row)
	if err != nil || str == nil {
		return nil, err
	}
	pos := int64(1)
	if len(e.args) == 3 {
		v, err := e.args[2].Eval(ctx, row)
		if err != nil || v == nil {
			return nil, err
		}
		p, _, err := types.Int64.Convert(ctx, v)
		if err != nil {
			return nil, err
		}
		pos = p.(int64)
	}
	return int32(Locate(*sub, *str, pos)), nil
}

// Locate is the character position (from 1) of the first sub in s at or
// after character pos, 0 when there is none.
func Locate(sub, s string, pos int64) int64 {
	n := int64(utf8.RuneCountInString(s))
	if pos < 1 || pos > n+1 {
		return 0
	}
	off := 0 // byte offset of character pos
	for i := int64(1); i < pos; i++ {
		_, w := utf8.DecodeRuneInString(s[off:])
		off += w
	}
	i := strings.Index(s[off:], sub)
	if i < 0 {
		return 0
	}
	return pos + int64(utf8.RuneCountInString(s[off:off+i]))
}
