package engine

import (
	"context"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

func TestSplitDefiner(t *testing.T) {
	for in, want := range map[string][2]string{
		"`ana`@`%`":          {"ana", "%"},
		"'root'@'localhost'": {"root", "localhost"},
		"bob@127.0.0.1":      {"bob", "127.0.0.1"},
	} {
		u, h := splitDefiner(in)
		if u != want[0] || h != want[1] {
			t.Errorf("splitDefiner(%q) = %q, %q; want %q, %q", in, u, h, want[0], want[1])
		}
	}
}

func TestEventNameOf(t *testing.T) {
	for stmt, want := range map[string]string{
		"CREATE DEFINER = `root`@`localhost` EVENT `nightly` ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO CALL refresh_segment('vip')": "nightly",
		"CREATE EVENT `Mixed_Case` ON SCHEDULE AT '2026-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO SELECT 1":                                                              "Mixed_Case",
		// an unparsable body still names its event
		"CREATE EVENT `broken` ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE COMMENT 'it's' DO SELECT 1": "broken",
	} {
		if got := eventNameOf(stmt); got != want {
			t.Errorf("eventNameOf(%q) = %q, want %q", stmt, got, want)
		}
	}
}

func TestParseSchedulerStatus(t *testing.T) {
	for in, want := range map[string]string{"on": "ON", "1": "ON", "OFF": "OFF", "0": "OFF", "disabled": "DISABLED", "maybe": ""} {
		got, err := ParseSchedulerStatus(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("ParseSchedulerStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestEventDefinitionsPersist: CREATE/ALTER/DROP EVENT go to the store
// and survive a reopen; DROP DATABASE drops its events; a comment the
// scheduler could not quote is refused. (No scheduler runs here.)
func TestEventDefinitionsPersist(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE t (n INT)")
	d.exec("CREATE EVENT Nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 02:00:00' COMMENT 'n' DO INSERT INTO t VALUES (1)")
	if got := normRows(d.exec("SHOW TABLES LIKE 'event_runs'")); got != normRows(rows(r("event_runs"))) {
		t.Errorf("CREATE EVENT made no event_runs table: %s", got)
	}
	// The server gives these kinds their MySQL codes (1537, 1539).
	if _, err := d.query("CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO SELECT 1"); !sql.ErrEventAlreadyExists.Is(err) {
		t.Errorf("CREATE EVENT of an existing name (any case): %v", err)
	}
	d.check(step{q: "ALTER EVENT nightly COMMENT 'it''s'", errCode: 1235})
	d.exec("ALTER EVENT nightly RENAME TO daily")
	d.reopen()
	d.check(step{q: "SELECT EVENT_NAME, INTERVAL_VALUE, INTERVAL_FIELD, STARTS, EVENT_COMMENT FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'db'",
		want: rows(r("daily", "1", "DAY", "2030-01-01 02:00:00", "n"))})
	d.exec("ALTER EVENT daily DISABLE")
	d.reopen()
	d.check(step{q: "SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_NAME = 'daily'", want: rows(r("DISABLED"))})
	d.exec("DROP EVENT daily")
	if _, err := d.query("DROP EVENT daily"); !sql.ErrEventDoesNotExist.Is(err) {
		t.Errorf("DROP EVENT of a dropped event: %v", err)
	}
	d.exec("CREATE EVENT again ON SCHEDULE AT '2030-01-01 00:00:00' DO INSERT INTO t VALUES (2)")
	d.exec("DROP DATABASE db")
	d.exec("CREATE DATABASE db")
	d.reopen()
	d.check(step{q: "SELECT COUNT(*) FROM information_schema.EVENTS", want: rows(r(0))})
}

// TestEventRunRecords: a run records its start and outcome in
// event_runs, a failed run its MySQL error; runs still 'running' at start
// are marked interrupted.
func TestEventRunRecords(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE once (id INT PRIMARY KEY)")
	d.exec("CREATE EVENT ins ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DO INSERT INTO once VALUES (1)")
	stmt := "CREATE DEFINER = `root`@`localhost` EVENT `ins` ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' " +
		"ON COMPLETION NOT PRESERVE ENABLE DO INSERT INTO once VALUES (1)"
	for i, wantErr := range []bool{false, true} {
		err := d.e.runEvent(d.e.NewContext(context.Background()), "db", stmt, "root", "localhost")
		if (err != nil) != wantErr {
			t.Fatalf("run %d: %v", i, err)
		}
	}
	d.check(step{q: "SELECT event, definer, status, error_code, finished_at IS NOT NULL FROM event_runs ORDER BY id",
		want: rows(r("ins", "root@localhost", "ok", nil, true), r("ins", "root@localhost", "failed", 1062, true))})
	d.exec("INSERT INTO event_runs (event, definer, started_at, status) VALUES ('ins', 'root@localhost', '2030-01-01', 'running')")
	d.e.markInterruptedRuns(context.Background())
	d.check(step{q: "SELECT status FROM event_runs WHERE id = 3", want: rows(r("interrupted"))})
}
