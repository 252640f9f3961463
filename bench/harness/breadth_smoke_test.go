package harness_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/bench/harness"
)

// breadthTodayFile records the breadth queries cohortdb does not answer
// right at the smoke test's scale today: "ID status why", status one of
// wrong, error, timeout. It is the executor work's list of bugs.
const breadthTodayFile = "testdata/breadth_today.txt"

// readBreadthToday reads breadthTodayFile: status by query ID.
func readBreadthToday(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(breadthTodayFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	today := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 || !validStatus[fields[1]] {
			t.Fatalf("%s: %q: want ID wrong|error|timeout why", breadthTodayFile, line)
		}
		today[fields[0]] = fields[1]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return today
}

var validStatus = map[string]bool{"wrong": true, "error": true, "timeout": true}

// breadthStatus is the outcome of a breadth query on cohortdb.
func breadthStatus(tm harness.Timing) string {
	switch {
	case tm.Mismatch != "":
		return "wrong"
	case tm.Err != "":
		return "error"
	case tm.TimedOut:
		return "timeout"
	}
	return "ok"
}

// onlyKnownWrong reports whether every failure of the run is a breadth
// query that today's list says cohortdb answers wrong.
func onlyKnownWrong(run *harness.Run, today map[string]string) bool {
	if run == nil {
		return false
	}
	for _, f := range run.Failures {
		// The compacted daily table answers the breadth set too.
		id, rest, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(f, "cohortdb daily+opt "), "cohortdb "), ": ")
		if !strings.HasPrefix(f, "cohortdb ") || !strings.HasPrefix(rest, "WRONG") || today[id] != "wrong" {
			return false
		}
	}
	return true
}

// checkBreadth asserts that every breadth query ran on DuckDB and that
// cohortdb's outcome is the one recorded today. A timeout is logged, not
// asserted (it depends on the machine), unless a query recorded as timing
// out now fails another way.
func checkBreadth(t *testing.T, run *harness.Run, today map[string]string) {
	t.Helper()
	if len(run.Breadth) < 30 {
		t.Errorf("breadth set: %d queries, want at least 30", len(run.Breadth))
	}
	seen := map[string]bool{}
	var summary []string
	for _, q := range run.Breadth {
		seen[q.ID] = true
		if d := run.Times[q.ID]["DuckDB"]; d.Runs == 0 || d.Err != "" {
			t.Errorf("breadth %s: DuckDB not measured: %+v", q.ID, d)
		}
		tm := run.Times[q.ID]["cohortdb"]
		got, want := breadthStatus(tm), today[q.ID]
		if want == "" {
			want = "ok"
		}
		if got != "ok" {
			summary = append(summary, q.ID+" "+got+": "+oneLine(tm.Mismatch+tm.Err))
		}
		switch {
		case got == want:
		case got == "timeout" || want == "timeout" && got == "ok":
			t.Logf("breadth %s: %s on cohortdb (%s records %s)", q.ID, got, breadthTodayFile, want)
		case got == "ok":
			t.Errorf("breadth %s: cohortdb answers it right now: remove it from %s", q.ID, breadthTodayFile)
		default:
			t.Errorf("breadth %s: %s on cohortdb, %s records %s: %s", q.ID, got, breadthTodayFile, want, oneLine(tm.Mismatch+tm.Err))
		}
	}
	for id := range today {
		if !seen[id] {
			t.Errorf("%s lists %s, which is not in the breadth set", breadthTodayFile, id)
		}
	}
	t.Logf("breadth set on cohortdb, not ok (%d of %d):\n  %s", len(summary), len(run.Breadth), strings.Join(summary, "\n  "))
	if rep := harness.Report(run, "test"); !strings.Contains(rep, "Issue 19's targets over the enlarged set") {
		t.Errorf("report has no breadth targets:\n%s", rep)
	}
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
