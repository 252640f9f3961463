package exec

import "testing"

func TestWildMatch(t *testing.T) {
	tests := []struct {
		s, pat string
		want   bool
	}{
		{"u1@a.com", "u_@%", true},
		{"u12@a.com", "u_@%", false},
		{"u12@a.com", "u__@%", true},
		{"", "_", false},
		{"", "%", true},
		{"", "%_%", false},
		{"a", "%_%", true},
		{"abcabd", "%ab_", true},
		{"abcaxb", "%ab_", false},
		{"éa", "_a", true}, // one character, two bytes
		{"ééé", "%é_", true},
		{"aXbXc", "a%b%c", true},
		{"aXbXcX", "a%b%c", false},
		{"mississippi", "m%iss%_pi", true},
	}
	for _, tc := range tests {
		var p []rune
		for _, r := range tc.pat {
			switch r {
			case '%':
				r = likeAny
			case '_':
				r = likeOne
			}
			p = append(p, r)
		}
		if got := wildMatch(tc.s, p); got != tc.want {
			t.Errorf("%q LIKE %q = %v, want %v", tc.s, tc.pat, got, tc.want)
		}
	}
}
