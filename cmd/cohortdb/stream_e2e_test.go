package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A vectorised statement's rows go to the client as they are produced,
// never collected whole (issue 20): a result larger than the statement's
// memory limit streams within it, a full ORDER BY holds its rows once,
// a client reading slowly holds the statement, not its result, and an
// error, KILL QUERY or a client leaving mid-result ends it as MySQL does.

// streamRows × about 1,000 bytes is 20 MB: more than the socket buffers
// hold, and the result of streamJoin three times that.
const streamRows = 20000

// streamJoin is a hash join (vectorised at any size) whose result is
// every row of big three times: about 60 MB.
const streamJoin = "SELECT b.id, b.s, k.n FROM big b JOIN k ON k.g = b.g"

// fillStream creates big (streamRows rows of a 1,000-byte string, g = 0,
// r scattered against id) and k (three rows of g = 0).
func fillStream(t *testing.T, db *sql.DB) {
	t.Helper()
	mustExec(t, db, "CREATE TABLE big (id BIGINT PRIMARY KEY, g BIGINT NOT NULL, r BIGINT NOT NULL, s TEXT)")
	mustExec(t, db, "CREATE TABLE k (n BIGINT PRIMARY KEY, g BIGINT NOT NULL)")
	mustExec(t, db, "INSERT INTO k VALUES (1, 0), (2, 0), (3, 0)")
	for lo := 0; lo < streamRows; lo += 100 {
		var b strings.Builder
		b.WriteString("INSERT INTO big VALUES ")
		for i := lo; i < lo+100; i++ {
			if i > lo {
				b.WriteByte(',')
			}
			r := (i * 7919) % streamRows
			fmt.Fprintf(&b, "(%d, 0, %d, '%08d%s')", i, r, r, strings.Repeat("x", 992))
		}
		mustExec(t, db, b.String())
	}
}

// Under a 32 MiB limit per statement: the 60 MB join result streams,
// alone or as the first input of a UNION ALL,
// and a full ORDER BY of the 20 MB table on a number (its input held
// once, about 21 MB) answers — collected, the result needed the join's
// 60 MB and the sort's rows twice (the sorted order scattered over the
// input, whose batches are given back only once read in full), and
// both failed with 1038.
func TestResultStreamsWithinQueryLimit(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--memory-limit", "1G", "--query-memory-limit", "32M"}})
	db := s.root(t, "shop")
	fillStream(t, db)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// cohortdb_exec = 2: the sort of a table this small is vectorised too.
	if _, err := conn.ExecContext(context.Background(), "SET cohortdb_exec = 2"); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{
		streamJoin: 3 * streamRows,
		streamJoin + " UNION ALL SELECT id, s, 0 FROM big": 4 * streamRows,
		"SELECT id, s FROM big ORDER BY r":                 streamRows,
		"SELECT s, id FROM big ORDER BY r DESC":            streamRows,
		"SELECT id, s, r FROM big ORDER BY g, r":           streamRows,
	} {
		rows, err := conn.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v after %d rows", q, err, n)
		}
		rows.Close()
		if n != want {
			t.Fatalf("%s: %d rows, want %d", q, n, want)
		}
	}
}

// A client that reads the first row of a 60 MB result and stops holds
// the statement, not its result: what statements reserve stays under
// 16 MiB while it waits, and the rest of the rows still come, in full.
func TestSlowClientHoldsNoResult(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--query-memory-limit", "0"}})
	db := s.root(t, "shop")
	fillStream(t, db)
	rows, err := db.Query(streamJoin)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("no first row: %v", rows.Err())
	}
	held := queryInt(t, db, "SELECT SUM(CASE name WHEN 'memory_reserved' THEN value WHEN 'chunk_cache_bytes' THEN -value END) FROM cohortdb_counters()")
	if held > 16<<20 {
		t.Fatalf("statements reserve %d MiB while the client reads slowly: the result was collected", held>>20)
	}
	n := 1
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil || n != 3*streamRows {
		t.Fatalf("the slow client got %d rows, %v; want %d", n, err, 3*streamRows)
	}
	t.Logf("reserved while the client held the result: %d KiB", held>>10)
}

// An error met by a vectorised statement after its first rows went out
// follows them (MySQL's order): the rows of the sort's first output
// chunk, then 1690 for EXP's overflow at id 19,710.
func TestStreamErrorAfterRows(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	fillStream(t, db)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "SET cohortdb_exec = 2"); err != nil {
		t.Fatal(err)
	}
	q := "SELECT id, EXP(id - 19000) FROM big ORDER BY id"
	rows, err := conn.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	wantErrNum(t, rows.Err(), 1690, q)
	rows.Close()
	if n == 0 || n >= 19710 {
		t.Fatalf("%s: %d rows before the error, want the first chunk's", q, n)
	}
	var one int
	if err := conn.QueryRowContext(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("the connection after the error: %d, %v", one, err)
	}
}

// KILL QUERY of a vectorised statement streaming its rows answers 1317
// after some of them, and the connection runs its next statement.
func TestKillStreamingVectorised(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	fillStream(t, db)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET cohortdb_exec = 2"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{streamJoin, "SELECT id, s FROM big ORDER BY r DESC"} {
		rows, err := conn.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !rows.Next() {
			t.Fatalf("%s: no first row: %v", q, rows.Err())
		}
		mustExec(t, db, fmt.Sprintf("KILL QUERY %d", queryInt(t, db,
			"SELECT id FROM information_schema.processlist WHERE info = ?", q)))
		n := 1
		for rows.Next() {
			n++
		}
		wantErrNum(t, rows.Err(), 1317, q+" after KILL QUERY")
		rows.Close()
		if n >= streamRows {
			t.Fatalf("%s: the killed result sent %d rows", q, n)
		}
		var one int
		if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Fatalf("the killed statement's connection after %s: %d, %v", q, one, err)
		}
	}
}

// A client that hangs up in the middle of a vectorised result stops its
// statement: it leaves the process list (the test's own timeout bounds
// the wait), and the server goes on.
func TestDisconnectStopsStreamingVectorised(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "shop")
	fillStream(t, root)
	db, hangUp := capturedClient(t, s, "capture-stream")
	rows, err := db.Query(streamJoin)
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatalf("no first row: %v", rows.Err())
	}
	hangUp()
	for queryInt(t, root, "SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE 'SELECT b.id, b.s, k.n%'") != 0 {
		time.Sleep(50 * time.Millisecond)
	}
	if got := queryInt(t, root, "SELECT COUNT(*) FROM ("+streamJoin+") j"); got != 3*streamRows {
		t.Fatalf("the join after the disconnect: %d rows", got)
	}
}
