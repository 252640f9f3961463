package engine

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dolthub/vitess/go/mysql"
)

// TestFileAccess checks secure_file_priv's confinement on a real
// directory tree: a file inside, one outside, a link inside leading out,
// a .. path, and the disabled and anywhere settings.
func TestFileAccess(t *testing.T) {
	base := t.TempDir()
	in, out := filepath.Join(base, "in"), filepath.Join(base, "out")
	for _, d := range []string{in, out, filepath.Join(in, "sub")} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p string) {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(in, "a.txt"))
	write(filepath.Join(in, "sub", "b.txt"))
	write(filepath.Join(out, "secret.txt"))
	if err := os.Symlink(out, filepath.Join(in, "link")); err != nil {
		t.Fatal(err)
	}
	confined, err := ParseFileAccess(in)
	if err != nil {
		t.Fatal(err)
	}
	anywhere, _ := ParseFileAccess("")
	disabled, _ := ParseFileAccess("null")

	const ok, outside, fsErr, exists = "ok", "1290", "fs", "1086"
	for _, c := range []struct {
		fa    FileAccess
		path  string
		write bool
		want  string
	}{
		{confined, filepath.Join(in, "a.txt"), false, ok},
		{confined, filepath.Join(in, "sub", "b.txt"), false, ok},
		{confined, filepath.Join(in, "missing.txt"), false, fsErr},
		{confined, filepath.Join(out, "secret.txt"), false, outside},
		{confined, filepath.Join(out, "missing.txt"), false, outside}, // outside: not even existence is told
		{confined, filepath.Join(in, "..", "out", "secret.txt"), false, outside},
		{confined, filepath.Join(in, "link", "secret.txt"), false, outside},
		{confined, in + "x/a.txt", false, outside}, // a sibling whose name starts like the directory
		{confined, filepath.Join(in, "new.csv"), true, ok},
		{confined, filepath.Join(in, "a.txt"), true, exists},
		{confined, filepath.Join(in, "link", "new.csv"), true, outside},
		{confined, filepath.Join(out, "new.csv"), true, outside},
		{anywhere, filepath.Join(out, "secret.txt"), false, ok},
		{anywhere, filepath.Join(out, "new.csv"), true, ok},
		{disabled, filepath.Join(in, "a.txt"), false, outside},
		{disabled, filepath.Join(in, "new.csv"), true, outside},
	} {
		var err error
		if c.write {
			_, err = c.fa.writable(c.path)
		} else {
			_, err = c.fa.readable(c.path)
		}
		if got := classify(err); got != c.want {
			t.Errorf("%+v: %s (write %v) = %v, want %s", c.fa, c.path, c.write, err, c.want)
		}
	}
	if _, err := ParseFileAccess(filepath.Join(in, "a.txt")); err == nil {
		t.Error("ParseFileAccess accepted a file")
	}
	if _, err := ParseFileAccess(filepath.Join(base, "none")); err == nil {
		t.Error("ParseFileAccess accepted a missing directory")
	}
}

func classify(err error) string {
	var se *mysql.SQLError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &se):
		return map[int]string{1290: "1290", 1086: "1086"}[se.Number()]
	}
	return "fs"
}
