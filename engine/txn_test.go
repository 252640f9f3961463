package engine

import (
	"context"
	"testing"
)

// TestWriteConflictIs1213: two transactions deleting the same row; the
// second commit fails with ER_LOCK_DEADLOCK so the client retries.
func TestWriteConflictIs1213(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
	d.exec("INSERT INTO t VALUES (1, 1)")
	other := &testDB{t: t, store: d.store, e: d.e}
	other.sess = d.e.NewContext(context.Background()).Session.(*Session)
	other.sess.SetCurrentDatabase("db")

	d.exec("BEGIN")
	other.exec("BEGIN")
	d.exec("UPDATE t SET v = 2 WHERE id = 1")
	other.exec("UPDATE t SET v = 3 WHERE id = 1")
	d.exec("COMMIT")
	_, err := other.query("COMMIT")
	if errCode(err) != 1213 {
		t.Fatalf("second commit: want 1213, got %v (code %d)", err, errCode(err))
	}
	if got := normRows(d.exec("SELECT v FROM t")); got != "(2)\n" {
		t.Fatalf("after conflict: %s", got)
	}
	// The loser was rolled back: it sees the winner, and can retry.
	if got := normRows(other.exec("SELECT v FROM t")); got != "(2)\n" {
		t.Fatalf("loser after conflict: %s", got)
	}
	other.exec("ROLLBACK")
	other.exec("BEGIN")
	other.exec("UPDATE t SET v = 3 WHERE id = 1")
	other.exec("COMMIT")
	if got := normRows(d.exec("SELECT v FROM t")); got != "(3)\n" {
		t.Fatalf("after retry: %s", got)
	}
}
