package main

import (
	"database/sql"
	"strings"
	"testing"
	"time"
)

// runDeadline bounds how long a test waits for a scheduled run to be
// recorded; schedules in these tests are one or two seconds, the
// deadline is generous for a loaded machine.
const runDeadline = 90 * time.Second

// waitFor polls query (one integer result) until it is at least want,
// failing the test at runDeadline. It returns the last value read.
func waitFor(t *testing.T, db *sql.DB, want int64, query string, args ...any) int64 {
	t.Helper()
	deadline := time.Now().Add(runDeadline)
	var got int64
	for {
		err := db.QueryRow(query, args...).Scan(&got)
		if err == nil && got >= want {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %q to reach %d: last %d, err %v", runDeadline, query, want, got, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestEventsRunOnSchedule: an EVERY event runs repeatedly, each run is
// recorded, the event shows in SHOW EVENTS, SHOW CREATE EVENT and
// information_schema.EVENTS, ALTER EVENT … DISABLE stops it, DROP EVENT
// removes it, and the errors have MySQL's codes.
func TestEventsRunOnSchedule(t *testing.T) {
	t.Parallel() // mostly waiting for the scheduler: run beside the others
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE ticks (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, at DATETIME(6))")
	mustExec(t, db, "CREATE EVENT tick ON SCHEDULE EVERY 1 SECOND COMMENT 'test tick' DO INSERT INTO ticks (at) VALUES (NOW(6))")

	waitFor(t, db, 2, "SELECT COUNT(*) FROM event_runs WHERE event = 'tick' AND status = 'ok'")
	waitFor(t, db, 2, "SELECT COUNT(*) FROM ticks")
	// A one-time event with a BEGIN … END body runs once and is dropped.
	mustExec(t, db, "CREATE TABLE pairs (n INT)")
	mustExec(t, db, "CREATE EVENT pair ON SCHEDULE AT CURRENT_TIMESTAMP DO BEGIN INSERT INTO pairs VALUES (1); INSERT INTO pairs VALUES (2); END")
	waitFor(t, db, 1, "SELECT COUNT(*) FROM event_runs WHERE event = 'pair' AND status = 'ok'")
	if got := rowsText(t, db, "SELECT n FROM pairs ORDER BY n"); strings.Join(got, ",") != "1,2" {
		t.Errorf("BEGIN … END body inserted %q, want 1,2", got)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_NAME = 'pair'"); n != 0 {
		t.Errorf("the one-time event is still there after its run")
	}
	var definer string
	var code sql.NullInt64
	if err := db.QueryRow("SELECT definer, error_code FROM event_runs WHERE event = 'tick' AND status = 'ok' LIMIT 1").Scan(&definer, &code); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(definer, "root@") || code.Valid {
		t.Errorf("run record: definer %q error_code %v, want root@… and NULL", definer, code)
	}

	var name, status, every, field, comment string
	if err := db.QueryRow("SELECT EVENT_NAME, STATUS, INTERVAL_VALUE, INTERVAL_FIELD, EVENT_COMMENT FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'shop'").
		Scan(&name, &status, &every, &field, &comment); err != nil {
		t.Fatal(err)
	}
	if name != "tick" || status != "ENABLED" || every != "1" || field != "SECOND" || comment != "test tick" {
		t.Errorf("information_schema.EVENTS: %s %s %s %s %q", name, status, every, field, comment)
	}
	if show := rowsText(t, db, "SHOW CREATE EVENT tick"); len(show) != 1 ||
		!strings.Contains(show[0], "EVERY 1 SECOND") || !strings.Contains(show[0], "INSERT INTO ticks") {
		t.Errorf("SHOW CREATE EVENT: %q", show)
	}
	if n := mustCount(t, db, "SHOW EVENTS"); n != 1 {
		t.Errorf("SHOW EVENTS: %d rows, want 1", n)
	}

	_, err := db.Exec("CREATE EVENT tick ON SCHEDULE EVERY 1 HOUR DO SELECT 1")
	wantErrNum(t, err, 1537, "CREATE EVENT of an existing name")
	mustExec(t, db, "CREATE EVENT IF NOT EXISTS tick ON SCHEDULE EVERY 1 HOUR DO SELECT 1")
	_, err = db.Exec("DROP EVENT nosuch")
	wantErrNum(t, err, 1539, "DROP EVENT of a missing event")
	mustExec(t, db, "DROP EVENT IF EXISTS nosuch")
	_, err = db.Exec("CREATE EVENT bad ON SCHEDULE EVERY 1 DAY STARTS '2030-01-02' ENDS '2030-01-01' DO SELECT 1")
	wantErrNum(t, err, 1521, "ENDS before STARTS")

	mustExec(t, db, "ALTER EVENT tick DISABLE")
	if err := db.QueryRow("SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_NAME = 'tick'").Scan(&status); err != nil || status != "DISABLED" {
		t.Fatalf("after ALTER EVENT … DISABLE: %q %v", status, err)
	}
	mustExec(t, db, "DROP EVENT tick")
	if n := mustCount(t, db, "SHOW EVENTS"); n != 0 {
		t.Errorf("SHOW EVENTS after DROP EVENT: %d rows", n)
	}
}
func mustCount(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	n, err := countRows(db, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestEventFailingRunKeepsSchedule: a run that fails is recorded with
// its MySQL error and the event keeps running; once the cause is gone the
// next runs succeed.
func TestEventFailingRunKeepsSchedule(t *testing.T) {
	t.Parallel() // mostly waiting for the scheduler: run beside the others
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE once (id INT PRIMARY KEY)")
	// The first run inserts id 1; every later run hits the primary key.
	mustExec(t, db, "CREATE EVENT fragile ON SCHEDULE EVERY 1 SECOND DO INSERT INTO once VALUES (1)")

	waitFor(t, db, 2, "SELECT COUNT(*) FROM event_runs WHERE event = 'fragile' AND status = 'failed'")
	var code int64
	var msg string
	if err := db.QueryRow("SELECT error_code, message FROM event_runs WHERE status = 'failed' ORDER BY id LIMIT 1").Scan(&code, &msg); err != nil {
		t.Fatal(err)
	}
	if code != 1062 || !strings.Contains(msg, "uplicate") {
		t.Errorf("failed run: error_code %d message %q, want 1062 (duplicate entry)", code, msg)
	}
	var status string
	if err := db.QueryRow("SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_NAME = 'fragile'").Scan(&status); err != nil || status != "ENABLED" {
		t.Fatalf("after failed runs the event is %q (%v), want ENABLED", status, err)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM event_runs WHERE status NOT IN ('ok', 'failed', 'running')"); n != 0 {
		t.Errorf("%d runs with another status", n)
	}

	oks := queryInt(t, db, "SELECT COUNT(*) FROM event_runs WHERE event = 'fragile' AND status = 'ok'")
	mustExec(t, db, "DELETE FROM once")
	waitFor(t, db, oks+1, "SELECT COUNT(*) FROM event_runs WHERE event = 'fragile' AND status = 'ok'")
}

// TestEventsSurviveRestart: event definitions, their run records and
// LAST_EXECUTED are kept across a restart (and a crash), and the
// scheduler picks the events up again at start.
func TestEventsSurviveRestart(t *testing.T) {
	t.Parallel() // mostly waiting for the scheduler: run beside the others
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE beats (n INT)")
	mustExec(t, db, "CREATE EVENT beat ON SCHEDULE EVERY 1 SECOND DO INSERT INTO beats VALUES (1)")
	mustExec(t, db, "CREATE EVENT later_one ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL 1 DAY DO INSERT INTO beats VALUES (2)")
	waitFor(t, db, 1, "SELECT COUNT(*) FROM event_runs WHERE event = 'beat' AND status = 'ok'")
	s.stop(t)
	s.restart(t)
	db = s.root(t, "shop")
	if n := mustCount(t, db, "SHOW EVENTS"); n != 2 {
		t.Fatalf("after restart SHOW EVENTS has %d rows, want 2", n)
	}
	var last sql.NullString
	if err := db.QueryRow("SELECT LAST_EXECUTED FROM information_schema.EVENTS WHERE EVENT_NAME = 'beat'").Scan(&last); err != nil || !last.Valid {
		t.Errorf("LAST_EXECUTED after restart: %v %v", last, err)
	}
	before := queryInt(t, db, "SELECT COUNT(*) FROM event_runs WHERE event = 'beat' AND status = 'ok'")
	waitFor(t, db, before+1, "SELECT COUNT(*) FROM event_runs WHERE event = 'beat' AND status = 'ok'")

	s.kill(t)
	s.restart(t)
	db = s.root(t, "shop")
	if n := queryInt(t, db, "SELECT COUNT(*) FROM event_runs WHERE status = 'running'"); n != 0 {
		t.Errorf("after a crash %d runs are still 'running' (want them marked interrupted)", n)
	}
	if n := mustCount(t, db, "SHOW EVENTS"); n != 2 {
		t.Fatalf("after a crash SHOW EVENTS has %d rows, want 2", n)
	}
	mustExec(t, db, "DROP DATABASE shop")
	mustExec(t, db, "CREATE DATABASE shop")
	if n := queryInt(t, db, "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'shop'"); n != 0 {
		t.Errorf("a dropped database's events came back: %d", n)
	}
}

// TestEventPrivileges: CREATE EVENT needs EVENT on the database (GMS
// answers 1142 where MySQL answers 1044, both SQLSTATE 42000); an
// event runs with its definer's privileges (a run the definer may not do
// fails and is recorded); naming another definer needs SUPER or
// SET_USER_ID.
func TestEventPrivileges(t *testing.T) {
	t.Parallel() // mostly waiting for the scheduler: run beside the others
	s := startServer(t, serverOptions{})
	root := s.root(t, "shop")
	mustExec(t, root, "CREATE TABLE audit (n INT)")
	mustExec(t, root, "CREATE USER 'ana'@'%' IDENTIFIED BY 'ana-pw'")
	mustExec(t, root, "GRANT SELECT ON shop.* TO 'ana'@'%'")
	ana := s.open(t, "ana", "ana-pw", "shop")

	_, err := ana.Exec("CREATE EVENT e1 ON SCHEDULE EVERY 1 SECOND DO INSERT INTO audit VALUES (1)")
	wantErrNum(t, err, 1142, "CREATE EVENT without the EVENT privilege") // MySQL: 1044, same SQLSTATE

	// GMS checks the body's privileges at CREATE EVENT too (MySQL only
	// at run time): ana needs INSERT to create the event.
	mustExec(t, root, "GRANT EVENT ON shop.* TO 'ana'@'%'")
	mustExec(t, root, "GRANT INSERT ON shop.audit TO 'ana'@'%'")
	_, err = ana.Exec("CREATE DEFINER = 'root'@'localhost' EVENT e2 ON SCHEDULE EVERY 1 SECOND DO INSERT INTO audit VALUES (2)")
	wantErrNum(t, err, 1227, "DEFINER naming another account")

	// ana's event runs as ana: while she may insert, runs succeed; once
	// INSERT is revoked, they fail and are recorded as hers.
	mustExec(t, ana, "CREATE EVENT e1 ON SCHEDULE EVERY 1 SECOND DO INSERT INTO audit VALUES (1)")
	waitFor(t, root, 1, "SELECT COUNT(*) FROM event_runs WHERE event = 'e1' AND status = 'ok'")
	mustExec(t, root, "REVOKE INSERT ON shop.audit FROM 'ana'@'%'")
	waitFor(t, root, 1, "SELECT COUNT(*) FROM event_runs WHERE event = 'e1' AND status = 'failed'")
	var code int64
	var definer string
	if err := root.QueryRow("SELECT error_code, definer FROM event_runs WHERE event = 'e1' AND status = 'failed' LIMIT 1").Scan(&code, &definer); err != nil {
		t.Fatal(err)
	}
	if code != 1142 || !strings.HasPrefix(definer, "ana@") {
		t.Errorf("ana's run: error_code %d definer %q, want 1142 as ana", code, definer)
	}
	stopped := queryInt(t, root, "SELECT COUNT(*) FROM audit")
	failed := queryInt(t, root, "SELECT COUNT(*) FROM event_runs WHERE event = 'e1' AND status = 'failed'")
	waitFor(t, root, failed+2, "SELECT COUNT(*) FROM event_runs WHERE event = 'e1' AND status = 'failed'")
	if n := queryInt(t, root, "SELECT COUNT(*) FROM audit"); n != stopped {
		t.Errorf("ana's event inserted rows after INSERT was revoked: %d -> %d", stopped, n)
	}

	// root may name another definer (shown quoted, `ana`@`%`, where
	// MySQL shows ana@%).
	mustExec(t, root, "CREATE DEFINER = 'ana'@'%' EVENT e3 ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL 1 DAY DO INSERT INTO audit VALUES (3)")
	var got string
	if err := root.QueryRow("SELECT DEFINER FROM information_schema.EVENTS WHERE EVENT_NAME = 'e3'").Scan(&got); err != nil || got != "`ana`@`%`" {
		t.Errorf("e3's definer %q (%v), want `ana`@`%%`", got, err)
	}

	// information_schema.EVENTS shows a database's events only to users
	// with EVENT on it.
	mustExec(t, root, "CREATE USER 'bob'@'%' IDENTIFIED BY 'bob-pw'")
	mustExec(t, root, "GRANT SELECT ON shop.* TO 'bob'@'%'")
	bob := s.open(t, "bob", "bob-pw", "shop")
	if n := queryInt(t, bob, "SELECT COUNT(*) FROM information_schema.EVENTS"); n != 0 {
		t.Errorf("bob (no EVENT privilege) sees %d events", n)
	}
	if n := queryInt(t, ana, "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'shop'"); n != 2 {
		t.Errorf("ana (EVENT on shop) sees %d events, want 2", n)
	}
}

// TestEventSchedulerSwitch: --event-scheduler=OFF keeps events without
// running them until SET GLOBAL event_scheduler = ON; DISABLED cannot be
// turned on.
func TestEventSchedulerSwitch(t *testing.T) {
	t.Parallel() // mostly waiting for the scheduler: run beside the others
	s := startServer(t, serverOptions{Args: []string{"--event-scheduler", "OFF"}})
	db := s.root(t, "shop")
	var v string
	if err := db.QueryRow("SELECT @@event_scheduler").Scan(&v); err != nil || v != "OFF" {
		t.Fatalf("@@event_scheduler = %q (%v), want OFF", v, err)
	}
	mustExec(t, db, "CREATE TABLE ticks (n INT)")
	mustExec(t, db, "CREATE EVENT tick ON SCHEDULE EVERY 1 SECOND DO INSERT INTO ticks VALUES (1)")
	if n := queryInt(t, db, "SELECT COUNT(*) FROM event_runs"); n != 0 {
		t.Fatalf("%d runs with the scheduler off", n)
	}
	mustExec(t, db, "SET GLOBAL event_scheduler = ON")
	waitFor(t, db, 1, "SELECT COUNT(*) FROM event_runs WHERE status = 'ok'")
	_, err := db.Exec("SET GLOBAL event_scheduler = DISABLED")
	wantErrNum(t, err, 1231, "SET GLOBAL event_scheduler = DISABLED")
	s.stop(t)

	s.opts.Args = []string{"--event-scheduler", "DISABLED"}
	s.restart(t)
	db = s.root(t, "shop")
	_, err = db.Exec("SET GLOBAL event_scheduler = ON")
	wantErrNum(t, err, 1290, "turning on a DISABLED scheduler")
}

// TestEventFlagsRefused: a bad --event-scheduler value or a missing
// import/export directory is a configuration error (exit 2) that says
// which flag.
func TestEventFlagsRefused(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	missing := data + "/no-such-dir"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--event-scheduler", "maybe"}, "want ON, OFF or DISABLED"},
		{[]string{"--import-dir", missing}, "import directory"},
		{[]string{"--export-dir", missing}, "export directory"},
	} {
		args := append([]string{"serve", "--data-dir", data + "/d", "--listen", "127.0.0.1:0"}, c.args...)
		code, out := runBinary(t, nil, args...)
		if code != 2 || !strings.Contains(out, c.want) {
			t.Errorf("cohortdb %v: exit %d, output %q; want 2 and %q", args, code, out, c.want)
		}
	}
}
