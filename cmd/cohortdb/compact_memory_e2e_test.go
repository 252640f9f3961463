package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestBackgroundCompactionUnderSmallBudget: a server whose memory budget
// is too small for a compaction's buffers (a merge holds at least six
// decoded segments, 4 MiB each for visits) but big enough for its
// queries keeps answering them while the background compactor's rounds
// fail cleanly (status failed, "Out of memory" in compaction_history, the
// table as it was); once SET GLOBAL raises the budget the next round
// compacts, and the answers stay right throughout.
func TestBackgroundCompactionUnderSmallBudget(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--compact-every=0"}})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE visits (customer_id BIGINT NOT NULL, visited_at DATETIME NOT NULL, page VARCHAR(20)) COMMENT 'sort key (customer_id, visited_at)'")
	paths, sumCust, sumPage := writeVisitDays(t, 0, 4)
	for _, path := range paths {
		if err := loadDataLocal(db, "visits", path, []string{"customer_id", "visited_at", "page"}); err != nil {
			t.Fatal(err)
		}
	}
	want := fmt.Sprint([][]string{{fmt.Sprint(4 * visitsPerDay), fmt.Sprint(sumCust), fmt.Sprint(sumPage)}})
	answer := func() {
		t.Helper()
		got := cells(t, db, "SELECT COUNT(*), SUM(customer_id), SUM(CAST(SUBSTRING(page, 2) AS SIGNED)) FROM visits")
		if fmt.Sprint(got) != want {
			t.Fatalf("visits: %v, want %v", got, want)
		}
	}
	// history polls compaction_history until a background compaction of
	// visits has the status wanted; the queries run between the looks.
	history := func(status string) []string {
		t.Helper()
		for range 600 {
			answer()
			got := cells(t, db, "SELECT status, message FROM compaction_history WHERE `table` = 'visits' AND reason LIKE 'background%' AND status = '"+status+"'")
			if len(got) > 0 {
				return got[0]
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("no background compaction of visits with status %s: %v", status,
			cells(t, db, "SELECT status, message FROM compaction_history"))
		return nil
	}

	s.stop(t)
	s.opts.Args = []string{"--compact-every=1s", "--memory-limit=12M"}
	s.restart(t)
	db = s.root(t, "shop")
	failed := history("failed")
	if !strings.Contains(failed[1], "Out of memory") {
		t.Errorf("a compaction refused by the budget: message %q", failed[1])
	}
	if got := cells(t, db, "SELECT COUNT(*) FROM compaction_history WHERE `table` = 'visits' AND status = 'ok'"); got[0][0] != "0" {
		t.Fatalf("%s compactions succeeded within 12 MiB", got[0][0])
	}
	answer()

	mustExec(t, db, "SET GLOBAL cohortdb_memory_limit = 0")
	history("ok")
	answer()
	if got := cells(t, db, "OPTIMIZE TABLE visits"); got[len(got)-1][3] != "Table is already up to date" {
		t.Fatalf("after the background compaction, OPTIMIZE TABLE: %v", got)
	}
}
