package exec

import (
	"testing"
	"time"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// TestDayTextMatchesTime checks the digit-by-digit date text against
// Go's own formatting, from year 0 to 9999 and outside it.
func TestDayTextMatchesTime(t *testing.T) {
	first, last := calendar.DaysFromCivil(-2, 1, 1), calendar.DaysFromCivil(10001, 12, 31)
	for z := first; z <= last; z += 7 {
		want := calendar.Midnight(z).Format(time.DateOnly)
		if got := string(appendDayText(nil, z)); got != want {
			t.Fatalf("day %d: got %q, want %q", z, got, want)
		}
	}
	for _, z := range []int64{calendar.DaysFromCivil(1970, 1, 1), calendar.DaysFromCivil(2024, 2, 29), calendar.DaysFromCivil(9999, 12, 31), calendar.DaysFromCivil(0, 1, 1)} {
		want := calendar.Midnight(z).Format(time.DateOnly)
		if got := string(appendDayText(nil, z)); got != want {
			t.Errorf("day %d: got %q, want %q", z, got, want)
		}
	}
}
