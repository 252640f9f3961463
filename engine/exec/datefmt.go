package exec

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// dateFormatOp is DATE_FORMAT(x, 'format') of a DATETIME column whose
// format prints the time of day ('%Y-%m-%d %H:%i', '%H:%i:%s'): the
// format is cut into pieces, each run of date specifiers and text is
// GMS's own DATE_FORMAT of that run, evaluated once per day (a day
// memo), and the time of day specifiers are written from the column's
// microseconds into the frame's arena.
type dateFormatOp struct {
	col   int
	parts []fmtPart
	t     ColType
	slot  int
}

// fmtPart is a run of the format printed per day, a run of literal
// text, or one time specifier.
type fmtPart struct {
	day  Expr // nil for literal text and time specifiers
	text string
	spec byte // 0 for literal text
}

func (c *exprCompiler) dateFormat(e sql.Expression) (Expr, bool, error) {
	f, ok := e.(sql.FunctionExpression)
	if !ok || !strings.EqualFold(f.FunctionName(), "date_format") {
		return nil, false, nil
	}
	format, ok := dateFormatLiteral(e)
	gf, isCol := e.Children()[0].(*expression.GetField)
	if !ok || !isCol || gf.Index() >= len(c.in) || c.in[gf.Index()].Phys != PTime {
		return nil, false, nil
	}
	t, ok := TypeOf(e.Type())
	if !ok || t.Phys != PStr {
		return nil, false, nil
	}
	lit := e.Children()[1].(*expression.Literal)
	op := &dateFormatOp{col: gf.Index(), t: t}
	run, clock := "", false
	flush := func() error {
		if run == "" {
			return nil
		}
		if !strings.Contains(run, "%") { // text alone (the ':' of %H:%i): no day memo
			op.parts, run = append(op.parts, fmtPart{text: run}), ""
			return nil
		}
		sub, err := e.WithChildren(gf, expression.NewLiteral(run, lit.Type()))
		if err != nil {
			return err
		}
		m, ok := c.dayMemo(sub)
		if !ok {
			return unsupported("DATE_FORMAT run %q", run)
		}
		op.parts, run = append(op.parts, fmtPart{day: m}), ""
		return nil
	}
	for i := 0; i < len(format); i++ {
		if format[i] == '%' && i+1 < len(format) && strings.IndexByte(timeOfDaySpecifiers, format[i+1]) >= 0 {
			if err := flush(); err != nil {
				return nil, false, nil
			}
			op.parts, clock = append(op.parts, fmtPart{spec: format[i+1]}), true
			i++
			continue
		}
		if format[i] == '%' && i+1 < len(format) {
			run += format[i : i+2]
			i++
			continue
		}
		run += format[i : i+1]
	}
	if err := flush(); err != nil || !clock {
		return nil, false, nil
	}
	op.slot = c.slot()
	return op, true, nil
}

func (o *dateFormatOp) Type() ColType { return o.t }

func (o *dateFormatOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	days := make([]*Vec, len(o.parts))
	for k, p := range o.parts {
		if p.day == nil {
			continue
		}
		v, err := p.day.Vec(ctx, b, f)
		if err != nil {
			return nil, err
		}
		days[k] = v
	}
	a := b.Cols[o.col]
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
rows:
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		need := 0
		for k, p := range o.parts {
			if p.spec == 0 && p.day == nil {
				need += len(p.text)
			} else if p.day == nil {
				need += 11 // %r, the widest: hh:mm:ss AM
			} else if !days[k].IsNull(i) {
				need += len(days[k].Str(i))
			}
		}
		buf := f.appendStr(need)
		us := a.I[i] - calendar.FloorDiv(a.I[i], calendar.MicrosPerDay)*calendar.MicrosPerDay
		for k, p := range o.parts {
			if p.spec == 0 && p.day == nil {
				buf = append(buf, p.text...)
				continue
			}
			if p.day == nil {
				buf = appendClock(buf, p.spec, us)
				continue
			}
			if days[k].IsNull(i) {
				out.setNull(i, b.N)
				continue rows
			}
			buf = append(buf, days[k].Str(i)...)
		}
		out.S[i] = f.str(buf)
	}
	return out, nil
}

// appendClock writes time of day specifier c of us microseconds past
// midnight, as MySQL's DATE_FORMAT does.
func appendClock(buf []byte, c byte, us int64) []byte {
	h, m, s, frac := int(us/3_600_000_000), int(us/60_000_000%60), int(us/1_000_000%60), int(us%1_000_000)
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	ampm := "AM"
	if h >= 12 {
		ampm = "PM"
	}
	switch c {
	case 'H':
		return pad2(buf, h)
	case 'k':
		return appendInt(buf, h)
	case 'h', 'I':
		return pad2(buf, h12)
	case 'l':
		return appendInt(buf, h12)
	case 'i':
		return pad2(buf, m)
	case 'S', 's':
		return pad2(buf, s)
	case 'f':
		for d := 100000; d > 0; d /= 10 {
			buf = append(buf, byte('0'+frac/d%10))
		}
		return buf
	case 'p':
		return append(buf, ampm...)
	case 'r':
		buf = append(pad2(append(pad2(append(pad2(buf, h12), ':'), m), ':'), s), ' ')
		return append(buf, ampm...)
	case 'T':
		return pad2(append(pad2(append(pad2(buf, h), ':'), m), ':'), s)
	}
	return append(buf, c)
}

func pad2(buf []byte, x int) []byte { return append(buf, byte('0'+x/10), byte('0'+x%10)) }

func appendInt(buf []byte, x int) []byte {
	if x >= 10 {
		buf = append(buf, byte('0'+x/10))
	}
	return append(buf, byte('0'+x%10))
}
