package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// TestExplainPlans checks EXPLAIN PLAN against the expected plans in
// testdata/explain: each subtree the general executor runs appears as
// "Vectorized" over its operators, the rest as GMS's nodes, and scalar
// aggregates (which GMS knows answer one row) explain too. Commands:
// explain [exec=N] runs EXPLAIN PLAN with SET cohortdb_exec = N (default
// 2: the general executor alone).
func TestExplainPlans(t *testing.T) {
	d := execFixture(t)
	datadriven.RunTest(t, "testdata/explain/plans", func(t *testing.T, td *datadriven.TestData) string {
		if td.Cmd != "explain" {
			t.Fatalf("unknown command %s", td.Cmd)
		}
		mode := "2"
		if td.HasArg("exec") {
			var m int
			td.ScanArgs(t, "exec", &m)
			mode = fmt.Sprint(m)
		}
		d.exec("SET cohortdb_exec = " + mode)
		defer d.exec("SET cohortdb_exec = 1")
		var b strings.Builder
		for _, r := range d.exec("EXPLAIN PLAN " + td.Input) {
			fmt.Fprintln(&b, r[0])
		}
		return b.String()
	})
}
