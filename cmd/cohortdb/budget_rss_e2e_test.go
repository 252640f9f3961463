package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// rssAllowance is what the server's resident set may pass its memory
// budget by (docs/security.md, "What counts against the budget"): the
// Go runtime's soft memory limit is soft, and between two collections
// the heap holds what operators have in flight and do not charge — each
// scanning worker a decoded segment of the columns it reads (here 16,000
// rows of 1,000-byte text, 16 MB), the rows being converted for the
// client — which the pool learns of only at the next collection. Measured
// 258–298 MiB of a 256 MiB budget.
const rssAllowance = 64 << 20

// budgetRows × budgetWidth bytes of text are more than statements may
// reserve of a 256 MiB budget (120 MiB: membudget.SplitBudget).
const (
	budgetRows  = 160_000
	budgetWidth = 1000
)

// A server with a 256 MiB budget keeps its resident set within it while
// it loads 160 MB of text and runs statements that need more than the
// budget — a sort, a GROUP BY and a join on the text, the same through
// go-mysql-server's row path, a DISTINCT — and statements that fit: each
// of the large ones fails with 1038 (HY001) naming cohortdb_memory_limit
// or answers, the small ones answer, the session carries on, and the
// process's peak resident set (VmHWM) stays within the budget plus
// rssAllowance.
func TestResidentWithinBudget(t *testing.T) {
	t.Parallel()
	const budget = 256 << 20
	s := startServer(t, serverOptions{Args: []string{"--memory-limit", "256M", "--query-memory-limit", "0"}})
	if hwmKB(s) == 0 {
		t.Skip("no /proc: the server's resident set cannot be read")
	}
	db := s.root(t, "shop")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE TABLE big (id BIGINT PRIMARY KEY, grp BIGINT NOT NULL, s TEXT NOT NULL)")
	// In loads of 16,000 rows: a load holds four segments of its rows
	// on their way to the encoder (64 MB here), and one of all the rows
	// fails with 1038 under this budget.
	for lo := 0; lo < budgetRows; lo += budgetRows / 10 {
		path := writeBudgetCSV(t, lo, budgetRows/10, budgetWidth)
		if err := loadDataLocal(db, "big", path, []string{"id", "grp", "s"}); err != nil {
			t.Fatalf("LOAD DATA of rows %d–%d: %v", lo, lo+budgetRows/10, err)
		}
	}
	within := func(what string) {
		t.Helper()
		if hwm := hwmKB(s) << 10; hwm > budget+rssAllowance {
			t.Fatalf("after %s: the server's peak resident set is %d MiB, budget 256 MiB (+%d MiB allowed)",
				what, hwm>>20, rssAllowance>>20)
		}
	}
	within("the load")
	if n := queryInt(t, db, "SELECT COUNT(*) FROM big"); n != budgetRows {
		t.Fatalf("loaded %d rows, want %d", n, budgetRows)
	}
	large := []string{
		"SELECT id, s FROM big ORDER BY s DESC",
		"SELECT s, COUNT(*) FROM big GROUP BY s",
		"SELECT COUNT(*) FROM big a JOIN big b ON a.s = b.s",
		"SELECT COUNT(DISTINCT s) FROM big",
		"SELECT id, ROW_NUMBER() OVER (ORDER BY s) FROM big",
	}
	failed := 0
	run := func(path string) {
		for _, q := range large {
			err := drain(db, q)
			if err != nil {
				wantMemoryErr(t, err, "cohortdb_memory_limit", path+": "+q)
				failed++
			}
			within(path + ": " + q)
			if n := queryInt(t, db, "SELECT COUNT(*) FROM big WHERE grp = 7"); n != budgetRows/1000 {
				t.Fatalf("after %s: %d rows of group 7, want %d", q, n, budgetRows/1000)
			}
		}
	}
	run("executor")
	mustExec(t, db, "SET cohortdb_exec = 0")
	mustExec(t, db, "SET cohortdb_vectorize = 0")
	run("row path")
	if failed == 0 {
		t.Fatal("no statement needed more than the budget: the test proves nothing")
	}
	// Statements that fit answer.
	mustExec(t, db, "SET cohortdb_exec = DEFAULT")
	mustExec(t, db, "SET cohortdb_vectorize = DEFAULT")
	if got := cells(t, db, "SELECT COUNT(*), MAX(LENGTH(s)) FROM (SELECT grp, MAX(s) AS s FROM big GROUP BY grp) g"); got[0][0] != "1000" || got[0][1] != strconv.Itoa(budgetWidth) {
		t.Fatalf("per-group maxima: %v", got)
	}
	within("the statements that fit")
	t.Logf("peak resident set %d MiB of a 256 MiB budget; %d of %d large statements failed with 1038",
		hwmKB(s)>>10, failed, 2*len(large))
}

// writeBudgetCSV writes rows rows from id first of (id, id % 1000, a
// width-byte string distinct per row among budgetRows) with a header
// line.
func writeBudgetCSV(t *testing.T, first, rows, width int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("big-%d.csv", first))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,grp,s")
	pad := strings.Repeat("x", width-10)
	for i := first; i < first+rows; i++ {
		fmt.Fprintf(w, "%d,%d,%010d%s\n", i, i%1000, (i*7919)%budgetRows, pad)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// hwmKB is the server process's peak resident set (VmHWM, kB; 0 where
// /proc has none).
func hwmKB(s *testServer) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			v, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return v
		}
	}
	return 0
}

// memoryGauges lists the server's memory gauges of cohortdb_counters()
// in MiB, for logs.
func memoryGauges(t *testing.T, db *sql.DB) string {
	t.Helper()
	got := cells(t, db, "SELECT name, value >> 20 FROM cohortdb_counters() WHERE name IN ('go_memory_bytes', 'memory_reserved', 'chunk_cache_bytes') ORDER BY name")
	var b strings.Builder
	for i, r := range got {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s MiB", r[0], r[1])
	}
	return b.String()
}
