package mysqlfn

import (
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql/expression"
)

// Expected values are MySQL 8.0's DATE_ADD/DATE_SUB answers.
func TestAddInterval(t *testing.T) {
	for _, c := range []struct {
		at   string
		d    expression.TimeDelta
		sign int64
		want string // "" for NULL
	}{
		{"2026-06-30 00:00:00", expression.TimeDelta{Months: 18}, 1, "2027-12-30 00:00:00"},
		{"2026-06-30 00:00:00", expression.TimeDelta{Months: 6}, 1, "2026-12-30 00:00:00"},
		{"2026-06-30 00:00:00", expression.TimeDelta{Months: 30}, 1, "2028-12-30 00:00:00"},
		{"2024-01-31 00:00:00", expression.TimeDelta{Months: 1}, 1, "2024-02-29 00:00:00"},
		{"2024-02-29 00:00:00", expression.TimeDelta{Years: 1}, 1, "2025-02-28 00:00:00"},
		{"2026-03-31 10:00:00", expression.TimeDelta{Months: 1}, -1, "2026-02-28 10:00:00"},
		{"2026-01-01 00:00:00", expression.TimeDelta{Months: 1}, -1, "2025-12-01 00:00:00"},
		{"2026-01-01 00:00:00", expression.TimeDelta{Months: 12}, -1, "2025-01-01 00:00:00"},
		{"2026-01-01 00:00:00", expression.TimeDelta{Months: 13}, -1, "2024-12-01 00:00:00"},
		{"2026-12-15 00:00:00", expression.TimeDelta{Months: 3}, 1, "2027-03-15 00:00:00"},
		{"2026-01-01 00:00:00", expression.TimeDelta{Seconds: 1}, -1, "2025-12-31 23:59:59"},
		{"2026-01-31 22:00:00", expression.TimeDelta{Months: 1, Days: 1, Hours: 3}, 1, "2026-03-02 01:00:00"},
		{"9999-12-31 00:00:00", expression.TimeDelta{Days: 1}, 1, ""},
		{"0001-01-01 00:00:00", expression.TimeDelta{Months: 1}, -1, ""},
	} {
		at, _ := time.Parse(time.DateTime, c.at)
		got, ok := AddInterval(at, c.d, c.sign)
		g := ""
		if ok {
			g = got.Format(time.DateTime)
		}
		if g != c.want {
			t.Errorf("%s %+d×%+v = %q, want %q", c.at, c.sign, c.d, g, c.want)
		}
	}
}
