package engine

import (
	"context"
	"testing"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Two sessions share analytics results exactly when nothing that decides
// them differs: the same scope for fresh sessions of one user and
// database; another after a committed write (the data version), in
// another database, with another session setting; none inside a
// transaction. The connection's own variables do not count.
func TestShareScope(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE t (id INT PRIMARY KEY)")
	scope := func(s *Session) string {
		ctx := d.e.NewContext(context.Background())
		ctx.Session = s
		env, err := sqlfn.EnvOf(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return env.ShareScope()
	}
	other := d.e.NewContext(context.Background()).Session.(*Session)
	other.SetCurrentDatabase("db")
	base := scope(d.sess)
	if base == "" || scope(other) != base {
		t.Fatalf("fresh sessions: scopes %q and %q, want equal and not empty", base, scope(other))
	}
	d.exec("SET @x = 1")
	if err := d.sess.SetSessionVariable(d.e.NewContext(context.Background()), "last_insert_id", int64(7)); err != nil {
		t.Fatal(err)
	}
	if got := scope(d.sess); got != base {
		t.Fatalf("after a user variable and last_insert_id: scope changed")
	}
	d.exec("SET max_allowed_packet = 1024")
	if scope(d.sess) == base {
		t.Fatal("another max_allowed_packet: same scope")
	}
	d.exec("SET max_allowed_packet = DEFAULT")
	if scope(d.sess) != base {
		t.Fatal("max_allowed_packet back to its default: scope differs")
	}
	other.SetCurrentDatabase("mysql")
	if scope(other) == base {
		t.Fatal("another database: same scope")
	}
	other.SetCurrentDatabase("db")
	d.exec("INSERT INTO t VALUES (1)")
	after := scope(d.sess)
	if after == base || scope(other) != after {
		t.Fatal("a committed write: scope unchanged, or differs between sessions")
	}
	d.exec("BEGIN")
	if got := scope(d.sess); got != "" {
		t.Fatalf("inside a transaction: scope %q, want none", got)
	}
	d.exec("COMMIT")
	d.exec("SET autocommit = 0")
	if got := scope(d.sess); got != "" {
		t.Fatalf("autocommit off: scope %q, want none", got)
	}
}

// A tracked computation's result stays current while nothing it read
// changes: writes to other tables and new tables elsewhere leave it
// current; a write to a table it read, a table it found missing being
// created, or — once it read something only the data version covers
// (metadata, SQL) — any write, make it stale. Its scope does not move
// with writes; inside it, a nested computation's scope is none and its
// reads count for the outer one.
func TestTrackedReads(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE a (id INT PRIMARY KEY)")
	d.exec("CREATE TABLE b (id INT PRIMARY KEY)")
	newEnv := func() *env {
		e, err := sqlfn.EnvOf(d.ctx())
		if err != nil {
			t.Fatal(err)
		}
		return e.(*env)
	}
	db := d.sess.GetCurrentDatabase()
	track := func(read func(e *env)) func() bool {
		e := newEnv()
		stop := e.TrackReads()
		read(e)
		return stop()
	}
	readA := func(e *env) {
		if _, err := e.Snapshot(db, "a"); err != nil {
			t.Fatal(err)
		}
		if e.HasTable(db, "later") {
			t.Fatal("table later exists")
		}
	}
	scope := newEnv().TrackedScope()
	current := track(readA)
	d.exec("INSERT INTO b VALUES (1)")
	d.exec("CREATE TABLE c (id INT)")
	if !current() {
		t.Fatal("stale after writes to tables it did not read")
	}
	if got := newEnv().TrackedScope(); got != scope || got == "" {
		t.Fatalf("tracked scope %q after a write, was %q", got, scope)
	}
	d.exec("INSERT INTO a VALUES (1)")
	if current() {
		t.Fatal("current after a write to a table it read")
	}
	current = track(readA)
	d.exec("CREATE TABLE later (id INT)")
	if current() {
		t.Fatal("current after a table it found missing was created")
	}
	current = track(func(e *env) { e.Meta() })
	if !current() {
		t.Fatal("stale with no write at all")
	}
	d.exec("INSERT INTO b VALUES (2)")
	if current() {
		t.Fatal("current after a write, having read metadata")
	}
	outer := newEnv()
	stopOuter := outer.TrackReads()
	if outer.TrackedScope() != "" {
		t.Fatal("a nested computation has a scope")
	}
	stopInner := outer.TrackReads()
	if _, err := outer.Snapshot(db, "a"); err != nil {
		t.Fatal(err)
	}
	stopInner()
	current = stopOuter()
	d.exec("INSERT INTO a VALUES (2)")
	if current() {
		t.Fatal("a nested computation's read does not count for the outer one")
	}
}
