package enginetest

import (
	"os"
	"strings"
	"testing"
)

// DocExamples runs, in order, every ```sql block of a markdown file whose
// first line is "-- fixture: <name>" on d and, when a ```text block
// follows, compares the rows: its first line is a header, cells are
// separated by "|" and values are rendered as Norm renders them. It
// returns how many blocks ran.
func DocExamples(t *testing.T, path, name string, d *Shop) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks := fenced(string(b))
	ran := 0
	for i, bl := range blocks {
		q := strings.TrimSuffix(strings.TrimSpace(bl.body), ";")
		if bl.lang != "sql" || !strings.HasPrefix(q, "-- fixture: "+name+"\n") {
			continue
		}
		rows, err := d.Query(q)
		if err != nil {
			t.Errorf("%s example %q: %v", path, q, err)
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
		WantRows(t, q, rows, want)
	}
	return ran
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
