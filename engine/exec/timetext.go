package exec

import (
	"time"

	"github.com/dolthub/go-mysql-server/sql"
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
	layout, date := "2006-01-02 15:04:05", v.T.Phys == PDate
	if date {
		layout = "2006-01-02"
	}
	for i := 0; i < b.N; i++ {
		if v.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		var t time.Time
		if date {
			t = time.Unix(v.I[i]*86400, 0).UTC()
		} else {
			t = time.UnixMicro(v.I[i]).UTC()
		}
		out.S[i] = f.str(t.AppendFormat(f.appendStr(len(layout)), layout))
	}
	return out, nil
}
