package ingest

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

type rec []string // "\x00" marks NULL

func readAll(t testing.TB, in string, f Format) ([]rec, []int, error) {
	rd := NewReader(strings.NewReader(in), f)
	var out []rec
	var lines []int
	for {
		fs, err := rd.Read()
		if err == io.EOF {
			return out, lines, nil
		}
		if err != nil {
			return out, lines, err
		}
		r := make(rec, len(fs))
		for i, fl := range fs {
			if fl.Null {
				r[i] = "\x00"
			} else {
				r[i] = string(fl.Value)
			}
		}
		out = append(out, r)
		lines = append(lines, rd.Line())
	}
}

func TestReader(t *testing.T) {
	custom := Format{FieldSep: "||", LineSep: "\r\n", NullText: "NULL"}
	tests := []struct {
		name  string
		in    string
		f     Format
		want  []rec
		lines []int
		err   bool
	}{
		{"csv basic", "a,b,c\n1,2,3\n", CSV, []rec{{"a", "b", "c"}, {"1", "2", "3"}}, []int{1, 2}, false},
		{"no final newline", "1,2", CSV, []rec{{"1", "2"}}, nil, false},
		{"crlf", "1,2\r\n3,4\r\n", CSV, []rec{{"1", "2"}, {"3", "4"}}, nil, false},
		{"quoted", `"a,b","say ""hi""",c` + "\n", CSV, []rec{{"a,b", `say "hi"`, "c"}}, nil, false},
		{"quoted newline counts lines", "\"x\ny\",1\n2,3\n", CSV, []rec{{"x\ny", "1"}, {"2", "3"}}, []int{1, 3}, false},
		{"empty is null in csv", "1,,\"\"\n", CSV, []rec{{"1", "\x00", ""}}, nil, false},
		{"quoted crlf", "\"a\"\r\n\"b\"\r\n", CSV, []rec{{"a"}, {"b"}}, nil, false},
		{"unterminated quote", "\"abc\n", CSV, nil, nil, true},
		{"text after quote", "\"a\"b,1\n", CSV, nil, nil, true},
		{"mysql tabs and escapes", "1\t\\N\ta\\tb\\\\\n", MySQL, []rec{{"1", "\x00", "a\tb\\"}}, nil, false},
		{"mysql escaped N inside", "\\Nx\t2\n", MySQL, []rec{{"Nx", "2"}}, nil, false},
		// The bytes MariaDB 10.11's SELECT … INTO OUTFILE wrote for these
		// values (tab, newline, CR, backslash, NUL, Ctrl-Z, the text \N,
		// NULL, '', a trailing backslash, a trailing CR, quotes): an
		// escaped tab or newline is the escape and the byte itself; its
		// LOAD DATA read back every value.
		{"mysql outfile", "1\ta\\\tb\n2\ta\\\nb\n3\ta\rb\n4\ta\\\\b\n5\ta\\0b\n6\ta\x1ab\n7\t\\\\N\n8\t\\N\n9\t\n10\tend\\\\\n11\tcr\r\n12\t\"q\"\n", MySQL,
			[]rec{{"1", "a\tb"}, {"2", "a\nb"}, {"3", "a\rb"}, {"4", `a\b`}, {"5", "a\x00b"}, {"6", "a\x1ab"}, {"7", `\N`}, {"8", "\x00"}, {"9", ""}, {"10", `end\`}, {"11", "cr\r"}, {"12", `"q"`}},
			[]int{1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, false},
		{"escaped newline inside quotes", "\"a\\\nb\",1\n", Format{FieldSep: ",", Enclose: '"', Escape: '\\'}, []rec{{"a\nb", "1"}}, nil, false},
		{"escaped first byte of a crlf line separator", "a\\\r\nb\t1\r\n", Format{FieldSep: "\t", Escape: '\\', LineSep: "\r\n"}, []rec{{"a\r\nb", "1"}}, nil, false},
		{"escaped separator of a multi-byte field separator", "a\\|b||1\n", Format{FieldSep: "||", Escape: '\\'}, []rec{{"a|b", "1"}}, nil, false},
		{"escape at end of input", "1\ta\\", MySQL, nil, nil, true},
		{"escape at end of input, quoted", "\"a\\", Format{FieldSep: ",", Enclose: '"', Escape: '\\'}, nil, nil, true},
		{"multi-byte separators", "1||NULL||x\r\n2||3||y\r\n", custom, []rec{{"1", "\x00", "x"}, {"2", "3", "y"}}, nil, false},
		{"empty input", "", CSV, nil, nil, false},
		{"empty line is one empty field", "\n", Format{FieldSep: ","}, []rec{{""}}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, lines, err := readAll(t, tc.in, tc.f)
			if tc.err {
				if !errors.Is(err, ErrSyntax) {
					t.Fatalf("got %v, want a syntax error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i := range got {
				if strings.Join(got[i], "|") != strings.Join(tc.want[i], "|") || len(got[i]) != len(tc.want[i]) {
					t.Fatalf("record %d: got %q, want %q", i, got[i], tc.want[i])
				}
			}
			if tc.lines != nil && !equalInts(lines, tc.lines) {
				t.Fatalf("lines %v, want %v", lines, tc.lines)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzReader: the reader never panics, and for CSV written by our own
// quoting rules it returns exactly the fields written.
func FuzzReader(f *testing.F) {
	for _, s := range []string{"a,b\n", `"a""b",c`, "\"x\ny\"\r\n1", "\\N\t1\n", "", ",,,\n\n"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, raw, field string) {
		readAll(t, raw, CSV)
		readAll(t, raw, MySQL)
		// MySQL's OUTFILE escaping (the escape, the first bytes of the
		// separators, NUL as \0) reads back as the value written.
		out := mysqlEscape(field) + "\t" + mysqlEscape(raw) + "\n"
		if got, _, err := readAll(t, out, MySQL); err != nil || len(got) != 1 || len(got[0]) != 2 || got[0][0] != field || got[0][1] != raw {
			t.Fatalf("OUTFILE round trip of %q, %q: %q %v", field, raw, got, err)
		}
		if field == "" || strings.ContainsRune(field, '\r') {
			return
		}
		var b bytes.Buffer
		b.WriteString(`"` + strings.ReplaceAll(field, `"`, `""`) + `",x` + "\n")
		got, _, err := readAll(t, b.String(), CSV)
		if err != nil || len(got) != 1 || got[0][0] != field || got[0][1] != "x" {
			t.Fatalf("round trip of %q: %q %v", field, got, err)
		}
	})
}

// mysqlEscape writes v as MySQL's SELECT … INTO OUTFILE does with the
// default FIELDS and LINES (sql_class.cc select_export): the escape, the
// separators' first bytes and NUL are escaped, NUL as \0; everything else,
// a carriage return included, is written as it is.
func mysqlEscape(v string) string {
	var b strings.Builder
	for _, c := range []byte(v) {
		switch c {
		case '\\', '\t', '\n':
			b.WriteByte('\\')
		case 0:
			b.WriteString(`\`)
			c = '0'
		}
		b.WriteByte(c)
	}
	return b.String()
}
