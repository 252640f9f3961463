package mysqlfn

import (
	"testing"
)

// Expected dates are worked by hand from a calendar: 2024-01-01 is a
// Monday, 2023-01-01 a Sunday, 2020-01-01 a Wednesday, 2021-01-01 a
// Friday. MySQL's week rules: %U/%V weeks start on Sunday and week 1 is
// the first with a Sunday in the year; %u/%v weeks start on Monday and
// week 1 is the first with 4 or more days in the year (ISO 8601).
func TestParseDate(t *testing.T) {
	type dt = DateTime
	for _, c := range []struct {
		value, format string
		want          DateTime
		ok            bool
	}{
		// Metabase's week breakout: the Sunday of YEARWEEK's week.
		{"202410 Sunday", "%X%V %W", dt{Year: 2024, Month: 3, Day: 10}, true},
		{"202401 Sunday", "%X%V %W", dt{Year: 2024, Month: 1, Day: 7}, true},
		{"202301 Sunday", "%X%V %W", dt{Year: 2023, Month: 1, Day: 1}, true},
		{"202410 Wednesday", "%X%V %W", dt{Year: 2024, Month: 3, Day: 13}, true},
		// ISO weeks.
		{"202411 Monday", "%x%v %W", dt{Year: 2024, Month: 3, Day: 11}, true},
		{"202001 Monday", "%x%v %W", dt{Year: 2019, Month: 12, Day: 30}, true},
		{"2021 01 Monday", "%x %v %W", dt{Year: 2021, Month: 1, Day: 4}, true},
		// %U/%u with %Y, %w and %a for the weekday; week 0 precedes week 1.
		{"2024 10 0", "%Y %U %w", dt{Year: 2024, Month: 3, Day: 10}, true},
		{"2024 00 3", "%Y %U %w", dt{Year: 2024, Month: 1, Day: 3}, true},
		{"2024 11 Wed", "%Y %u %a", dt{Year: 2024, Month: 3, Day: 13}, true},
		// Week specifiers in pairs MySQL refuses.
		{"202410 Sunday", "%X%v %W", dt{}, false},
		{"2024 10 Sunday", "%Y %V %W", dt{}, false},
		{"202410 Sunday", "%X%U %W", dt{}, false},
		{"202400 Sunday", "%X%V %W", dt{}, false}, // %V has no week 0
		{"2024 10 7", "%Y %U %w", dt{}, false},    // %w is 0..6
		// Plain dates and times.
		{"2024-03-13 14:25:36", "%Y-%m-%d %H:%i:%s", dt{2024, 3, 13, 14, 25, 36, 0}, true},
		{"2024-03-13 14:25", "%Y-%m-%d %H:%i", dt{2024, 3, 13, 14, 25, 0, 0}, true},
		{"2024-03-13 14", "%Y-%m-%d %H", dt{2024, 3, 13, 14, 0, 0, 0}, true},
		{"2024-3-1", "%Y-%m-%d", dt{Year: 2024, Month: 3, Day: 1}, true},
		{"13/03/24", "%d/%m/%y", dt{Year: 2024, Month: 3, Day: 13}, true},
		{"13/03/85", "%d/%m/%y", dt{Year: 1985, Month: 3, Day: 13}, true},
		{"March 13th, 2024", "%M %D, %Y", dt{Year: 2024, Month: 3, Day: 13}, true},
		{"Wed, 13 Mar 2024 02:25:36 PM", "%a, %d %b %Y %r", dt{2024, 3, 13, 14, 25, 36, 0}, true},
		{"12:05:00 AM", "%r", dt{Hour: 0, Minute: 5}, true},
		{"12:30:00 pm", "%r", dt{Hour: 12, Minute: 30}, true},
		{"10.5", "%s.%f", dt{Second: 10, Micros: 500000}, true},
		{"10.000123", "%s.%f", dt{Second: 10, Micros: 123}, true},
		{"2024-060", "%Y-%j", dt{Year: 2024, Month: 2, Day: 29}, true},
		{"  2024 - 03 - 13", "%Y-%m-%d", dt{Year: 2024, Month: 3, Day: 13}, true},
		{"2024-03-13 and more", "%Y-%m-%d", dt{Year: 2024, Month: 3, Day: 13}, true},
		{"2024", "%Y-%m-%d", dt{Year: 2024}, true}, // a zero date: NULL by ValidDate
		{"100%", "%Y%%", dt{Year: 100}, true},
		// Not matching or out of range.
		{"abc", "%Y", dt{}, false},
		{"2024/03/13", "%Y-%m-%d", dt{}, false},
		{"2024-13-01", "%Y-%m-%d", dt{}, false},
		{"13:00 PM", "%h:%i %p", dt{}, false},
		{"10:00 PM", "%H:%i %p", dt{}, false},  // %p needs a 12-hour clock
		{"Ma 1 2024", "%M %d %Y", dt{}, false}, // March or May
		{"25:00", "%H:%i", dt{}, false},
	} {
		got, _, ok := ParseDate(c.value, c.format)
		if ok != c.ok || got != c.want {
			t.Errorf("ParseDate(%q, %q) = %+v, %v; want %+v, %v", c.value, c.format, got, ok, c.want, c.ok)
		}
	}
}

func TestValidDate(t *testing.T) {
	for _, c := range []struct {
		d    DateTime
		want bool
	}{
		{DateTime{Year: 2024, Month: 2, Day: 29}, true},
		{DateTime{Year: 2023, Month: 2, Day: 29}, false},
		{DateTime{Year: 2024, Month: 2, Day: 30}, false},
		{DateTime{Year: 2024, Month: 4, Day: 31}, false},
		{DateTime{Year: 2024}, false},
		{DateTime{Year: 2024, Month: 1}, false},
	} {
		if got := c.d.ValidDate(); got != c.want {
			t.Errorf("%+v.ValidDate() = %v, want %v", c.d, got, c.want)
		}
	}
}

func TestFormatParts(t *testing.T) {
	for _, c := range []struct {
		format            string
		date, clock, frac bool
	}{
		{"%X%V %W", true, false, false},
		{"%Y-%m-%d %H:%i", true, true, false},
		{"%H:%i:%s.%f", false, true, true},
		{"%r", false, true, false},
		{"literal", false, false, false},
		{"100%%", false, false, false},
	} {
		d, cl, f := FormatParts(c.format)
		if d != c.date || cl != c.clock || f != c.frac {
			t.Errorf("FormatParts(%q) = %v %v %v, want %v %v %v", c.format, d, cl, f, c.date, c.clock, c.frac)
		}
	}
}

func TestMakeDate(t *testing.T) {
	for _, c := range []struct {
		year, day int64
		want      string // "" for NULL
	}{
		{2024, 1, "2024-01-01"},
		{2024, 60, "2024-02-29"},
		{2023, 60, "2023-03-01"},
		{2023, 365, "2023-12-31"},
		{2023, 366, "2024-01-01"},
		{11, 1, "2011-01-01"},
		{99, 1, "1999-01-01"},
		{2024, 0, ""},
		{2024, -5, ""},
		{-1, 1, ""},
		{10000, 1, ""},
		{9999, 366, ""},
	} {
		got, ok := MakeDate(c.year, c.day)
		s := ""
		if ok {
			s = got.Format("2006-01-02")
		}
		if s != c.want {
			t.Errorf("MakeDate(%d, %d) = %q, want %q", c.year, c.day, s, c.want)
		}
	}
}
