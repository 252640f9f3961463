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
