package mysqlfn

import (
	"testing"
	"time"
)

// Week numbers worked by hand from the MySQL manual's table of WEEK()
// modes: 2024-01-01 is a Monday, 2023-01-01 a Sunday, 2021-01-01 a
// Friday, 2020-12-31 a Thursday.
func TestWeek(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, c := range []struct {
		date string
		mode int
		want int
	}{
		{"2024-03-13", 0, 10}, // Sunday weeks, week 1 = first with a Sunday (Jan 7)
		{"2024-03-13", 1, 11}, // Monday weeks, week 1 = first with 4+ days (Jan 1)
		{"2024-03-13", 2, 10},
		{"2024-03-13", 3, 11}, // ISO 8601
		{"2024-01-01", 0, 0},  // before the first Sunday
		{"2024-01-01", 2, 53}, // in 2023's week 53 (Sunday 2023-12-31 .. 2024-01-06)
		{"2024-01-06", 0, 0},
		{"2024-01-07", 0, 1},
		{"2023-01-01", 0, 1}, // a Sunday
		{"2023-01-01", 3, 52},
		{"2021-01-01", 3, 53}, // ISO week 53 of 2020
		{"2021-01-01", 1, 0},
		{"2021-01-04", 3, 1},
		{"2020-12-31", 3, 53},
		{"2024-12-30", 3, 1}, // ISO week 1 of 2025
		{"2024-12-30", 1, 53},
		{"2024-12-31", 0, 52},
		{"2024-03-13", 5, 11}, // Monday weeks, week 1 = first with a Monday
		{"2024-03-13", 4, 11}, // Sunday weeks, week 1 = first with 4+ days
		{"2024-03-13", 6, 11},
		{"2024-03-13", 7, 11},
	} {
		if got := Week(day(c.date), c.mode); got != c.want {
			t.Errorf("WEEK('%s', %d) = %d, want %d", c.date, c.mode, got, c.want)
		}
	}
}
