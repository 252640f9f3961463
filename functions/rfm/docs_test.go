package rfm_test

import (
	"os"
	"strings"
	"testing"
)

// TestDocsExamples runs the ```sql blocks of docs/analytics.md that start
// "-- on the fixture" on testdata/fixture.sql and those that start "-- on
// the range fixture" on testdata/periods.sql and, when a ```text block
// follows, compares the rows (its first line is a header; cells are
// separated by "|"). The other blocks run on the demo
// (cmd/cohortdb TestDocsRunOnDemo).
func TestDocsExamples(t *testing.T) {
	b, err := os.ReadFile("../../docs/analytics.md")
	if err != nil {
		t.Fatal(err)
	}
	d, p := fixtureShop(t), periodsShop(t)
	blocks := fenced(string(b))
	ran := 0
	for i, bl := range blocks {
		if bl.lang != "sql" {
			continue
		}
		q := strings.TrimSuffix(strings.TrimSpace(bl.body), ";")
		db := d
		switch {
		case strings.HasPrefix(q, "-- on the range fixture"):
			db = p
		case !strings.HasPrefix(q, "-- on the fixture"):
			continue
		}
		rows, err := db.query(q)
		if err != nil {
			t.Errorf("docs example %q: %v", q, err)
			continue
		}
		ran++
		if i+1 >= len(blocks) || blocks[i+1].lang != "text" {
			continue
		}
		lines := strings.Split(strings.TrimSpace(blocks[i+1].body), "\n")[1:]
		want := make([]string, len(lines))
		for j, l := range lines {
			cells := strings.Split(l, "|")
			for k := range cells {
				cells[k] = strings.TrimSpace(cells[k])
			}
			want[j] = strings.Join(cells, "|")
		}
		wantRows(t, q, rows, want)
	}
	if ran < 4 {
		t.Fatalf("only %d examples found", ran)
	}
}

type block struct{ lang, body string }

// fenced returns the fenced code blocks of a markdown text, in order.
func fenced(md string) []block {
	var out []block
	var cur *block
	for _, line := range strings.Split(md, "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &block{lang: strings.TrimPrefix(line, "```")}
		case cur != nil && strings.HasPrefix(line, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.body += line + "\n"
		}
	}
	return out
}
