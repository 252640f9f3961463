package main

// TestDocsRunOnDemo: every ```sql example of README.md and docs/*.md runs on
// the demo `make run` loads (cohortdb gen --customers 50000, seed 1, then
// cohortdb import --dir), statement by statement on one connection, file by
// file; where a ```text block follows, the last statement's rows must be
// the rows it shows (it must follow with only blank lines between). Each
// doc gets a connection of its own. Examples run elsewhere are left out,
// and say so: blocks that start "-- on the fixture" or "-- on the range
// fixture" (docs/analytics.md's hand-worked fixtures,
// functions/rfm/docs_test.go) or "-- fixture: <name>"
// (enginetest.DocExamples in the package that owns the fixture),
// and the docs in docsElsewhere (storage.md, security.md, events.md,
// unification.md), which need servers, users or shops of their own.

import (
	"context"
	"database/sql"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// docsElsewhere are the docs whose examples other tests run.
var docsElsewhere = map[string]string{
	"storage.md":  "TestStorageDocExamples",
	"security.md": "TestSecurityDocExamples",
	"events.md":   "TestEventsDocExamples",
	// its worked example builds a small shop of its own
	"unification.md": "TestUnificationDocExamples",
}

// docSetup prepares a doc's connection: import.md loads orders.csv of the
// demo's files into an empty copy of the orders table (its example is a
// first load), from the directory holding them.
var docSetup = map[string][]string{
	"import.md": {"CREATE DATABASE imp", "CREATE TABLE imp.orders LIKE shop.orders", "USE imp"},
}

func TestDocsRunOnDemo(t *testing.T) {
	t.Parallel()
	requireBinary(t)
	s, csvDir := demoServer(t)
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "../../README.md")
	sort.Strings(files)
	ran := 0
	for _, f := range files {
		name := filepath.Base(f)
		if by, ok := docsElsewhere[name]; ok {
			t.Logf("%s: run by %s", name, by)
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		md := string(b)
		if name == "import.md" { // LOAD DATA LOCAL INFILE 'orders.csv' of the demo's files
			md = strings.ReplaceAll(md, "INFILE 'orders.csv'", "INFILE '"+filepath.Join(csvDir, "orders.csv")+"'")
		}
		t.Run(name, func(t *testing.T) {
			ran += runDocBlocks(t, s.root(t, "shop"), name, md)
		})
	}
	if ran < 20 {
		t.Fatalf("only %d statements ran", ran)
	}
}

// demoServer generates and imports the make run demo and serves it.
func demoServer(t *testing.T) (*testServer, string) {
	t.Helper()
	dir := t.TempDir()
	csvDir, dataDir := filepath.Join(dir, "csv"), filepath.Join(dir, "data")
	if code, out := runBinary(t, nil, "gen", "--customers", "50000", "--seed", "1", "--out", csvDir); code != 0 {
		t.Fatalf("gen: %s", out)
	}
	if code, out := runBinary(t, nil, "import", "--data-dir", dataDir, "--dir", csvDir); code != 0 {
		t.Fatalf("import: %s", out)
	}
	return startServer(t, serverOptions{DataDir: dataDir}), csvDir
}

// runDocBlocks runs one doc's examples on a connection of its own and
// returns how many statements ran.
func runDocBlocks(t *testing.T, db *sql.DB, name, md string) int {
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range docSetup[name] {
		if _, err := conn.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("setup %s: %v", q, err)
		}
	}
	blocks := mdFenced(md)
	ran := 0
	for i, bl := range blocks {
		if bl.lang != "sql" {
			continue
		}
		body := strings.TrimSpace(bl.body)
		if strings.HasPrefix(body, "-- on the fixture") || strings.HasPrefix(body, "-- on the range fixture") ||
			strings.HasPrefix(body, "-- fixture: ") {
			continue
		}
		stmts := splitSQL(body)
		var got [][]string
		for _, q := range stmts {
			got = demoDocCells(t, conn, q)
			ran++
		}
		if i+1 < len(blocks) && blocks[i+1].lang == "text" && blocks[i+1].adjacent && len(stmts) > 0 {
			compareDocRows(t, stmts[len(stmts)-1], got, blocks[i+1].body)
		}
	}
	return ran
}

// mdBlock is a fenced block; adjacent: only blank lines separate it from
// the block before.
type mdBlock struct {
	lang, body string
	adjacent   bool
}

func mdFenced(md string) []mdBlock {
	var out []mdBlock
	var cur *mdBlock
	adjacent := false
	for _, line := range strings.Split(md, "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &mdBlock{lang: strings.TrimPrefix(line, "```"), adjacent: adjacent}
		case cur != nil && strings.HasPrefix(line, "```"):
			out = append(out, *cur)
			cur, adjacent = nil, true
		case cur != nil:
			cur.body += line + "\n"
		case strings.TrimSpace(line) != "":
			adjacent = false
		}
	}
	return out
}

// demoDocCells runs q and returns its rows as text (NULL for NULL; none for a
// statement without rows).
func demoDocCells(t *testing.T, conn *sql.Conn, q string) [][]string {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", firstLine(q), err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	types, _ := rows.ColumnTypes()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "NULL"
			if v.Valid {
				row[i] = driverTime.ReplaceAllString(v.String, "$1 $2")
				if i < len(types) && types[i].DatabaseTypeName() == "DATE" {
					row[i] = strings.TrimSuffix(row[i], " 00:00:00") // parseTime reads a DATE as a time
				}
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", firstLine(q), err)
	}
	return out
}

// compareDocRows checks rows against a ```text block: a header line, then
// one line per row with cells separated by "|". A number shown with d
// decimals matches a value that rounds to it.
func compareDocRows(t *testing.T, q string, got [][]string, text string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(text), "\n")[1:]
	if len(got) != len(lines) {
		t.Errorf("%s: %d rows %v, the docs show %d", firstLine(q), len(got), got, len(lines))
		return
	}
	for j, l := range lines {
		want := strings.Split(l, "|")
		if len(want) != len(got[j]) {
			t.Errorf("%s: row %d has %d cells %v, the docs show %d", firstLine(q), j, len(got[j]), got[j], len(want))
			continue
		}
		for k, w := range want {
			if w = strings.TrimSpace(w); !sameDocCell(got[j][k], w) {
				t.Errorf("%s: row %d is %v, the docs show %q", firstLine(q), j, got[j], l)
				break
			}
		}
	}
}

func sameDocCell(got, want string) bool {
	if got == want {
		return true
	}
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	decimals := 0
	if i := strings.IndexByte(want, '.'); i >= 0 {
		decimals = len(want) - i - 1
	}
	return math.Abs(g-w) <= 0.5*math.Pow10(-decimals)*(1+1e-9)
}

// splitSQL splits a block into statements at semicolons outside quotes
// and comments; comments and empty statements are dropped.
func splitSQL(block string) []string {
	var out []string
	var cur strings.Builder
	var quote byte
	for i := 0; i < len(block); i++ {
		c := block[i]
		switch {
		case quote != 0:
			cur.WriteByte(c)
			if c == quote {
				if i+1 < len(block) && block[i+1] == quote { // '' inside '...'
					cur.WriteByte(c)
					i++
				} else {
					quote = 0
				}
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
			cur.WriteByte(c)
		case c == '-' && strings.HasPrefix(block[i:], "-- "):
			for i < len(block) && block[i] != '\n' {
				i++
			}
			cur.WriteByte('\n')
		case c == ';':
			if q := strings.TrimSpace(cur.String()); q != "" {
				out = append(out, q)
			}
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	if q := strings.TrimSpace(cur.String()); q != "" {
		out = append(out, q)
	}
	return out
}

// TestSplitSQL: the splitter keeps quoted semicolons and drops comments.
func TestSplitSQL(t *testing.T) {
	t.Parallel()
	got := splitSQL("CALL f('a;b', 'it''s');   -- one; two\nSELECT \"x;\" -- c\n;\n-- only a comment\nSELECT `a;b`")
	want := []string{"CALL f('a;b', 'it''s')", "SELECT \"x;\"", "SELECT `a;b`"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}
