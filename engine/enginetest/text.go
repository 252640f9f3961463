package enginetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/shopspring/decimal"
)

// Text renders rows as "a|b|c" lines; floats with 6 significant digits.
func Text(rows []sql.Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		parts := make([]string, len(r))
		for j, v := range r {
			parts[j] = Norm(v)
		}
		out[i] = strings.Join(parts, "|")
	}
	return out
}

// Norm renders one value as a client would print it.
func Norm(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case decimal.Decimal:
		return x.StringFixed(max(0, -x.Exponent()))
	case time.Time:
		return x.UTC().Format("2006-01-02")
	case float64:
		return fmt.Sprintf("%.6g", x)
	}
	return fmt.Sprint(v)
}

// WantRows fails the test unless got renders as want, line by line.
func WantRows(t testing.TB, q string, got []sql.Row, want []string) {
	t.Helper()
	g := Text(got)
	if strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s:\ngot:\n%s\nwant:\n%s", q, strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
}
