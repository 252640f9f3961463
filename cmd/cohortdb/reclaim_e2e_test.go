package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// visitsPerDay and visitDays size the table of TestRetiredSegmentsFreedWhileServing:
// a few MB stored, so that the old segments are most of the data dir.
const (
	visitsPerDay = 40000
	visitDays    = 6
)

// writeVisitDays writes days CSV files of visits in time order (each day
// holds every customer: a nightly export) starting at visit first, and
// returns their paths with the sum of customer_id and of the page numbers
// written: the independent answer a full scan must give.
func writeVisitDays(t *testing.T, first, days int) (paths []string, sumCust, sumPage int64) {
	t.Helper()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(22, uint64(first)))
	for d := range days {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("visits-%02d.csv", d))
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		fmt.Fprintln(w, "customer_id,visited_at,page")
		for k := range visitsPerDay {
			i := first + d*visitsPerDay + k
			cust, page := rng.Int64N(5000), rng.Int64N(100000)
			fmt.Fprintf(w, "%d,%s,p%05d\n", cust, base.Add(time.Duration(i)*time.Second).Format(time.DateTime), page)
			sumCust += cust
			sumPage += page
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths, sumCust, sumPage
}

// tableBytes is the size of the Pebble table files (.sst) under dir:
// the server's bytes on disk but for its write-ahead log, which holds
// what a compaction wrote until Pebble flushes it (and then may keep the
// file for reuse), and so says little about what is stored.
func tableBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(d.Name(), ".sst") {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return nil // removed meanwhile
		}
		n += info.Size()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRetiredSegmentsFreedWhileServing: the segments OPTIMIZE TABLE
// replaces leave the disk while the server runs — at once when no
// statement reads them, and, when a streaming SELECT started before the
// swap still reads them, only once it ends (its rows all there). On disk:
// the running server's table files hold no more than the compacted table
// does after a clean restart, and the segments_freed counter names every
// segment replaced.
func TestRetiredSegmentsFreedWhileServing(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--compact-every=0"}})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE visits (customer_id BIGINT NOT NULL, visited_at DATETIME NOT NULL, page VARCHAR(20)) COMMENT 'sort key (customer_id, visited_at)'")
	var sumCust, sumPage int64
	load := func(first int) {
		paths, c, p := writeVisitDays(t, first, visitDays/2)
		for _, path := range paths {
			if err := loadDataLocal(db, "visits", path, []string{"customer_id", "visited_at", "page"}); err != nil {
				t.Fatal(err)
			}
		}
		sumCust, sumPage = sumCust+c, sumPage+p
	}
	restart := func() int64 {
		s.stop(t) // a clean shutdown flushes: the table files hold every table
		s.restart(t)
		db = s.root(t, "shop")
		return tableBytes(t, s.DataDir)
	}
	freed := func() int64 { return counters(t, db)["segments_freed"] }
	optimize := func(want string) {
		t.Helper()
		got := cells(t, db, "OPTIMIZE TABLE visits")
		if last := got[len(got)-1]; last[3] != want {
			t.Fatalf("OPTIMIZE TABLE visits: %v, want %s", got, want)
		}
	}
	segmentsBefore := func() int64 {
		return queryInt(t, db, "SELECT segments_before FROM compaction_history WHERE `table` = 'visits' AND status = 'ok' ORDER BY id DESC LIMIT 1")
	}
	// onlyCompacted fails when the table files of the running server,
	// running, hold more than the compacted table after a restart.
	onlyCompacted := func(what string, running, loaded int64) {
		t.Helper()
		compacted := restart()
		t.Logf("%s: table files %d bytes loaded, %d running after OPTIMIZE TABLE, %d after a restart", what, loaded, running, compacted)
		if running > compacted*11/10 {
			t.Errorf("%s: the running server's table files take %d bytes, the compacted table %d (the loaded one %d): the old segments are still on disk", what, running, compacted, loaded)
		}
	}

	// No reader: the old segments are gone when OPTIMIZE TABLE answers.
	load(0)
	loaded, f0 := restart(), freed()
	optimize("OK")
	if n := freed() - f0; n != segmentsBefore() {
		t.Fatalf("OPTIMIZE TABLE with no reader freed %d segments, want the %d it replaced", n, segmentsBefore())
	}
	onlyCompacted("no reader", tableBytes(t, s.DataDir), loaded)

	// A streaming SELECT that began before the swap keeps them.
	load(visitDays / 2 * visitsPerDay)
	loaded, f0 = restart(), freed()
	reader := s2conn(t, db, "shop")
	rows, err := reader.QueryContext(t.Context(), "SELECT customer_id, page, REPEAT('x', 200) FROM visits")
	if err != nil {
		t.Fatal(err)
	}
	var n, gotCust, gotPage int64
	scan := func() {
		var cust int64
		var page, pad string
		if err := rows.Scan(&cust, &page, &pad); err != nil {
			t.Fatal(err)
		}
		var p int64
		fmt.Sscanf(strings.TrimPrefix(page, "p"), "%d", &p)
		n, gotCust, gotPage = n+1, gotCust+cust, gotPage+p
	}
	if !rows.Next() {
		t.Fatalf("no rows: %v", rows.Err())
	}
	scan()
	optimize("OK")
	if n := freed() - f0; n != 0 {
		t.Fatalf("OPTIMIZE TABLE freed %d segments a streaming SELECT still reads", n)
	}
	if held := tableBytes(t, s.DataDir); held < loaded*9/10 {
		t.Fatalf("the table files take %d bytes while a reader holds the %d bytes loaded", held, loaded)
	}
	for rows.Next() {
		scan()
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if want := int64(visitDays * visitsPerDay); n != want || gotCust != sumCust || gotPage != sumPage {
		t.Fatalf("the streaming SELECT read %d rows, sums %d and %d; want %d, %d and %d", n, gotCust, gotPage, want, sumCust, sumPage)
	}
	// The reader's statement has ended once its connection answers again;
	// OPTIMIZE TABLE (nothing to do) then waits for the reclaimer.
	if _, err := reader.ExecContext(t.Context(), "DO 1"); err != nil {
		t.Fatal(err)
	}
	optimize("Table is already up to date")
	if n := freed() - f0; n != segmentsBefore() {
		t.Fatalf("after the reader ended %d segments were freed, want the %d OPTIMIZE TABLE replaced", n, segmentsBefore())
	}
	onlyCompacted("streaming reader", tableBytes(t, s.DataDir), loaded)
	if got := queryInt(t, db, "SELECT COUNT(*) FROM visits"); got != int64(visitDays*visitsPerDay) {
		t.Fatalf("COUNT(*) after compaction and restart: %d", got)
	}
}
