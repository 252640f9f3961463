package main

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// TestSecurityDocExamples runs every ```sql block of docs/security.md, in
// order, on a server started with --secure-file-priv and the hand-worked
// rfm fixture loaded into shop. A block's first line says who runs it
// ("-- as root", "-- as analyst", ...; passwords are the ones the doc's
// CREATE USER statements give); its statements run one by one and the
// ```text block after it, when there is one, is the last statement's
// output: a header line and rows with cells separated by "|", or
// "ERROR code (state): message". The doc's file directory
// /srv/cohortdb-files stands for the test's own temporary directory.
func TestSecurityDocExamples(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../docs/security.md")
	if err != nil {
		t.Fatal(err)
	}
	files := t.TempDir()
	const docFiles = "/srv/cohortdb-files"
	s := startServer(t, serverOptions{Args: []string{"--secure-file-priv", files}})
	root := s.root(t, "shop")
	loadSQLFile(t, root, "../../functions/rfm/testdata/fixture.sql")

	users := map[string]string{"root": s.RootPassword, "analyst": "analyst-pw", "support": "support-pw", "loader": "loader-pw"}
	conns := map[string]*sql.Conn{}
	conn := func(user string) *sql.Conn {
		if c, ok := conns[user]; ok {
			return c
		}
		pw, ok := users[user]
		if !ok {
			t.Fatalf("docs/security.md: unknown user %q", user)
		}
		c := singleConn(t, s.open(t, user, pw, "shop"))
		conns[user] = c
		return c
	}
	blocks := docBlocks(string(b))
	ran := 0
	for i, bl := range blocks {
		if bl.lang != "sql" {
			continue
		}
		body := strings.ReplaceAll(bl.body, docFiles, files)
		first, rest, _ := strings.Cut(strings.TrimSpace(body), "\n")
		user, ok := strings.CutPrefix(first, "-- as ")
		if !ok {
			t.Fatalf("docs/security.md: a sql block must start with '-- as <user>': %q", first)
		}
		var got string
		for _, stmt := range strings.Split(rest, ";\n") {
			if stmt = strings.TrimSuffix(strings.TrimSpace(stmt), ";"); stmt != "" {
				got = runForDoc(t, conn(user), stmt)
			}
		}
		ran++
		if i+1 < len(blocks) && blocks[i+1].lang == "text" {
			want := normalizeDocOutput(strings.ReplaceAll(blocks[i+1].body, docFiles, files))
			if got != want {
				t.Errorf("docs/security.md example (as %s):\n%s\ngot:\n%s\nwant:\n%s", user, rest, got, want)
			}
		} else if strings.HasPrefix(got, "ERROR") {
			t.Errorf("docs/security.md example (as %s) without shown output failed:\n%s\n%s", user, rest, got)
		}
	}
	if ran < 10 {
		t.Fatalf("only %d examples in docs/security.md", ran)
	}
	if _, err := os.Stat(filepath.Join(files, "vip.csv")); err != nil {
		t.Errorf("the INTO OUTFILE example wrote no file: %v", err)
	}
}

// runForDoc runs one statement and renders its result as the docs show it.
func runForDoc(t *testing.T, c *sql.Conn, stmt string) string {
	t.Helper()
	rows, err := c.QueryContext(t.Context(), stmt)
	if err != nil {
		var me *mysql.MySQLError
		if errors.As(err, &me) {
			return fmt.Sprintf("ERROR %d (%s): %s", me.Number, string(me.SQLState[:]), me.Message)
		}
		t.Fatalf("%s: %v", stmt, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	lines := []string{strings.Join(cols, " | ")}
	vals := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = "NULL"
			if v != nil {
				cells[i] = strings.ReplaceAll(string(v), "\n", `\n`)
			}
		}
		lines = append(lines, strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		var me *mysql.MySQLError
		if errors.As(err, &me) {
			return fmt.Sprintf("ERROR %d (%s): %s", me.Number, string(me.SQLState[:]), me.Message)
		}
		t.Fatal(err)
	}
	if len(cols) == 0 {
		return ""
	}
	return normalizeDocOutput(strings.Join(lines, "\n"))
}

// normalizeDocOutput trims the blanks around cells and lines.
func normalizeDocOutput(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "ERROR ") {
			continue
		}
		cells := strings.Split(l, "|")
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		lines[i] = strings.Join(cells, " | ")
	}
	return strings.Join(lines, "\n")
}

type docBlock struct{ lang, body string }

// docBlocks returns the fenced code blocks of a markdown text, in order.
func docBlocks(md string) []docBlock {
	var out []docBlock
	var cur *docBlock
	for _, line := range strings.Split(md, "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &docBlock{lang: strings.TrimPrefix(line, "```")}
		case cur != nil && strings.HasPrefix(line, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.body += line + "\n"
		}
	}
	return out
}

// loadSQLFile runs a file of statements, each ending with ";" at the end
// of a line ("--" lines are comments).
func loadSQLFile(t *testing.T, db *sql.DB, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var stmt strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		stmt.WriteString(line + "\n")
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			mustExec(t, db, strings.TrimSuffix(strings.TrimSpace(stmt.String()), ";"))
			stmt.Reset()
		}
	}
}
