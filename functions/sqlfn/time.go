package sqlfn

import (
	"strings"
	"time"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/contract/read"
)

// MicrosPerDay is the number of stored units per day of a DATETIME or
// TIMESTAMP column (microseconds since 1970-01-01 UTC).
const MicrosPerDay = calendar.MicrosPerDay

// Instant reads a point-in-time argument as microseconds since 1970-01-01
// UTC: a DATETIME value or 'YYYY-MM-DD hh:mm:ss' is that instant; a DATE
// value or 'YYYY-MM-DD' is the end of that day (the next midnight), so
// "as of 2024-06-30" includes all of June 30. ok is false when the
// argument is absent or NULL.
func Instant(fn string, args []any, i int) (us int64, ok bool, err error) {
	if i >= len(args) || args[i] == nil {
		return 0, false, nil
	}
	switch x := args[i].(type) {
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.UnixMicro() + MicrosPerDay, true, nil // a DATE: its end
		}
		return x.UnixMicro(), true, nil
	case string:
		s := strings.TrimSpace(x)
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t.UnixMicro() + MicrosPerDay, true, nil
		}
		for _, layout := range []string{time.DateTime, "2006-01-02T15:04:05", "2006-01-02 15:04:05.999999"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UnixMicro(), true, nil
			}
		}
		return 0, false, ErrArg(fn, "argument %d: %q is not a date or datetime (YYYY-MM-DD [hh:mm:ss])", i+1, x)
	}
	return 0, false, ErrArg(fn, "argument %d: %v (%T) is not a date or datetime", i+1, args[i], args[i])
}

// UnitsPerDay is the number of stored units per day of a date or datetime
// column: DATE columns hold days, DATETIME/TIMESTAMP microseconds.
func UnitsPerDay(t read.Table, col string) int64 {
	if IsDate(t, col) {
		return 1
	}
	return MicrosPerDay
}

// FloorDiv is a/b rounded down, so that times before 1970 fall on the
// right day.
func FloorDiv(a, b int64) int64 { return calendar.FloorDiv(a, b) }

// LatestMicros is the latest value (µs) of a date or datetime column of
// db's table, for analytics whose as-of point defaults to it: fn names
// the function in the errors, give what to pass instead ("time",
// "date") when the table is empty.
func LatestMicros(fn string, env Env, db, table, col, give string) (int64, error) {
	sn, err := env.Snapshot(db, table)
	if err != nil {
		return 0, err
	}
	at, ok, err := Latest(sn, table, col)
	if err != nil {
		return 0, ErrNoData(fn, "%v", err)
	}
	if !ok {
		return 0, ErrNoData(fn, "%s is empty: give the as-of %s", table, give)
	}
	return at * (MicrosPerDay / UnitsPerDay(sn, col)), nil
}

// Latest is the largest stored value of an integer column (a date or
// datetime in its stored unit); ok is false when it has none. Sealed
// segments without deletes answer from their zone maps; only the rest is
// read.
func Latest(sn read.Table, table, col string) (v int64, ok bool, err error) {
	c, err := Column(sn, table, col, read.KindInt)
	if err != nil {
		return 0, false, err
	}
	take := func(x int64) {
		if !ok || x > v {
			v, ok = x, true
		}
	}
	parts := sn.Parts()
	req := read.Request{Columns: []int{c}}
	for i := range parts {
		p := &parts[i]
		if p.Kind == read.PartSegment && p.Live == p.Rows && p.Zones != nil {
			if z := p.Zones[c]; z.HasRange {
				take(z.MaxI)
			}
			continue
		}
		err := sn.ScanPart(p, req, func(b *read.Batch) error {
			vec := b.Cols[0]
			b.Each(func(i int) {
				if !vec.IsNull(i) {
					take(vec.Ints[i])
				}
			})
			return nil
		})
		if err != nil {
			return 0, false, err
		}
	}
	return v, ok, nil
}
