package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestEventsDocExamples runs every ```sql block of docs/events.md, in
// order, on a server started with --import-dir and --export-dir and the
// hand-worked rfm fixture loaded into shop, and compares the ```text
// block after a block with its last statement's output (the format of
// TestSecurityDocExamples). A block's first line says who runs it
// ("-- as root", "-- as etl"); "-- as root (wait for N runs)" first waits
// until N runs are recorded as finished in shop.event_runs. A ```csv
// block after "`/srv/cohortdb/import/NAME`:" is written to the import
// directory before anything runs; one after "`/srv/cohortdb/export/NAME`:"
// is compared with the exported file at the end.
func TestEventsDocExamples(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../docs/events.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	base := t.TempDir()
	in, out := filepath.Join(base, "import"), filepath.Join(base, "export")
	for _, d := range []string{in, out} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dirs := map[string]string{"import": in, "export": out}
	files := docFiles(doc)
	for _, f := range files {
		if f.dir == "import" {
			if err := os.WriteFile(filepath.Join(in, f.name), []byte(f.body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	s := startServer(t, serverOptions{Args: []string{"--import-dir", in, "--export-dir", out}})
	root := s.root(t, "shop")
	loadSQLFile(t, root, "../../functions/rfm/testdata/fixture.sql")
	users := map[string]string{"root": s.RootPassword, "etl": "etl-pw"}
	conns := map[string]*sql.Conn{}
	conn := func(user string) *sql.Conn {
		if c, ok := conns[user]; ok {
			return c
		}
		c := singleConn(t, s.open(t, user, users[user], "shop"))
		conns[user] = c
		return c
	}

	blocks := docBlocks(doc)
	ran := 0
	for i, bl := range blocks {
		if bl.lang != "sql" {
			continue
		}
		first, rest, _ := strings.Cut(strings.TrimSpace(bl.body), "\n")
		who, ok := strings.CutPrefix(first, "-- as ")
		if !ok {
			t.Fatalf("docs/events.md: a sql block must start with '-- as <user>': %q", first)
		}
		user, wait, _ := strings.Cut(who, " (wait for ")
		if wait != "" {
			n, err := strconv.Atoi(strings.TrimSuffix(wait, " runs)"))
			if err != nil {
				t.Fatalf("docs/events.md: %q", first)
			}
			waitFor(t, root, int64(n), "SELECT COUNT(*) FROM event_runs WHERE status <> 'running'")
			waitFor(t, root, 1, "SELECT COUNT(*) = 0 FROM event_runs WHERE status = 'running'")
		}
		var got string
		for _, stmt := range strings.Split(rest, ";\n") {
			if stmt = strings.TrimSuffix(strings.TrimSpace(stmt), ";"); stmt != "" {
				got = runForDoc(t, conn(user), stmt)
			}
		}
		ran++
		if i+1 < len(blocks) && blocks[i+1].lang == "text" {
			if want := normalizeDocOutput(blocks[i+1].body); got != want {
				t.Errorf("docs/events.md example (as %s):\n%s\ngot:\n%s\nwant:\n%s", user, rest, got, want)
			}
		} else if strings.HasPrefix(got, "ERROR") {
			t.Errorf("docs/events.md example (as %s) without shown output failed:\n%s\n%s", user, rest, got)
		}
	}
	if ran < 10 {
		t.Fatalf("only %d examples in docs/events.md", ran)
	}
	for _, f := range files {
		if f.dir != "export" {
			continue
		}
		got, err := os.ReadFile(filepath.Join(dirs[f.dir], f.name))
		if err != nil || string(got) != f.body {
			t.Errorf("docs/events.md: exported %s (%v):\n%s\nwant:\n%s", f.name, err, got, f.body)
		}
	}
}

type docFile struct{ dir, name, body string }

var docFileRE = regexp.MustCompile("`/srv/cohortdb/(import|export)/([^`]+)`:\n\n```csv\n((?s:.*?))```")

// docFiles returns the CSV files the doc shows in the import and export
// directories.
func docFiles(doc string) []docFile {
	var out []docFile
	for _, m := range docFileRE.FindAllStringSubmatch(doc, -1) {
		out = append(out, docFile{dir: m[1], name: m[2], body: m[3]})
	}
	return out
}
