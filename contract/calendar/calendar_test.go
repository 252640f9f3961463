package calendar

import (
	"testing"
	"time"
)

// TestCivilAnchors checks published day numbers: the epoch, the Unix day
// of 2000-01-01 (10957), and 0000-03-01, the origin of Hinnant's era
// arithmetic (-719468).
func TestCivilAnchors(t *testing.T) {
	for _, c := range []struct{ y, m, d, day int64 }{
		{1970, 1, 1, 0},
		{1969, 12, 31, -1},
		{2000, 1, 1, 10957},
		{0, 3, 1, -719468},
		{2000, 2, 29, 11016},
		{1900, 3, 1, -25508}, // 1900 is not a leap year: Feb has 28 days
	} {
		if got := DaysFromCivil(c.y, c.m, c.d); got != c.day {
			t.Errorf("DaysFromCivil(%d-%d-%d) = %d, want %d", c.y, c.m, c.d, got, c.day)
		}
		if y, m, d := CivilFromDays(c.day); y != c.y || m != c.m || d != c.d {
			t.Errorf("CivilFromDays(%d) = %d-%d-%d, want %d-%d-%d", c.day, y, m, d, c.y, c.m, c.d)
		}
	}
}

// TestCivilMatchesTime compares every day from year -1000 to 10000 with
// the standard library's proleptic Gregorian calendar.
func TestCivilMatchesTime(t *testing.T) {
	start := time.Date(-1000, 1, 1, 0, 0, 0, 0, time.UTC)
	day := start.Unix() / SecondsPerDay
	for tm := start; tm.Year() <= 10000; tm = tm.AddDate(0, 0, 1) {
		y, m, d := CivilFromDays(day)
		if y != int64(tm.Year()) || m != int64(tm.Month()) || d != int64(tm.Day()) {
			t.Fatalf("CivilFromDays(%d) = %d-%d-%d, time says %s", day, y, m, d, tm.Format(time.DateOnly))
		}
		if got := DaysFromCivil(y, m, d); got != day {
			t.Fatalf("DaysFromCivil(%s) = %d, want %d", tm.Format(time.DateOnly), got, day)
		}
		if got := DayOf(tm); got != day {
			t.Fatalf("DayOf(%s) = %d, want %d", tm.Format(time.DateOnly), got, day)
		}
		if !Midnight(day).Equal(tm) {
			t.Fatalf("Midnight(%d) = %v, want %v", day, Midnight(day), tm)
		}
		day++
	}
}

func TestFloorDiv(t *testing.T) {
	for _, c := range []struct{ a, b, want int64 }{
		{7, 2, 3}, {-7, 2, -4}, {7, -2, -4}, {-7, -2, 3}, {6, 3, 2}, {-6, 3, -2}, {0, 5, 0}, {-1, 5, -1},
	} {
		if got := FloorDiv(c.a, c.b); got != c.want {
			t.Errorf("FloorDiv(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestDayOfMicros(t *testing.T) {
	for _, c := range []struct {
		at   string
		want int64
	}{
		{"1970-01-01 00:00:00", 0},
		{"1969-12-31 23:59:59.999999", -1},
		{"2024-02-29 12:00:00", DaysFromCivil(2024, 2, 29)},
	} {
		tm, err := time.Parse("2006-01-02 15:04:05.999999", c.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := DayOfMicros(tm.UnixMicro()); got != c.want {
			t.Errorf("DayOfMicros(%s) = %d, want %d", c.at, got, c.want)
		}
	}
	if got := DayString(DaysFromCivil(1999, 12, 31)); got != "1999-12-31" {
		t.Errorf("DayString = %q", got)
	}
}
