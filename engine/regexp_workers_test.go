package engine

import (
	"bytes"
	"fmt"
	"testing"
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
