package engine

import "testing"

// LPAD, RPAD, REPEAT and SPACE answer NULL with warning 1301 when their
// result would pass max_allowed_packet (GMS's default, 1 GiB, and a
// lowered one), and their usual results otherwise.
func TestStringResultsBoundedByMaxAllowedPacket(t *testing.T) {
	d := newTestDB(t)
	tests := []struct {
		q    string
		want any // nil: NULL with warning 1301
	}{
		{"SELECT LPAD('ab', 5, '-')", "---ab"},
		{"SELECT RPAD('a', 3, 'b')", "abb"},
		{"SELECT REPEAT('ab', 3)", "ababab"},
		{"SELECT SPACE(3)", "   "},
		{"SELECT LPAD('x', 2000000000, 'y')", nil},
		{"SELECT RPAD('x', 2000000000, 'y')", nil},
		{"SELECT REPEAT('abc', 1000000000)", nil},
		{"SELECT SPACE(2000000000)", nil},
	}
	for _, tc := range tests {
		rows := d.exec(tc.q)
		got := rows[0][0]
		if tc.want == nil {
			if got != nil {
				t.Errorf("%s: got a value of %d bytes, want NULL", tc.q, len(norm(got)))
				continue
			}
			if w := d.sess.Warnings(); len(w) == 0 || w[0].Code != 1301 {
				t.Errorf("%s: warnings %v, want 1301", tc.q, w)
			}
			continue
		}
		if norm(got) != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, norm(got), tc.want)
		}
	}
	d.exec("SET max_allowed_packet = 1024")
	if got := d.exec("SELECT REPEAT('ab', 600)")[0][0]; got != nil {
		t.Fatalf("REPEAT of 1200 bytes with max_allowed_packet 1024: got a value, want NULL")
	}
	if got := d.exec("SELECT LENGTH(REPEAT('ab', 500))")[0][0]; norm(got) != "1000" {
		t.Fatalf("REPEAT of 1000 bytes: LENGTH = %v", got)
	}
}
