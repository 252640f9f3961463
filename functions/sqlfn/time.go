package sqlfn

import (
	"strings"
	"time"
)

// MicrosPerDay is the number of stored units per day of a DATETIME or
// TIMESTAMP column (microseconds since 1970-01-01 UTC).
const MicrosPerDay = 86_400_000_000

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
