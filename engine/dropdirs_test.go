package engine

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolthub/vitess/go/mysql"
)

func TestInDir(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "orders"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "f.csv"), filepath.Join(dir, "link.csv")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(outside, "f.csv"), nil, 0o644)
	dir, _ = filepath.EvalSymlinks(dir)
	for _, c := range []struct {
		name, want string // want "" means refused with 1290
	}{
		{"a.csv", filepath.Join(dir, "a.csv")},
		{"orders/a.csv", filepath.Join(dir, "orders", "a.csv")},
		{"orders/../b.csv", filepath.Join(dir, "b.csv")},
		{"../a.csv", ""},
		{"orders/../../a.csv", ""},
		{"/etc/passwd", ""},
		{"", ""},
		{".", ""},
		{"out/f.csv", ""},
		{"link.csv", ""},
	} {
		got, err := inDir(dir, "--import-dir", c.name)
		if c.want == "" {
			var se *mysql.SQLError
			if err == nil || !asSQLError(err, &se) || se.Num != 1290 {
				t.Errorf("inDir(%q) = %q, %v; want 1290", c.name, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("inDir(%q) = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if _, err := inDir("", "--export-dir", "a.csv"); err == nil {
		t.Errorf("inDir without a directory succeeded")
	}
}

func asSQLError(err error, se **mysql.SQLError) bool {
	s, ok := err.(*mysql.SQLError)
	*se = s
	return ok
}

func TestListImportFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"orders.2026-12-01.csv", "orders/day2.csv.gz", "customers.csv", ".hidden.csv",
		"orders.3.csv.part", "events.tmp", "orders/deeper/x.csv", "orders/.x.csv"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, err := listImportFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.rel+">"+f.table)
	}
	want := "customers.csv>customers orders.2026-12-01.csv>orders orders/day2.csv.gz>orders"
	if strings.Join(got, " ") != want {
		t.Errorf("listImportFiles: %q, want %q", strings.Join(got, " "), want)
	}
}

func TestImportFormat(t *testing.T) {
	for name, sep := range map[string]string{"a.csv": ",", "a.csv.gz": ",", "a.TSV": "\t", "a.tab.zst": "\t", "a": ","} {
		if got := importFormat(name).FieldSep; got != sep {
			t.Errorf("importFormat(%q) separator %q, want %q", name, got, sep)
		}
	}
}

func TestWriteCSVRow(t *testing.T) {
	for _, c := range []struct {
		row  []any
		want string
	}{
		{[]any{"1", "a"}, "1,a\n"},
		{[]any{nil, "", "x"}, ",\"\",x\n"},
		{[]any{"a,b", `say "hi"`, "two\nlines"}, "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n"},
	} {
		var b strings.Builder
		w := bufio.NewWriter(&b)
		writeCSVRow(w, c.row)
		w.Flush()
		if b.String() != c.want {
			t.Errorf("writeCSVRow(%q) = %q, want %q", c.row, b.String(), c.want)
		}
	}
}
