package mysqlfn

import (
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"

	"github.com/cohortdb/cohortdb/contract/floattext"
)

// Text is a DOUBLE, FLOAT, DATE or DATETIME argument turned into text as
// MySQL writes it, where GMS's string conversion writes it otherwise:
//
//   - a DOUBLE has the shortest digits that read back to the same value,
//     in plain notation for exponents -15..14, else as 1e21 or 1e-16
//     (contract/floattext); GMS wrote Go's 'f' format, so
//     CAST(1e21 AS CHAR) was '1000000000000000000000';
//   - a DATE is 'YYYY-MM-DD' and a DATETIME(n) has n fractional digits;
//     GMS wrote every time as a DATETIME, so CAST(birth_date AS CHAR)
//     was '2007-03-09 00:00:00' (MySQL: '2007-03-09').
//
// The engine wraps such arguments of CAST(… AS CHAR) and CONCAT and
// CONCAT_WS in it.
type Text struct{ Child sql.Expression }

var _ sql.Expression = (*Text)(nil)

// NewText wraps e.
func NewText(e sql.Expression) *Text { return &Text{Child: e} }

// NeedsText reports whether GMS writes values of type t otherwise than
// MySQL does.
func NeedsText(t sql.Type) bool {
	if dt, ok := t.(sql.DatetimeType); ok {
		return dt.Type() == sqltypes.Date || dt.Type() == sqltypes.Datetime
	}
	return types.IsFloat(t)
}

func (d *Text) Type() sql.Type             { return types.LongText }
func (d *Text) IsNullable() bool           { return d.Child.IsNullable() }
func (d *Text) Resolved() bool             { return d.Child.Resolved() }
func (d *Text) Children() []sql.Expression { return []sql.Expression{d.Child} }

// String is the argument's: the wrapper changes only how it is written.
func (d *Text) String() string { return d.Child.String() }

func (d *Text) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(d, len(children), 1)
	}
	return NewText(children[0]), nil
}

func (d *Text) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := d.Child.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	switch x := v.(type) {
	case float64:
		return string(floattext.AppendDouble(nil, x)), nil
	case float32:
		return string(floattext.AppendFloat(nil, x)), nil
	case time.Time:
		if dt, ok := d.Child.Type().(sql.DatetimeType); ok {
			return timeText(x, dt), nil
		}
	}
	s, _, err := types.LongText.Convert(ctx, v)
	return s, err
}

// timeText writes t as MySQL writes a value of type dt.
func timeText(t time.Time, dt sql.DatetimeType) string {
	if dt.Type() == sqltypes.Date {
		return t.Format("2006-01-02")
	}
	layout := "2006-01-02 15:04:05"
	if p := dt.Precision(); p > 0 {
		layout += "." + "000000"[:p]
	}
	return t.Format(layout)
}
