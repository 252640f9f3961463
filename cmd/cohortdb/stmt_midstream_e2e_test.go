package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A prepared statement (the binary protocol: go-sql-driver/mysql sends
// COM_STMT_EXECUTE for a query with arguments) that fails after its
// first rows went out ends its result with the error in place of the
// next row — KILL QUERY 1317, max_execution_time 3024 — and its
// connection and statement go on, as for text queries
// (server/midstream.go; server's TestPreparedStatementErrorMidResult
// has the memory limit's 1038 mid-result).
func TestPreparedStatementErrorMidResult(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "shop")
	fillWide(t, root, 20000, 1000, 100) // 20 MB: more than the socket buffers hold
	db := s.root(t, "shop")
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const scan = "SELECT id, s FROM wide WHERE id >= ?"
	stmt, err := conn.PrepareContext(ctx, scan)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()

	// KILL QUERY from another session while the rows stream.
	rows := firstRow(t, stmt, 0)
	mustExec(t, root, fmt.Sprintf("KILL QUERY %d", runningID(t, root, "FROM wide WHERE id >=")))
	wantErrNum(t, drainRest(t, rows), 1317, "prepared statement after KILL QUERY")
	stillUsable(t, conn, stmt)

	// max_execution_time passes while the client reads nothing: the
	// server is blocked on a full socket and stops at its next row.
	rows = firstRowWithin(t, conn, stmt)
	wantErrNum(t, drainRest(t, rows), 3024, "prepared statement past max_execution_time")
	if _, err := conn.ExecContext(ctx, "SET SESSION max_execution_time = 0"); err != nil {
		t.Fatal(err)
	}
	stillUsable(t, conn, stmt)
}

// firstRowWithin sets a max_execution_time on conn short enough to
// pass while the client sleeps after stmt's first row, and returns the
// rows once it has passed. A machine so loaded that the first row comes
// after the limit gets a longer one.
func firstRowWithin(t *testing.T, conn *sql.Conn, stmt *sql.Stmt) *sql.Rows {
	t.Helper()
	for ms := 200; ms <= 60000; ms *= 4 {
		if _, err := conn.ExecContext(context.Background(), fmt.Sprintf("SET SESSION max_execution_time = %d", ms)); err != nil {
			t.Fatal(err)
		}
		rows, err := stmt.Query(0)
		if mysqlErrNum(err) == 3024 {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if !rows.Next() {
			if mysqlErrNum(rows.Err()) == 3024 {
				rows.Close()
				continue
			}
			t.Fatalf("no first row: %v", rows.Err())
		}
		// Past the limit: the statement started before the first row.
		time.Sleep(time.Duration(2*ms) * time.Millisecond)
		return rows
	}
	t.Fatal("no first row within a minute's max_execution_time")
	return nil
}

// firstRow executes stmt with arg and reads its first row.
func firstRow(t *testing.T, stmt *sql.Stmt, arg any) *sql.Rows {
	t.Helper()
	rows, err := stmt.Query(arg)
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatalf("no first row: %v", rows.Err())
	}
	return rows
}

// drainRest reads the rows left and returns the result's error; a result
// sent whole fails the test.
func drainRest(t *testing.T, rows *sql.Rows) error {
	t.Helper()
	defer rows.Close()
	n := 1
	for rows.Next() {
		n++
	}
	if n >= 20000 {
		t.Fatalf("the result was sent whole (%d rows)", n)
	}
	return rows.Err()
}

// stillUsable checks conn answers a text query and stmt (prepared on it)
// a whole result.
func stillUsable(t *testing.T, conn *sql.Conn, stmt *sql.Stmt) {
	t.Helper()
	var one int
	if err := conn.QueryRowContext(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("the connection after the error: %d, %v", one, err)
	}
	rows, err := stmt.Query(19990)
	if err != nil {
		t.Fatalf("the prepared statement after the error: %v", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil || n != 10 {
		t.Fatalf("the prepared statement after the error: %d rows, %v; want 10", n, err)
	}
}

// A statement that fails at a row sends the rows before it, then the
// error, as MySQL does: the select list's JSON_EXTRACT meets text that is
// no JSON at id 2000, so ids 0 to 1999 arrive, in order, then 3141 —
// as text, as a prepared statement, and with the vectorised executor
// off (server/rowflush.go, server/results.go).
func TestRowsBeforeErrorSent(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE docs (id BIGINT PRIMARY KEY, doc TEXT)")
	var b strings.Builder
	b.WriteString("INSERT INTO docs VALUES ")
	for i := range 3000 {
		doc := fmt.Sprintf(`'{"a": %d}'`, i)
		if i == 2000 {
			doc = "'x'"
		}
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "(%d, %s)", i, doc)
	}
	mustExec(t, db, b.String())
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const q = "SELECT id, JSON_EXTRACT(doc, '$.a') FROM docs WHERE id >= %s ORDER BY id"
	for _, setting := range []string{"", "SET cohortdb_vectorize = 0"} {
		if setting != "" {
			if _, err := conn.ExecContext(ctx, setting); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			q    string
			args []any
		}{{fmt.Sprintf(q, "0"), nil}, {fmt.Sprintf(q, "?"), []any{0}}} {
			what := fmt.Sprintf("%s [%s] args %v", c.q, setting, c.args)
			rows, err := conn.QueryContext(ctx, c.q, c.args...)
			if err != nil {
				t.Fatalf("%s: %v before any row", what, err)
			}
			got := 0
			for rows.Next() {
				var id int
				var a sql.NullString
				if err := rows.Scan(&id, &a); err != nil {
					t.Fatal(err)
				}
				if id != got || a.String != fmt.Sprint(id) {
					t.Fatalf("%s: row %d is %d, %q", what, got, id, a.String)
				}
				got++
			}
			err = rows.Err()
			rows.Close()
			if got != 2000 {
				t.Errorf("%s: %d rows before the error, want 2000", what, got)
			}
			wantErrNum(t, err, 3141, what)
		}
	}
}
