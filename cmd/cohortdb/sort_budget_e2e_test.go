package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// sortRows × 4 numeric columns (32 bytes a row, 128 MB) are more than
// statements may reserve of a 256 MiB budget, and a third of them fit.
const sortRows = 4_000_000

// A server with a 256 MiB budget answers full ORDER BYs of a numeric
// table larger than the budget, or fails them with 1038, without its
// resident set passing the budget plus rssAllowance: a sort charges its
// input, its keys and scratch before allocating them and never copies
// its rows (issue 20: a sort whose input fitted the budget reached
// three times it). Numbers, unlike TestResidentWithinBudget's long
// strings, are copied whole by a concatenation, not shared.
func TestSortResidentWithinBudget(t *testing.T) {
	t.Parallel()
	const budget = 256 << 20
	s := startServer(t, serverOptions{Args: []string{"--memory-limit", "256M", "--query-memory-limit", "0"}})
	if hwmKB(s) == 0 {
		t.Skip("no /proc: the server's resident set cannot be read")
	}
	db := s.root(t, "shop")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE TABLE nums (id BIGINT PRIMARY KEY, a BIGINT NOT NULL, b BIGINT NOT NULL, c DOUBLE NOT NULL)")
	const load = sortRows / 8
	for lo := 0; lo < sortRows; lo += load {
		path := writeSortCSV(t, lo, load)
		if err := loadDataLocal(db, "nums", path, []string{"id", "a", "b", "c"}); err != nil {
			t.Fatalf("LOAD DATA of rows %d–%d: %v", lo, lo+load, err)
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
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
	queries := []string{
		"SELECT id, a, b, c FROM nums ORDER BY a",
		"SELECT id, a, b, c FROM nums ORDER BY c DESC, id",
		fmt.Sprintf("SELECT id, a, b, c FROM nums WHERE id < %d ORDER BY b", sortRows/3),
		fmt.Sprintf("SELECT id, a, b, c FROM nums WHERE id < %d ORDER BY b", sortRows/10),
	}
	failed, answered := 0, 0
	for _, q := range queries {
		if err := drain(db, q); err != nil {
			wantMemoryErr(t, err, "cohortdb_memory_limit", q)
			failed++
		} else {
			answered++
		}
		within(q)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM (SELECT id FROM nums ORDER BY a DESC LIMIT 10) t"); n != 10 {
		t.Fatalf("a top 10: %d rows", n)
	}
	if failed == 0 || answered == 0 {
		t.Fatalf("%d sorts failed and %d answered: the test proves nothing", failed, answered)
	}
	t.Logf("peak resident set %d MiB of a 256 MiB budget; %d of %d sorts failed with 1038",
		hwmKB(s)>>10, failed, len(queries))
}

// writeSortCSV writes rows rows from id first of (id, a scattered
// integer, a few-valued one, a double), with a header line.
func writeSortCSV(t *testing.T, first, rows int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("nums-%d.csv", first))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,a,b,c")
	for i := first; i < first+rows; i++ {
		fmt.Fprintf(w, "%d,%d,%d,%d.%d\n", i, (i*7919)%sortRows, i%97, i%1013, i%7)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
