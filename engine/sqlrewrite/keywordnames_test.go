package sqlrewrite

import (
	"testing"
)

// TestQuoteKeywordNames checks which FIRST and COMMENT words are
// backquoted for the second parse: bare names only, not strings,
// comments, qualified names, function calls or longer words.
func TestQuoteKeywordNames(t *testing.T) {
	cases := []struct{ in, want string }{
		{"WITH first AS (SELECT 1 AS x) SELECT x FROM first", "WITH `first` AS (SELECT 1 AS x) SELECT x FROM `first`"},
		{"SELECT note AS Comment FROM t", "SELECT note AS `Comment` FROM t"},
		{"SELECT 'first', `first`, t.first, first_value(x) OVER () FROM t -- first", "SELECT 'first', `first`, t.first, first_value(x) OVER () FROM t -- first"},
		{"SELECT first(1)", "SELECT first(1)"},
		{"SELECT 1", "SELECT 1"},
	}
	for _, c := range cases {
		if got, _ := quoteKeywordNames(c.in); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}
