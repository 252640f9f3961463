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
