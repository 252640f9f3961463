package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// driverTime is how the driver (parseTime) prints a DATETIME; the docs
// show it as the mysql client does.
var driverTime = regexp.MustCompile(`^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)Z$`)

// TestStorageDocExamples runs the ```sql blocks of docs/storage.md in
// order in database shop and compares each following ```text block (a
// header line, then rows with cells separated by "|").
func TestStorageDocExamples(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../docs/storage.md")
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, serverOptions{Args: []string{"--compact-every=0"}})
	db := s.root(t, "shop")
	blocks := mdBlocks(string(b))
	ran := 0
	for i, bl := range blocks {
		if bl[0] != "sql" {
			continue
		}
		q := strings.TrimSuffix(strings.TrimSpace(bl[1]), ";")
		ran++
		if i+1 >= len(blocks) || blocks[i+1][0] != "text" {
			mustExec(t, db, q)
			continue
		}
		lines := strings.Split(strings.TrimSpace(blocks[i+1][1]), "\n")
		got := cells(t, db, q)
		for _, row := range got {
			for k := range row {
				row[k] = driverTime.ReplaceAllString(row[k], "$1 $2")
			}
		}
		if len(got) != len(lines)-1 {
			t.Fatalf("%s: %d rows, the docs show %d", q, len(got), len(lines)-1)
		}
		for j, l := range lines[1:] {
			want := strings.Split(l, "|")
			for k := range want {
				want[k] = strings.TrimSpace(want[k])
			}
			if strings.Join(got[j], "|") != strings.Join(want, "|") {
				t.Errorf("%s: row %d is %v, the docs show %v", q, j, got[j], want)
			}
		}
	}
	if ran < 5 {
		t.Fatalf("only %d examples found", ran)
	}
}

// mdBlocks returns the fenced code blocks of a markdown text as
// (language, body) pairs.
func mdBlocks(md string) [][2]string {
	var out [][2]string
	var cur *[2]string
	for _, line := range strings.Split(md, "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &[2]string{strings.TrimPrefix(line, "```"), ""}
		case cur != nil && strings.HasPrefix(line, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur[1] += line + "\n"
		}
	}
	return out
}
