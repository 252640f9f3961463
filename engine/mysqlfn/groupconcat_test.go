package mysqlfn

import "testing"

func TestWholeChars(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"abc", "abc"},
		{"xé"[:2], "x"},      // cut inside the 2-byte é
		{"ab€"[:4], "ab"},    // cut inside the 3-byte €
		{"a😀"[:4], "a"},      // cut inside the 4-byte emoji
		{"é€", "é€"},         // whole characters are kept
		{"\xff", "\xff"[:0]}, // one stray byte goes too
	} {
		if got := WholeChars(c.in); got != c.want {
			t.Errorf("WholeChars(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
