package harness

import (
	"strings"
	"testing"
	"time"
)

// TestLoadOrderReport: the report judges daily+opt / pre-sorted against
// issue 22's 1.1× for Q1-Q7 (Q6 by p99), the analytics functions and the
// breadth set, counting a daily+opt failure as a miss.
func TestLoadOrderReport(t *testing.T) {
	ms := time.Millisecond
	r := &Run{Config: Config{Queries: []string{"Q1", "Q2", "Q6", "B01", "B02"}, Timeout: time.Second, DailyFiles: 365},
		Systems: []string{"DuckDB", "cohortdb", dailyName, compactedName}, Times: map[string]map[string]Timing{}}
	if err := r.selectQueries(); err != nil {
		t.Fatal(err)
	}
	r.Times["Q1"] = map[string]Timing{"cohortdb": {Median: 100 * ms, Runs: 3}, dailyName: {Median: 300 * ms, Runs: 3},
		compactedName: {Median: 105 * ms, Runs: 3}}
	r.Times["Q2"] = map[string]Timing{"cohortdb": {Median: 100 * ms, Runs: 3}, compactedName: {Median: 150 * ms, Runs: 3}}
	r.Times["Q6"] = map[string]Timing{"cohortdb": {Median: ms, P99: 2 * ms, Runs: 100},
		compactedName: {Median: 5 * ms, P99: 2 * ms, Runs: 100}} // p50 5× but p99 1×: judged by p99
	r.Times["B01"] = map[string]Timing{"DuckDB": {Median: 10 * ms, Runs: 1}, "cohortdb": {Median: 10 * ms, Runs: 1},
		compactedName: {Median: 30 * ms, Runs: 1}}
	r.Times["B02"] = map[string]Timing{"DuckDB": {Median: 10 * ms, Runs: 1}, "cohortdb": {Median: 10 * ms, Runs: 1},
		compactedName: {Err: "Error 1105: boom"}}
	r.Analytics = []AnalyticRun{
		{Analytic: Analytic{Query: Query{ID: "A5a"}}, Cohort: Timing{Median: 10 * ms, Runs: 1}, Compacted: Timing{Median: 10 * ms, Runs: 1}},
	}
	var b strings.Builder
	r.writeLoadOrderTable(&b)
	r.writeBreadthTable(&b)
	rep := b.String()
	for _, want := range []string{
		"orders loaded as 365 time-ordered daily files",
		"| 1.05 | yes |", "| 1.50 | no |", "| 1.00 | yes |",
		"- Q1-Q7: 2 of 3 within 1.1×; over: Q2 1.50",
		"- analytics functions: 1 of 1 within 1.1×",
		"- breadth set: 0 of 2 within 1.1×; over: B01 3.00, B02 failed",
		"| cohortdb daily+opt | daily+opt / cohortdb | ≤ 1.1× |",
		"| 3.00 | no |", "| **error** |  | no |",
	} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}
}
