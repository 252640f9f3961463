package mysqlfn

import "testing"

// TestPad: LPAD and RPAD count characters (answers read off MariaDB
// 10.11, which agrees with MySQL 8 here).
func TestPad(t *testing.T) {
	cases := []struct {
		str  string
		n    int64
		pad  string
		left bool
		want string
		ok   bool
	}{
		{"ab", 5, "", true, "", false},
		{"ab", -1, "x", true, "", false},
		{"ab", 0, "x", true, "", true},
		{"Liège…", 8, "*", false, "Liège…**", true},
		{"Liège…", 4, "*", true, "Lièg", true},
		{"é", 4, "äö", true, "äöäé", true},
		{"é", 4, "äö", false, "éäöä", true},
		{"abc", 2, "", true, "ab", true},
		{"12", 5, "0", false, "12000", true},
		{"ab", 3, "x", true, "xab", true},
	}
	for _, c := range cases {
		got, ok := Pad(c.str, c.n, c.pad, c.left)
		if got != c.want || ok != c.ok {
			t.Errorf("Pad(%q, %d, %q, left=%v) = %q %v, want %q %v", c.str, c.n, c.pad, c.left, got, ok, c.want, c.ok)
		}
	}
}
