package exec

import (
	"time"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// timeTextOp is a DATE or DATETIME (whole seconds) as the text MySQL
// writes for it, '2026-03-01' or '2026-03-01 10:00:00': the value of a
// COALESCE, IFNULL or similar choice that mixes a date with a string
// (COALESCE(last_order, '1970-01-01') is a string), which GMS evaluated
// row by row.
type timeTextOp struct {
	x    Expr
	t    ColType
	slot int
}

// asTimeText is x as text of type t, when x is a DATE or a DATETIME of
// whole seconds; ok is false otherwise.
func (c *exprCompiler) asTimeText(x Expr, t ColType) (Expr, bool) {
	xt := x.Type()
	if xt.Phys != PDate && xt.Phys != PTime {
		return nil, false
	}
	if dt, ok := xt.SQL.(sql.DatetimeType); ok && dt.Precision() != 0 {
		return nil, false // fractions of a second: GMS's own text
	}
	return &timeTextOp{x: x, t: t, slot: c.slot()}, true
}

func (o *timeTextOp) Type() ColType { return o.t }

func (o *timeTextOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	v, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	date := v.T.Phys == PDate
	for i := 0; i < b.N; i++ {
		if v.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		if date {
			out.S[i] = f.str(appendDayText(f.appendStr(10), v.I[i]))
			continue
		}
		day := calendar.DayOfMicros(v.I[i])
		buf := append(appendDayText(f.appendStr(19), day), ' ')
		out.S[i] = f.str(appendClock(buf, 'T', v.I[i]-day*calendar.MicrosPerDay))
	}
	return out, nil
}

// appendDayText writes day z as YYYY-MM-DD, digit by digit: time's
// AppendFormat parses its layout for every value, the most of this
// operator's time. Years outside 0-9999 go through time as before.
func appendDayText(buf []byte, z int64) []byte {
	y, m, d := calendar.CivilFromDays(z)
	if y < 0 || y > 9999 {
		return calendar.Midnight(z).AppendFormat(buf, time.DateOnly)
	}
	buf = append(buf, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	return pad2(append(pad2(buf, int(m)), '-'), int(d))
}
