package engine

import "testing"

func TestQuoteString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", `'plain'`},
		{"shop's id", `'shop\'s id'`},
		{`a\b`, `'a\\b'`},
		{"two\nlines\r", `'two\nlines\r'`},
		{"nul\x00 ctrl-z\x1a", `'nul\0 ctrl-z\Z'`},
		{`"double"`, `'"double"'`},
	} {
		if got := quoteString(c.in); got != c.want {
			t.Errorf("quoteString(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
