package mysqlfn

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestExactResult: MySQL 8's result types of SUM and AVG (Item_sum_sum
// and Item_sum_avg::resolve_type; the same in MariaDB 10.11, which the
// difftest harness compares with).
func TestExactResult(t *testing.T) {
	for _, c := range []struct {
		arg      sql.Type
		sum, avg string
	}{
		{types.MustCreateDecimalType(12, 2), "decimal(34,2)", "decimal(16,6)"},
		{types.MustCreateDecimalType(65, 30), "decimal(65,30)", "decimal(65,30)"},
		{types.MustCreateDecimalType(10, 0), "decimal(32,0)", "decimal(14,4)"},
		{types.Int64, "decimal(41,0)", "decimal(23,4)"},
		{types.Int32, "decimal(32,0)", "decimal(14,4)"},
		{types.Int8, "decimal(25,0)", "decimal(7,4)"},
		{types.Uint64, "decimal(42,0)", "decimal(24,4)"},
		{types.Float64, "", ""},
		{types.Text, "", ""},
	} {
		for _, avg := range []bool{false, true} {
			want := c.sum
			if avg {
				want = c.avg
			}
			got := ""
			if dt, ok := ExactResult(c.arg, avg); ok {
				got = dt.String()
			}
			if got != want {
				t.Errorf("%s, avg %v: %q, want %q", c.arg, avg, got, want)
			}
		}
	}
}

// TestLocate: MySQL's LOCATE under a binary collation (case-sensitive,
// positions in characters).
func TestLocate(t *testing.T) {
	for _, c := range []struct {
		sub, s string
		pos    int64
		want   int64
	}{
		{"e", "Exercise Books", 1, 3},
		{"E", "Exercise Books", 1, 1},
		{"a", "Café Mañana", 1, 2},
		{"a", "Café Mañana", 3, 7},
		{"ñ", "Café Mañana", 1, 8},
		{"x", "abc", 1, 0},
		{"", "abc", 1, 1},
		{"", "abc", 4, 4},
		{"", "abc", 5, 0},
		{"b", "abc", 0, 0},
		{"b", "abc", -1, 0},
	} {
		if got := Locate(c.sub, c.s, c.pos); got != c.want {
			t.Errorf("LOCATE(%q, %q, %d) = %d, want %d", c.sub, c.s, c.pos, got, c.want)
		}
	}
}
