package gmssuite

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
)

const skipFile = "testdata/skip.txt"

// skipList is testdata/skip.txt: statements (whitespace collapsed, one per
// line) grouped under "## reason" lines. With GMSSUITE_SEEN set (a
// recording run) every statement asked about is also appended to that
// file, for TestRecord to map subtest names back.
type skipList struct {
	reason map[string]string // statement → reason
	order  []string          // reasons in file order
	seen   *os.File
	mu     sync.Mutex
}

func normalize(q string) string { return strings.Join(strings.Fields(q), " ") }

func loadSkips(t testing.TB) *skipList {
	l, err := readSkips(skipFile)
	if err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("GMSSUITE_SEEN"); p != "" {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = f.Close() })
		l.seen = f
	}
	return l
}

func readSkips(path string) (*skipList, error) {
	l := &skipList{reason: map[string]string{}}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gmssuite: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	reason := "unclassified"
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "## "):
			reason = strings.TrimPrefix(line, "## ")
			l.order = append(l.order, reason)
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			l.reason[line] = reason
		}
	}
	return l, sc.Err()
}

func (l *skipList) skips(q string) bool {
	n := normalize(q)
	if l.seen != nil {
		l.mu.Lock()
		defer l.mu.Unlock()
		// One line per statement: the subtest name Go gives it, a tab,
		// the normalised statement.
		fmt.Fprintf(l.seen, "%s\t%s\n", subtestName(q), n)
	}
	_, ok := l.reason[n]
	return ok
}

// subtestName is the name testing.T.Run gives a subtest called q
// (testing's rewrite: white space becomes "_", unprintable runes are
// escaped).
func subtestName(q string) string {
	var b strings.Builder
	for _, r := range q {
		switch {
		case unicode.IsSpace(r):
			b.WriteByte('_')
		case !strconv.IsPrint(r):
			s := fmt.Sprintf("%q", r)
			b.WriteString(s[1 : len(s)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// write rewrites the list with failing statements, keeping the reason of
// those listed before and putting new ones under "unclassified".
func (l *skipList) write(path string, failing map[string]bool) error {
	groups := map[string][]string{}
	for q := range failing {
		r, ok := l.reason[q]
		if !ok {
			r = "unclassified"
		}
		groups[r] = append(groups[r], q)
	}
	order := append([]string(nil), l.order...)
	if _, ok := groups["unclassified"]; ok && !slices.Contains(order, "unclassified") {
		order = append(order, "unclassified")
	}
	var b strings.Builder
	b.WriteString(skipHeader)
	for _, r := range order {
		qs := groups[r]
		if len(qs) == 0 {
			continue
		}
		sort.Strings(qs)
		fmt.Fprintf(&b, "\n## %s\n", r)
		for _, q := range qs {
			b.WriteString(q + "\n")
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

const skipHeader = `# Statements of go-mysql-server's engine test suites that cohortdb answers
# differently from GMS's expectation, grouped by reason. Written by
#   go test ./engine/gmssuite -run TestRecord -gms.record
# which keeps the reasons given here; classify new entries by hand.
`
