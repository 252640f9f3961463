package web

import (
	"os"
	"strings"
	"testing"
)

// TestDocsListEveryEndpoint keeps docs/web.md's endpoint table in step
// with the endpoint list: every endpoint and each of its parameters is
// documented, and the doc names no endpoint that does not exist.
func TestDocsListEveryEndpoint(t *testing.T) {
	doc, err := os.ReadFile("../../docs/web.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for _, e := range endpoints {
		row := ""
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, "| `"+e.name+"` |") {
				row = line
			}
		}
		if row == "" {
			t.Errorf("docs/web.md: no row for endpoint %s", e.name)
			continue
		}
		for _, p := range e.params {
			if !strings.Contains(row, "`"+p.name+"`") {
				t.Errorf("docs/web.md: endpoint %s does not list parameter %s", e.name, p.name)
			}
		}
	}
}
