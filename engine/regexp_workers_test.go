package engine

import (
	"bytes"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	regex "github.com/dolthub/go-icu-regex"
	"github.com/sirupsen/logrus"
)

// TestRegexpAcrossWorkers: REGEXP functions evaluated by GMS row by row
// from every worker at once each get their own matcher. GMS keeps one
// ICU matcher per expression and points it at each row's text, so
// workers sharing one corrupted it: the server crashed with a fault in
// the WebAssembly matcher on `channel REGEXP '^(web|app)$'` over S2's
// orders. Distinct values keep both workers evaluating at once (GMS's
// matcher takes about a millisecond a row, so the table is small).
func TestRegexpAcrossWorkers(t *testing.T) {
	t.Parallel()
	d := newTestDB(t)
	d.exec("CREATE TABLE r (id BIGINT PRIMARY KEY, s VARCHAR(40))")
	const n, chunk = 3000, 3000
	want := 0
	for lo := 0; lo < n; lo += chunk {
		var sb bytes.Buffer
		sb.WriteString("INSERT INTO r VALUES ")
		for i := lo; i < lo+chunk; i++ {
			if i > lo {
				sb.WriteByte(',')
			}
			if i%3 != 2 {
				want++
			}
			fmt.Fprintf(&sb, "(%d,'w%d-%s')", i, i, []string{"web", "app", "store"}[i%3])
		}
		d.exec(sb.String())
	}
	for _, q := range []string{
		"SELECT COUNT(*) FROM r WHERE s REGEXP '-(web|app)$'",
		"SELECT COUNT(*) FROM r WHERE REGEXP_LIKE(s, '-(web|app)$')",
	} {
		rows := d.exec(q)
		if got := norm(rows[0][0]); got != fmt.Sprint(want) {
			t.Fatalf("%s = %s, want %d", q, got, want)
		}
	}
}

// TestRegexpMatchersDisposed: the ICU matchers of REGEXP functions left
// to GMS (a backreference, REGEXP_SUBSTR) inside compiled pipelines are
// closed when the statement ends, the workers' own copies included: the
// server logged "Detected leaked go-icu-regex.Regex instance" for each
// copy the garbage collector found unclosed.
func TestRegexpMatchersDisposed(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE rl (id BIGINT PRIMARY KEY, s VARCHAR(40))")
	var sb bytes.Buffer
	sb.WriteString("INSERT INTO rl VALUES ")
	for i := 0; i < 400; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "(%d,'w%d-%s')", i, i%40, []string{"web", "app", "store", "aa"}[i%4])
	}
	d.exec(sb.String())
	settle := func() {
		for range 3 {
			runtime.GC()
			time.Sleep(20 * time.Millisecond)
		}
	}
	settle()
	var leaked atomic.Int64
	regex.SetRegexLeakHandler(func() { leaked.Add(1) })
	defer regex.SetRegexLeakHandler(func() { logrus.Error("Detected leaked go-icu-regex.Regex instance") })
	for _, q := range []string{
		`SELECT COUNT(*) FROM rl WHERE s REGEXP '(a)\\1'`,
		`SELECT REGEXP_SUBSTR(s, '[a-z]+$') AS k, COUNT(*) FROM rl GROUP BY k`,
		`SELECT COUNT(*) FROM rl WHERE s REGEXP '-(web|app)$'`,
	} {
		for _, mode := range []string{"1", "0"} {
			d.exec("SET cohortdb_exec = " + mode)
			d.exec(q)
		}
	}
	d.exec("SET cohortdb_exec = 1")
	settle()
	if n := leaked.Load(); n != 0 {
		t.Errorf("%d ICU matchers garbage collected without being closed", n)
	}
}
