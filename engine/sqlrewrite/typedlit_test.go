package sqlrewrite

import (
	"strings"
	"testing"
)

// TestTypedLiterals: typed temporal literals become CASTs; strings,
// quoted names, comments, column defaults and other words are left
// alone.
func TestTypedLiterals(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT DATE '2025-01-01'", "SELECT CAST('2025-01-01' AS DATE)"},
		{"select date'2025-01-01' + interval 1 day", "select CAST('2025-01-01' AS DATE) + interval 1 day"},
		{"SELECT TIMESTAMP '2025-01-01 10:00:00', TIME \"12:30\"", "SELECT CAST('2025-01-01 10:00:00' AS DATETIME), CAST(\"12:30\" AS TIME)"},
		{"SELECT TIMESTAMP '2025-01-01 10:00:00.25'", "SELECT CAST('2025-01-01 10:00:00.25' AS DATETIME(2))"},
		{"SELECT 'DATE ''x''', `date` FROM t WHERE date = '2025-01-01'", "SELECT 'DATE ''x''', `date` FROM t WHERE date = '2025-01-01'"},
		{"SELECT 1 -- DATE '2025-01-01'\n", "SELECT 1 -- DATE '2025-01-01'\n"},
		{"SELECT /* DATE '2025-01-01' */ 1", "SELECT /* DATE '2025-01-01' */ 1"},
		{"CREATE TABLE t (d DATE DEFAULT DATE '2025-01-01')", "CREATE TABLE t (d DATE DEFAULT DATE '2025-01-01')"},
		{"SELECT DATE_FORMAT(x, '%Y'), t.date 'a', @date 'b', CURRENT_DATE", "SELECT DATE_FORMAT(x, '%Y'), t.date 'a', @date 'b', CURRENT_DATE"},
		{"SELECT DATE 'unterminated", "SELECT DATE 'unterminated"},
		{"SELECT 'it\\'s', DATE '2025-02-01'", "SELECT 'it\\'s', CAST('2025-02-01' AS DATE)"},
	} {
		if got, _ := rewriteTypedLiterals(c.in); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestOriginalOffset: an offset in the rewritten text maps back to the
// same place in the original.
func TestOriginalOffset(t *testing.T) {
	q := "SELECT DATE '2025-01-01'; SELECT TIME '10:00'; SELECT 1"
	out, edits := rewriteTypedLiterals(q)
	for _, marker := range []string{"; SELECT ", "; SELECT 1"} {
		want := strings.Index(q, marker)
		if got := originalOffset(strings.Index(out, marker), edits); got != want {
			t.Errorf("%q: offset %d, want %d", marker, got, want)
		}
	}
}
