package leads_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
)

// TestDocsExamples runs the examples of docs/behaviour.md written on this
// package's fixture and compares the rows they show.
func TestDocsExamples(t *testing.T) {
	if n := enginetest.DocExamples(t, "../../docs/behaviour.md", "leads", fixtureShop(t)); n < 5 {
		t.Fatalf("only %d examples found", n)
	}
}
