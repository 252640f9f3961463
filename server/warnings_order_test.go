package server

import (
	"fmt"
	"strings"
	"testing"
)

// TestWarningsInOrderRaised: SHOW WARNINGS lists a statement's warnings
// in the order they were raised, as MySQL and MariaDB do (GMS lists the
// newest first), with its LIMIT forms, SHOW COUNT(*) WARNINGS and
// @@warning_count; so do the warnings GMS raises while planning (DROP
// TABLE IF EXISTS), even after a statement that left warnings of its own.
func TestWarningsInOrderRaised(t *testing.T) {
	db, _ := startEngineServerWith(t, nil)
	mustExec(t, db, "CREATE TABLE w (id INT PRIMARY KEY, v INT)")
	text := func(q string) string {
		t.Helper()
		rows, _ := queryText(t, db, q)
		return strings.Join(rows, " / ")
	}
	trunc := func(v string) string { return "Warning|1292|Truncated incorrect INTEGER value: '" + v + "'" }
	text("SELECT CAST('1a' AS SIGNED), CAST('2b' AS SIGNED), CAST('3c' AS SIGNED)")
	for _, tc := range []struct{ q, want string }{
		{"SHOW WARNINGS", trunc("1a") + " / " + trunc("2b") + " / " + trunc("3c")},
		{"SHOW WARNINGS LIMIT 1", trunc("1a")},
		{"SHOW WARNINGS LIMIT 1, 1", trunc("2b")},
		{"SHOW COUNT(*) WARNINGS", "3"},
		{"SELECT @@warning_count", "3"},
	} {
		if got := text(tc.q); got != tc.want {
			t.Errorf("%s: %q\nwant %q", tc.q, got, tc.want)
		}
	}
	mustExec(t, db, "INSERT IGNORE INTO w VALUES (1, 0), (1, 1), (2, 2), (2, 3), (3, 4), (3, 5)")
	rows, _ := queryText(t, db, "SHOW WARNINGS")
	for i, r := range rows {
		if !strings.Contains(r, fmt.Sprint(i+1)) || len(rows) != 3 {
			t.Fatalf("SHOW WARNINGS after INSERT IGNORE of keys 1 1 2 2 3 3: %q, want one warning per duplicate, by row", rows)
		}
	}
	text("SELECT CAST('1a' AS SIGNED)")
	mustExec(t, db, "DROP TABLE IF EXISTS nx1, nx2")
	rows, _ = queryText(t, db, "SHOW WARNINGS")
	if len(rows) != 2 || !strings.HasPrefix(rows[0], "Note|1051|") || !strings.Contains(rows[0], "nx1") || !strings.Contains(rows[1], "nx2") {
		t.Errorf("SHOW WARNINGS after DROP TABLE IF EXISTS nx1, nx2: %q, want Note 1051 for nx1 then nx2", rows)
	}
}
