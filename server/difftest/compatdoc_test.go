package difftest

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/compatibility.md")

const docPath = "../../docs/compatibility.md"

// TestCompatibilityDoc fails when docs/compatibility.md is not what the
// corpus and the allow-list say (the harness keeps the allow-list exact).
// Regenerate it with: go test ./server/difftest -run TestCompatibilityDoc -update
func TestCompatibilityDoc(t *testing.T) {
	want := CompatibilityDoc(corpus(t, DefaultGenerated, DefaultSeed), loadAllowList(t), DefaultSeed)
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("docs/compatibility.md is stale: regenerate it with go test ./server/difftest -run TestCompatibilityDoc -update")
	}
}

// TestGeneratedDeterministic: the fixed-seed corpus is the same on every
// run, so the allow-list and the doc describe the statements CI runs.
func TestGeneratedDeterministic(t *testing.T) {
	a, b := Generated(50, DefaultSeed), Generated(50, DefaultSeed)
	for i := range a {
		if a[i].SQL != b[i].SQL {
			t.Fatalf("statement %d differs between two generations of seed %d", i+1, DefaultSeed)
		}
	}
}
