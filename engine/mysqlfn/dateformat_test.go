package mysqlfn

import "testing"

func TestTwoDigitYearFormat(t *testing.T) {
	for _, c := range []struct {
		format string
		year   int
		want   string
	}{
		{"%y", 2000, "00"},
		{"%d.%m.%y", 2005, "%d.%m.05"},
		{"%%y|%y%y|%Y", 1999, "%%y|9999|%Y"},
		{"abc%", 2024, "abc%"},
	} {
		if got := TwoDigitYearFormat(c.format, c.year); got != c.want {
			t.Errorf("TwoDigitYearFormat(%q, %d) = %q, want %q", c.format, c.year, got, c.want)
		}
	}
}
