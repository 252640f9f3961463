package leads

import "testing"

func TestLike(t *testing.T) {
	tests := []struct {
		pat, s string
		want   bool
	}{
		{"", "", true},
		{"", "a", false},
		{"%", "", true},
		{"%", "anything", true},
		{"/pricing%", "/pricing", true},
		{"/pricing%", "/PRICING/plans", true},
		{"/pricing%", "/about/pricing", false},
		{"%pricing%", "/about/pricing", true},
		{"a_c", "abc", true},
		{"a_c", "ac", false},
		{"a%b%c", "axxbyyc", true},
		{"a%b%c", "axxcyyb", false},
		{"%.html", "/a/b.html", true},
		{`100\%`, "100%", true},
		{`100\%`, "1000", false},
		{`a\_b`, "a_b", true},
		{`a\_b`, "axb", false},
		{"ad", "AD", true},
		{"ad", "ads", false},
		{"%a%a%a%", "aaa", true},
		{"%a%a%a%", "aa", false},
	}
	for _, tc := range tests {
		if got := compileLike(tc.pat).match([]byte(tc.s)); got != tc.want {
			t.Errorf("%q LIKE %q = %v, want %v", tc.s, tc.pat, got, tc.want)
		}
	}
}

func FuzzLike(f *testing.F) {
	f.Add("%a_b%", "xxaybzz")
	f.Fuzz(func(t *testing.T, pat, s string) {
		_ = compileLike(pat).match([]byte(s)) // must not panic
	})
}
