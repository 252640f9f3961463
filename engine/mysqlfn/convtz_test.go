package mysqlfn

import (
	"testing"
	"time"
)

// TestConvertTZ: CONVERT_TZ's answers as MariaDB 10.11 gave them (with
// its time zone tables loaded from the tz database).
func TestConvertTZ(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, from, to, want string }{
		{"2026-03-29 00:30:00", "UTC", "Europe/Berlin", "2026-03-29 01:30:00"},
		{"2026-03-29 01:30:00", "UTC", "Europe/Berlin", "2026-03-29 03:30:00"},
		{"2026-03-29 02:30:00", "Europe/Berlin", "UTC", "2026-03-29 01:00:00"}, // a gap: the transition
		{"2026-03-29 02:00:00", "Europe/Berlin", "UTC", "2026-03-29 01:00:00"},
		{"2026-03-29 02:30:45.25", "Europe/Berlin", "UTC", "2026-03-29 01:00:00.25"},
		{"2026-10-25 02:30:00", "Europe/Berlin", "UTC", "2026-10-25 00:30:00"}, // twice: the earlier
		{"2026-10-25 01:30:00", "UTC", "Europe/Berlin", "2026-10-25 02:30:00"},
		{"2026-03-29 02:30:00", "Europe/Berlin", "America/New_York", "2026-03-28 21:00:00"},
		{"2026-03-29 02:30:00", "Europe/Berlin", "Europe/Berlin", "2026-03-29 03:00:00"},
		{"2026-01-01 10:00:00", "+00:00", "+05:30", "2026-01-01 15:30:00"},
		{"2026-01-01 10:00:00", "+00:00", "-12:59", "2025-12-31 21:01:00"},
		{"2026-01-01 10:00:00", "+1:00", "-2:30", "2026-01-01 06:30:00"},
		{"2026-01-01 10:00:00", "europe/berlin", "utc", "2026-01-01 09:00:00"},
		{"1970-01-01 00:00:00", "UTC", "+01:00", "1970-01-01 00:00:00"}, // outside TIMESTAMP: as it is
		{"1970-01-01 00:00:01", "UTC", "+01:00", "1970-01-01 01:00:01"},
		{"1970-01-01 01:00:00", "+01:00", "UTC", "1970-01-01 01:00:00"},
		{"2038-01-19 03:14:07", "UTC", "+01:00", "2038-01-19 04:14:07"},
		{"2038-01-19 03:14:08", "UTC", "+01:00", "2038-01-19 03:14:08"},
		{"1969-12-31 23:00:00", "UTC", "Europe/Berlin", "1969-12-31 23:00:00"},
	} {
		from, ok1 := ParseZone(c.from)
		to, ok2 := ParseZone(c.to)
		if !ok1 || !ok2 {
			t.Fatalf("%s -> %s: zones not read", c.from, c.to)
		}
		in, err := time.Parse("2006-01-02 15:04:05.999999", c.in)
		if err != nil {
			t.Fatal(err)
		}
		got := time.UnixMicro(ConvertTZ(in.UnixMicro(), from, to)).UTC().Format("2006-01-02 15:04:05.999999")
		if got != c.want {
			t.Errorf("CONVERT_TZ('%s', '%s', '%s') = %s, want %s", c.in, c.from, c.to, got, c.want)
		}
	}
	for _, z := range []string{"+13:01", "-13:00", "+14:00", "+01:60", "01:00", " +01:00", "Nowhere/Town", "", "+1", "+01:0", "++1:00"} {
		if _, ok := ParseZone(z); ok {
			t.Errorf("ParseZone(%q) accepted; MariaDB answers NULL", z)
		}
	}
}
