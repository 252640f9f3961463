package server

import (
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cohortdb/cohortdb/engine"
)

// compactionHold holds the next compaction that arms it after its first
// segment written (storage.Options.CompactHook), so that a test sees it
// in progress without timing anything.
type compactionHold struct {
	armed   atomic.Bool
	reached chan struct{}
	release chan struct{}
}

func newCompactionHold() *compactionHold {
	h := &compactionHold{reached: make(chan struct{}), release: make(chan struct{})}
	h.armed.Store(true)
	return h
}

func (h *compactionHold) hook(point string) {
	if point == "segment-written" && h.armed.CompareAndSwap(true, false) {
		h.reached <- struct{}{}
		<-h.release
	}
}

// wait waits for the held compaction; a hang fails the test.
func (h *compactionHold) wait(t *testing.T) {
	t.Helper()
	select {
	case <-h.reached:
	case <-time.After(2 * time.Minute):
		t.Fatal("no compaction reached its first segment")
	}
}

// loadUnsorted fills shop.t (sort key k) with 1000 rows against its key
// in one statement: ten segments of 100 rows once sealed.
func loadUnsorted(t *testing.T, db *sql.DB) {
	t.Helper()
	mustExec(t, db, "CREATE TABLE t (k INT, v INT) COMMENT 'sort key (k)'")
	vals := make([]string, 1000)
	for i := range vals {
		vals[i] = fmt.Sprintf("(%d, %d)", (i*7919)%1000, i)
	}
	mustExec(t, db, "INSERT INTO t VALUES "+strings.Join(vals, ", "))
}

// processStates returns State by Info prefix of the processes whose Info
// starts with prefix, from SHOW PROCESSLIST and from
// information_schema.PROCESSLIST.
func processStates(t *testing.T, db *sql.DB, prefix string) (show, infoSchema []string) {
	t.Helper()
	rows, err := db.Query("SHOW PROCESSLIST")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var user, host, command, state string
		var dbName, info sql.NullString
		var secs int64
		if err := rows.Scan(&id, &user, &host, &dbName, &command, &secs, &state, &info); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(info.String, prefix) {
			show = append(show, fmt.Sprintf("%d|%s|%s", id, command, state))
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err = db.Query("SELECT ID, COMMAND, STATE FROM information_schema.PROCESSLIST WHERE INFO LIKE ?", prefix+"%")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var command, state string
		if err := rows.Scan(&id, &command, &state); err != nil {
			t.Fatal(err)
		}
		infoSchema = append(infoSchema, fmt.Sprintf("%d|%s|%s", id, command, state))
	}
	return show, infoSchema
}

// TestCompactionProgressInProcessList: over the wire, a running
// compaction (OPTIMIZE TABLE, and the background compactor) shows how
// far it is in the State column of SHOW PROCESSLIST and of
// information_schema.PROCESSLIST, as MySQL's long operations do; other
// statements keep "running".
func TestCompactionProgressInProcessList(t *testing.T) {
	const want = "Query|compacting shop.t: 10% (100 of 1000 rows written)"
	t.Run("optimize", func(t *testing.T) {
		hold := newCompactionHold()
		db, dsn := startEngineServerWith(t, func(c *Config) {
			c.storeSegmentRows, c.compactHook = 100, hold.hook
		})
		loadUnsorted(t, db)
		other, err := sql.Open("mysql", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		var id int64
		if err := db.QueryRow("SELECT CONNECTION_ID()").Scan(&id); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := db.Exec("OPTIMIZE TABLE t")
			done <- err
		}()
		hold.wait(t)
		show, is := processStates(t, other, "OPTIMIZE TABLE")
		wantRow := fmt.Sprintf("%d|%s", id, want)
		if len(show) != 1 || show[0] != wantRow || len(is) != 1 || is[0] != wantRow {
			t.Errorf("while OPTIMIZE TABLE runs:\nSHOW PROCESSLIST %q\ninformation_schema %q\nwant %q in both", show, is, wantRow)
		}
		close(hold.release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if show, is := processStates(t, other, "SELECT SLEEP"); len(show) != 0 || len(is) != 0 {
			t.Fatalf("no SLEEP runs, yet %q %q", show, is)
		}
		_, is = processStates(t, other, "SELECT ID, COMMAND, STATE FROM information_schema")
		if len(is) != 1 || !strings.HasSuffix(is[0], "|Query|running") {
			t.Errorf("a statement without progress: %q, want State running", is)
		}
	})
	t.Run("background", func(t *testing.T) {
		hold := newCompactionHold()
		db, _ := startEngineServerWith(t, func(c *Config) {
			c.storeSegmentRows, c.compactHook, c.CompactEvery = 100, hold.hook, 10*time.Millisecond
		})
		loadUnsorted(t, db)
		hold.wait(t)
		show, is := processStates(t, db, "OPTIMIZE TABLE `shop`.`t` /* background compaction: unsorted */")
		wantRow := fmt.Sprintf("%d|%s", engine.CompactorConnID, want)
		if len(show) != 1 || show[0] != wantRow || len(is) != 1 || is[0] != wantRow {
			t.Errorf("while background compaction runs:\nSHOW PROCESSLIST %q\ninformation_schema %q\nwant %q in both", show, is, wantRow)
		}
		close(hold.release)
		retry(t, "the background compaction to end", func() error {
			var status string
			err := db.QueryRow("SELECT status FROM compaction_history WHERE `table` = 't' ORDER BY id DESC LIMIT 1").Scan(&status)
			if err == nil && status != "ok" {
				err = fmt.Errorf("status %s", status)
			}
			return err
		})
	})
}
