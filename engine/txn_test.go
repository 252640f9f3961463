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

// TestStatementReadsItsStart: a statement that writes a table reads it as
// of its own start, as in MySQL. An UPDATE over a join whose inner side
// is the updated table is rescanned per outer row; if the rescans saw
// the rows already rewritten, GMS's once-per-row check (by old row) would
// miss them and multiply each row by 10 three times. INSERT … SELECT
// from the same table must not read its own inserts either. Later
// statements of the transaction see the writes.
func TestStatementReadsItsStart(t *testing.T) {
	runScripts(t, []scriptTest{{
		name: "writes read the statement's start",
		setup: []string{
			"CREATE TABLE t (i INT PRIMARY KEY, s TEXT)",
			"CREATE TABLE k (id INT PRIMARY KEY, s TEXT)",
			"INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')",
			"INSERT INTO k VALUES (1, 'a'), (2, 'b'), (3, 'c')",
		},
		steps: []step{
			{q: "BEGIN"},
			{q: "UPDATE t CROSS JOIN t AS t2 SET t.i = t.i * 10"},
			{q: "SELECT i FROM t ORDER BY i", want: rows(r(10), r(20), r(30))},
			{q: "UPDATE k CROSS JOIN t SET k.s = CONCAT(k.s, 'x')"},
			{q: "SELECT s FROM k ORDER BY s", want: rows(r("ax"), r("bx"), r("cx"))},
			{q: "INSERT INTO t SELECT i + 1, s FROM t"},
			{q: "SELECT COUNT(*), SUM(i) FROM t", want: rows(r(6, 123))},
			{q: "ROLLBACK"},
			{q: "SELECT i FROM t ORDER BY i", want: rows(r(1), r(2), r(3))},
		},
	}})
}
