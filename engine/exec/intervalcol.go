package exec

import (
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// intervalColOp is date ± INTERVAL n unit where n is an integer
// expression (a column: DATE_ADD(ordered_at, INTERVAL quantity DAY)) and
// unit a single unit from MICROSECOND to YEAR: each row's interval is n
// units, added as mysqlfn.AddInterval adds it (months and years move
// the calendar month, the day clamped to its last); a result outside
// the years 1 to 9999, or a NULL n, is NULL.
type intervalColOp struct {
	arg, n Expr
	unit   expression.TimeDelta // the delta of one unit
	us     int64                // one unit in µs; 0 for months and years
	sign   int64
	t      ColType
	slot   int
}

// maxIntervalUs is 10,000 years in µs: an interval past it leaves
// MySQL's date range from any date.
const maxIntervalUs = 10_000 * 366 * calendar.MicrosPerDay

var (
	minDateUs = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	endDateUs = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
)

func (c *exprCompiler) intervalCol(e, date sql.Expression, iv *expression.Interval, sign int64) (Expr, bool, error) {
	switch iv.Unit {
	case "MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR":
	default:
		return nil, false, nil
	}
	one, err := expression.NewInterval(expression.NewLiteral(int64(1), types.Int64), iv.Unit).EvalDelta(sql.NewEmptyContext(), nil)
	if err != nil || one == nil {
		return nil, false, nil
	}
	t, ok := TypeOf(e.Type())
	if !ok || (t.Phys != PDate && t.Phys != PTime) {
		return nil, false, nil
	}
	arg, err := c.compile(date)
	if err != nil {
		return nil, false, err
	}
	n, err := c.compile(iv.Child)
	if err != nil {
		return nil, false, err
	}
	if p := arg.Type().Phys; (p != PDate && p != PTime) || n.Type().Phys != PInt {
		return nil, false, nil
	}
	o := &intervalColOp{arg: arg, n: n, unit: *one, sign: sign, t: t, slot: c.slot()}
	if one.Years == 0 && one.Months == 0 {
		o.us = ((one.Days*24+one.Hours)*60+one.Minutes)*60*1e6 + one.Seconds*1e6 + one.Microseconds
	}
	if t.Phys == PDate && o.us%calendar.MicrosPerDay != 0 {
		return nil, false, nil
	}
	return o, true, nil
}

func (o *intervalColOp) Type() ColType { return o.t }

func (o *intervalColOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, n, err := operands(ctx, b, f, o.arg, o.n)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := range b.N {
		if a.IsNull(i) || n.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		us, ok := o.add(micros(a, i), n.I[i])
		if !ok {
			out.setNull(i, b.N)
			continue
		}
		if o.t.Phys == PDate {
			out.I[i] = calendar.DayOfMicros(us)
		} else {
			out.I[i] = us
		}
	}
	return out, nil
}

// add is us + sign × k units; ok is false outside MySQL's date range.
func (o *intervalColOp) add(us, k int64) (int64, bool) {
	if o.us == 0 { // months or years
		if k > 120_000 || k < -120_000 {
			return 0, false
		}
		d := expression.TimeDelta{Years: o.unit.Years * k, Months: o.unit.Months * k}
		t, ok := mysqlfn.AddInterval(time.UnixMicro(us).UTC(), d, o.sign)
		return t.UnixMicro(), ok
	}
	if k > maxIntervalUs/o.us || k < -maxIntervalUs/o.us {
		return 0, false
	}
	us += o.sign * k * o.us
	return us, us >= minDateUs && us < endDateUs
}
