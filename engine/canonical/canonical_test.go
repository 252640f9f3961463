package canonical

import (
	"strings"
	"testing"
)

func TestStatements(t *testing.T) {
	st := Statements()
	if len(st) != len(Tables) {
		t.Fatalf("%d statements, want %d", len(st), len(Tables))
	}
	for i, s := range st {
		if !strings.HasPrefix(s, "CREATE TABLE "+Tables[i]+" (") {
			t.Fatalf("statement %d does not create %s: %.40s", i, Tables[i], s)
		}
	}
}
