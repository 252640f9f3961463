package mysqlfn

import (
	"testing"
	"time"
)

// Expected values are MySQL 8.0's answers (they agree with the rule in
// the MySQL manual: a month is whole when the end's day and time of day
// reach the start's).
func TestTimestampDiff(t *testing.T) {
	for _, c := range []struct {
		unit, a, b string
		want       int64
	}{
		{"MONTH", "2026-02-01 00:00:00", "2026-03-01 00:00:00", 1},
		{"MONTH", "2026-01-31 00:00:00", "2026-02-28 00:00:00", 0},
		{"MONTH", "2026-03-01 00:00:00", "2026-02-01 00:00:00", -1},
		{"MONTH", "2026-01-15 10:00:00", "2026-02-15 09:59:59", 0},
		{"MONTH", "2026-01-15 10:00:00", "2026-02-15 10:00:00", 1},
		{"YEAR", "2001-07-02 00:00:00", "2026-07-01 00:00:00", 24},
		{"YEAR", "2001-07-01 00:00:00", "2026-07-01 00:00:00", 25},
		{"YEAR", "2026-07-01 00:00:00", "2001-07-02 00:00:00", -24},
		{"QUARTER", "2025-01-15 00:00:00", "2026-01-14 00:00:00", 3},
		{"SQL_TSI_QUARTER", "2025-01-15 00:00:00", "2026-01-15 00:00:00", 4},
		{"DAY", "2026-01-01 12:00:00", "2026-01-02 11:59:00", 0},
		{"DAY", "2026-01-02 00:00:00", "2026-01-01 00:00:00", -1},
		{"WEEK", "2026-01-01 00:00:00", "2026-01-15 00:00:00", 2},
		{"HOUR", "2026-01-01 10:30:00", "2026-01-01 08:00:00", -2},
		{"SECOND", "2026-01-01 00:00:00.5", "2026-01-01 00:00:01.4", 0},
		{"MICROSECOND", "2026-01-01 00:00:00", "2026-01-01 00:00:01", 1000000},
		{"DAY", "0001-01-01 00:00:00", "9999-12-31 00:00:00", 3652058},
	} {
		a, _ := time.Parse("2006-01-02 15:04:05", c.a)
		b, _ := time.Parse("2006-01-02 15:04:05", c.b)
		got, ok := TimestampDiff(c.unit, a, b)
		if !ok || got != c.want {
			t.Errorf("TIMESTAMPDIFF(%s, %s, %s) = %d, %v; want %d", c.unit, c.a, c.b, got, ok, c.want)
		}
	}
	if _, ok := TimestampDiff("fortnight", time.Time{}, time.Time{}); ok {
		t.Error("an unknown unit is accepted")
	}
}
