package engine

import (
	"errors"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/dolthub/go-mysql-server/sql"
)

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

// With max_allowed_packet at 1024, string builders (and HEX, TO_BASE64,
// QUOTE, JSON_ARRAY, JSON_OBJECT) answer as MariaDB 10.11 does (utf8mb4; values read from mariadbd with
// max_allowed_packet = 1024): NULL with warning 1301 just past the
// bound, their result at it. CONCAT is run over a column too, so both
// the vectorised executor and GMS's row path are checked.
func TestStringBuildersAtMaxAllowedPacket(t *testing.T) {
	tests := []struct {
		q    string
		want string // "NULL": NULL with warning 1301
	}{
		{"SELECT LENGTH(LPAD(REPEAT('a', 1000), 300, 'y'))", "300"}, // cut, not padded: no bound
		{"SELECT LENGTH(LPAD('x', 256, 'y'))", "256"},               // 256 × 4 bytes = 1024
		{"SELECT LPAD('x', 300, 'y')", "NULL"},
		{"SELECT LENGTH(CONCAT(REPEAT('a', 1000), REPEAT('b', 24)))", "1024"},
		{"SELECT CONCAT(REPEAT('a', 1000), REPEAT('b', 25))", "NULL"},
		{"SELECT MAX(LENGTH(CONCAT(s, REPEAT('b', 24)))) FROM t GROUP BY id", "1024"},
		{"SELECT MAX(CONCAT(s, REPEAT('b', 25))) FROM t GROUP BY id", "NULL"},
		{"SELECT MAX(LENGTH(CONCAT(s, id, 12345678901234567))) FROM t GROUP BY id", "1018"},
		{"SELECT LENGTH(CONCAT_WS(',', REPEAT('a', 1000), REPEAT('b', 23)))", "1024"},
		{"SELECT CONCAT_WS(',', REPEAT('a', 1000), REPEAT('b', 24))", "NULL"},
		{"SELECT CONCAT_WS(',', s, NULL, REPEAT('b', 24)) FROM t", "NULL"},
		{"SELECT CONCAT_WS(NULL, 'a', 'b')", "NULL"}, // NULL separator: NULL, no warning
		{"SELECT LENGTH(REPLACE(REPEAT('a', 512), 'a', 'bb'))", "1024"},
		{"SELECT REPLACE(REPEAT('a', 513), 'a', 'bb')", "NULL"},
		{"SELECT REPLACE(s, 'a', 'bb') FROM t", "NULL"},
		{"SELECT REPLACE('abc', '', 'x')", "abc"},
		{"SELECT LENGTH(REPEAT('ab', 512))", "1024"},
		{"SELECT REPEAT('ab', 513)", "NULL"},
		{"SELECT LENGTH(SPACE(1024))", "1024"},
		{"SELECT SPACE(1025)", "NULL"},
		{"SELECT LENGTH(HEX(REPEAT('a', 512)))", "1024"},
		{"SELECT HEX(REPEAT('a', 513))", "NULL"},
		{"SELECT HEX(s) FROM t", "NULL"},
		{"SELECT HEX(255)", "FF"},
		{"SELECT LENGTH(TO_BASE64(REPEAT('a', 756)))", "1021"}, // 1008 characters, 13 newlines
		{"SELECT TO_BASE64(REPEAT('a', 757))", "NULL"},
		{"SELECT LENGTH(QUOTE(REPEAT('a', 1022)))", "1024"},
		{"SELECT QUOTE(REPEAT('a', 1023))", "NULL"},
		{"SELECT LENGTH(QUOTE(REPEAT('''', 511)))", "1024"}, // each ' escaped
		{"SELECT QUOTE(REPEAT('''', 512))", "NULL"},
		{"SELECT LENGTH(JSON_ARRAY(REPEAT('a', 1020)))", "1024"},
		{"SELECT JSON_ARRAY(REPEAT('a', 1021))", "NULL"},
		{`SELECT LENGTH(JSON_ARRAY(REPEAT('"', 510)))`, "1024"}, // each " escaped
		{`SELECT JSON_ARRAY(REPEAT('"', 511))`, "NULL"},
		{"SELECT LENGTH(JSON_ARRAY(REPEAT('a', 500), REPEAT('b', 500), 12))", "1012"},
		{"SELECT JSON_ARRAY(s, s) FROM t", "NULL"},
		{"SELECT LENGTH(JSON_OBJECT('k', REPEAT('a', 1015)))", "1024"},
		{"SELECT JSON_OBJECT('k', REPEAT('a', 1016))", "NULL"},
	}
	for _, vec := range []string{"1", "0"} {
		d := newTestDB(t)
		d.exec("CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(2000))")
		d.exec("INSERT INTO t VALUES (1, REPEAT('a', 1000))")
		d.exec("SET " + VectorizeVariable + " = " + vec)
		d.exec("SET " + ExecVariable + " = 2") // the general executor takes the GROUP BYs
		d.exec("SET max_allowed_packet = 1024")
		for _, tc := range tests {
			rows := d.exec(tc.q)
			if got := norm(rows[0][0]); got != tc.want {
				t.Errorf("vectorize %s: %s = %.40q, want %s", vec, tc.q, got, tc.want)
				continue
			}
			w := d.sess.Warnings()
			wantWarn := tc.want == "NULL" && !strings.Contains(tc.q, "CONCAT_WS(NULL")
			if gotWarn := len(w) > 0 && w[0].Code == 1301; gotWarn != wantWarn {
				t.Errorf("vectorize %s: %s: warnings %v, want 1301: %v", vec, tc.q, w, wantWarn)
			}
		}
	}
}

// A result within max_allowed_packet but larger than the statement's
// memory limit fails with the memory error (1038 to a client) instead of
// being built; within the limit it is built and its charge given back.
func TestStringBuildersChargeMemory(t *testing.T) {
	const limit = 10 << 20
	tests := []struct {
		q    string
		want string // "": fails past the memory limit
	}{
		{"SELECT LENGTH(REPEAT('ab', 4000000))", "8000000"},
		{"SELECT LENGTH(REPEAT('ab', 6000000))", ""},
		{"SELECT LENGTH(SPACE(11000000))", ""},
		{"SELECT LENGTH(RPAD('x', 3000000, 'y'))", ""}, // bounded as 4 bytes a character
		{"SELECT MAX(LENGTH(CONCAT(s, REPEAT('b', 6000000), REPEAT('c', 6000000)))) FROM t GROUP BY id", ""},
		{"SELECT MAX(LENGTH(CONCAT(s, REPEAT('b', 6000000)))) FROM t GROUP BY id", "6000003"},
		{"SELECT LENGTH(CONCAT_WS(s, REPEAT('b', 6000000), REPEAT('c', 6000000))) FROM t", ""},
		{"SELECT LENGTH(REPLACE(REPEAT('a', 4000000), 'a', 'bbb'))", ""},
		{"SELECT LENGTH(HEX(REPEAT('a', 3000000)))", "6000000"}, // with its argument's 3 MB
		{"SELECT LENGTH(HEX(REPEAT('a', 6000000)))", ""},
		{"SELECT LENGTH(TO_BASE64(REPEAT('a', 9000000)))", ""},
	}
	for _, vec := range []string{"1", "0"} {
		d := newTestDB(t)
		d.exec("CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20))")
		d.exec("INSERT INTO t VALUES (1, 'aaa')")
		d.exec("SET " + VectorizeVariable + " = " + vec)
		d.exec("SET " + ExecVariable + " = 2")
		for _, tc := range tests {
			acct := membudget.NewPool(0).NewAccount(limit)
			ctx := d.ctx()
			ctx = ctx.WithContext(membudget.NewContext(ctx.Context, acct))
			rows, err := queryIn(ctx, d, tc.q)
			switch {
			case tc.want == "" && !errors.Is(err, membudget.ErrExceeded):
				t.Errorf("vectorize %s: %s: err %v, want the memory limit's", vec, tc.q, err)
			case tc.want != "" && (err != nil || norm(rows[0][0]) != tc.want):
				t.Errorf("vectorize %s: %s = %v, %v; want %s", vec, tc.q, rows, err, tc.want)
			}
			// operators' own charges (a GROUP BY's groups) stay until the
			// server closes the account; the strings' are given back
			if acct.Used() >= 1<<20 {
				t.Errorf("vectorize %s: %s: %d bytes still charged", vec, tc.q, acct.Used())
			}
		}
	}
}

func queryIn(ctx *sql.Context, d *testDB, q string) ([]sql.Row, error) {
	_, iter, _, err := d.e.SQL().Query(ctx, q)
	if err != nil {
		return nil, err
	}
	return sql.RowIterToRows(ctx, iter)
}
