package gmssuite

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var record = flag.Bool("gms.record", false, "rerun the GMS suites without skipping and rewrite testdata/skip.txt")

var failLine = regexp.MustCompile(`^\s*--- FAIL: (.*) \([0-9.]+s\)$`)

// TestRecord reruns TestSuites in a child process and adds the
// statements that failed there to skip.txt, until a run passes (a skipped
// statement can make later ones of its script fail). To find statements
// that pass again, empty the list (keep the "## reason" lines) first.
func TestRecord(t *testing.T) {
	if !*record {
		t.Skip("records only with -gms.record")
	}
	for round := 0; round < 10; round++ {
		l, err := readSkips(skipFile)
		if err != nil {
			t.Fatal(err)
		}
		added := recordRound(t, l)
		t.Logf("round %d: %d statements added to %s", round, added, skipFile)
		if added == 0 {
			return
		}
	}
	t.Fatal("the list did not settle in 10 rounds")
}

// recordRound runs the suites once with l's skips and writes l plus the
// statements that failed; it returns how many it added.
func recordRound(t *testing.T, l *skipList) int {
	seen := filepath.Join(t.TempDir(), "seen")
	cmd := exec.Command(os.Args[0], "-test.run", "^TestSuites$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "GMSSUITE_SEEN="+seen)
	out, _ := cmd.CombinedOutput()
	if !bytes.Contains(out, []byte("--- PASS")) {
		t.Fatalf("suites did not run:\n%s", tail(out))
	}
	names := readSeen(t, seen)
	failing, added := map[string]bool{}, 0
	for q := range l.reason {
		failing[q] = true
	}
	for _, f := range failedLeaves(out) {
		q, ok := statementOf(f, names)
		if !ok {
			t.Errorf("failed test matches no statement (it cannot be skipped): %s", f)
			continue
		}
		if !failing[q] {
			failing[q] = true
			added++
		}
	}
	if err := l.write(skipFile, failing); err != nil {
		t.Fatal(err)
	}
	return added
}

func readSeen(t *testing.T, path string) map[string]string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		if name, q, ok := strings.Cut(sc.Text(), "\t"); ok {
			names[name] = q
		}
	}
	return names
}

// failedLeaves returns the failed tests none of whose subtests failed:
// where the failure is, not the parents it propagated to.
func failedLeaves(out []byte) []string {
	var all []string
	for _, line := range strings.Split(string(out), "\n") {
		if m := failLine.FindStringSubmatch(line); m != nil {
			all = append(all, m[1])
		}
	}
	var leaves []string
	for _, f := range all {
		leaf := true
		for _, g := range all {
			if strings.HasPrefix(g, f+"/") {
				leaf = false
				break
			}
		}
		if leaf {
			leaves = append(leaves, f)
		}
	}
	return leaves
}

// dupSuffix is what testing adds to the second subtest of one name.
var dupSuffix = regexp.MustCompile(`#\d\d+$`)

// statementOf finds the statement whose subtest name ends the failed
// test's name (names may themselves contain "/", so the longest match
// wins).
func statementOf(failed string, names map[string]string) (string, bool) {
	if q, ok := endingIn(failed, names); ok {
		return q, true
	}
	return endingIn(dupSuffix.ReplaceAllString(failed, ""), names)
}

func endingIn(failed string, names map[string]string) (string, bool) {
	best, q := -1, ""
	for i := 0; i < len(failed); i++ {
		if failed[i] != '/' {
			continue
		}
		if s, ok := names[failed[i+1:]]; ok && len(failed)-i > best {
			best, q = len(failed)-i, s
		}
	}
	return q, best >= 0
}

func tail(b []byte) string {
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}
