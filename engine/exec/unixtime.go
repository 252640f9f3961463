package exec

import (
	"strconv"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// unixOp is UNIX_TIMESTAMP(x) of a DATE or DATETIME (whole seconds) or
// FROM_UNIXTIME(n) of an integer. Both read x in the session's time
// zone: a fixed offset ("+02:00", UTC) is applied on the vector, once
// per batch; a named zone converts each value's civil time.
type unixOp struct {
	from  bool // FROM_UNIXTIME
	arg   Expr
	stamp bool // the argument is a TIMESTAMP: UNIX_TIMESTAMP reads it as UTC
	t     ColType
	slot  int
}

func (c *exprCompiler) unixTime(e sql.Expression) (Expr, bool, error) {
	switch f := e.(type) {
	case *function.UnixTimestamp:
		if f.Date == nil {
			return nil, false, nil
		}
		return c.finishUnix(e, f.Date, false)
	case *function.FromUnixtime:
		if len(f.Children()) != 1 {
			return nil, false, nil
		}
		return c.finishUnix(e, f.Children()[0], true)
	}
	return nil, false, nil
}

func (c *exprCompiler) finishUnix(e, arg sql.Expression, from bool) (Expr, bool, error) {
	var t ColType
	if from {
		t = ColType{Phys: PTime, SQL: e.Type()}
	} else if dt, ok := e.Type().(sql.DecimalType); ok && dt.Scale() == 0 {
		// GMS types whole seconds DECIMAL(19,0): a scaled int64 of scale 0
		t = ColType{Phys: PDec, SQL: dt}
	} else if e.Type().Equals(types.Int64) {
		t = int64Type
	} else {
		return nil, false, nil // fractional seconds
	}
	x, err := c.compile(arg)
	if err != nil {
		return nil, false, err
	}
	if (from && !wholeNumber(x.Type())) || (!from && !isTime(x.Type())) {
		return nil, false, nil
	}
	stamp := x.Type().SQL.Equals(types.Timestamp)
	return &unixOp{from: from, arg: x, stamp: stamp, t: t, slot: c.slot()}, true, nil
}

func (o *unixOp) Type() ColType { return o.t }

func (o *unixOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	tz, err := function.SessionTimeZone(ctx)
	if err != nil {
		return nil, err
	}
	offset, fixed := zoneOffset(tz)
	var loc *time.Location
	if !fixed {
		if loc, err = time.LoadLocation(tz); err != nil {
			loc, fixed = nil, true // GMS leaves the value as it is
		}
	}
	if o.stamp {
		offset, loc = 0, nil
	}
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		if o.from {
			sec := a.I[i]
			if sec < 0 || sec > function.MaxUnixTimeSecs {
				out.setNull(i, b.N)
				continue
			}
			out.I[i] = o.shift(sec*1e6, offset, loc, 1)
			continue
		}
		us := o.shift(micros(a, i), offset, loc, -1)
		if us > function.MaxUnixTimeMicroSecs || us < 1e6 {
			us = 0 // MySQL's 0 outside the TIMESTAMP range
		}
		out.I[i] = us / 1e6
	}
	return out, nil
}

// wholeNumber reports whether FROM_UNIXTIME reads t's values as whole
// seconds: integers, and DECIMALs of scale 0 — FLOOR(UNIX_TIMESTAMP(x) /
// 3600) * 3600, the hour bucket BI tools write, is one. (A fraction of a
// second is GMS's to round; MySQL would keep it.)
func wholeNumber(t ColType) bool {
	return t.Phys == PInt || (t.Phys == PDec && t.Scale == 0)
}

// shift moves µs by the zone's offset: from UTC to local civil time
// (dir 1) or from local civil time to UTC (dir -1).
func (o *unixOp) shift(us, offset int64, loc *time.Location, dir int64) int64 {
	if loc == nil {
		return us + dir*offset
	}
	t := time.UnixMicro(us).UTC()
	if dir > 0 {
		l := t.In(loc)
		return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC).UnixMicro()
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc).UnixMicro()
}

// zoneOffset is a session time zone's offset from UTC in µs, when it is
// fixed: "UTC" or "±HH:MM".
func zoneOffset(tz string) (int64, bool) {
	if tz == "UTC" {
		return 0, true
	}
	if len(tz) != 6 || (tz[0] != '+' && tz[0] != '-') || tz[3] != ':' {
		return 0, false
	}
	h, err1 := strconv.Atoi(tz[1:3])
	m, err2 := strconv.Atoi(tz[4:6])
	if err1 != nil || err2 != nil {
		return 0, false
	}
	us := int64(h*60+m) * 60e6
	if tz[0] == '-' {
		us = -us
	}
	return us, true
}
