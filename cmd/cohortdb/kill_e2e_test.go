package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// killWait bounds how long a killed statement may take to answer: a hang
// (a loop that never looks at its context) fails the test.
const killWait = 60 * time.Second

// startShop imports a generated shop of n customers and starts a server
// on it.
func startShop(t *testing.T, customers int, args ...string) *testServer {
	t.Helper()
	csvDir, _ := genShop(t, customers)
	dataDir := filepath.Join(t.TempDir(), "data")
	if code, out := runBinary(t, nil, "import", "--data-dir", dataDir, "--dir", csvDir); code != 0 {
		t.Fatalf("import: %d\n%s", code, out)
	}
	return startServer(t, serverOptions{DataDir: dataDir, Args: args})
}

// runningID is the connection id running a statement that contains text.
func runningID(t *testing.T, db *sql.DB, text string) int64 {
	t.Helper()
	deadline := time.Now().Add(killWait)
	for time.Now().Before(deadline) {
		var id int64
		err := db.QueryRow("SELECT id FROM information_schema.processlist WHERE info LIKE ? AND info NOT LIKE '%processlist%'",
			"%"+text+"%").Scan(&id)
		if err == nil {
			return id
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no statement with %q started", text)
	return 0
}

// Long loops of table functions and model fits look at their statement's
// context: KILL QUERY answers 1317 and max_execution_time 3024 while
// they run (a CLV horizon of a million days sums 33,000 months per
// distinct history: minutes without the checks), and the connection goes
// on.
func TestKillStopsTableFunctions(t *testing.T) {
	t.Parallel()
	s := startShop(t, 2000)
	root := s.root(t, "shop")
	ctx := context.Background()
	// Not closed: Close would wait for a statement that, should the
	// test fail, runs for hours; the server's end closes it.
	conn, err := root.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"SET clv_min_history_days = 0", "SET clv_min_repeat_customers = 0", "CALL clv_fit()"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const long = "SELECT COUNT(*) FROM clv(1000000)"
	done := make(chan error, 1)
	go func() {
		var n int
		done <- conn.QueryRowContext(ctx, long).Scan(&n)
	}()
	id := runningID(t, root, "clv(1000000)")
	mustExec(t, root, fmt.Sprintf("KILL QUERY %d", id))
	select {
	case err := <-done:
		wantErrNum(t, err, 1317, "clv() after KILL QUERY")
	case <-time.After(killWait):
		t.Fatalf("clv() still running %v after KILL QUERY", killWait)
	}
	var one int
	if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		t.Fatalf("the killed statement's connection: %v", err)
	}
	if _, err := conn.ExecContext(ctx, "SET SESSION max_execution_time = 300"); err != nil {
		t.Fatal(err)
	}
	timed := make(chan error, 1)
	go func() {
		var n int
		timed <- conn.QueryRowContext(ctx, long).Scan(&n)
	}()
	select {
	case err := <-timed:
		wantErrNum(t, err, 3024, "clv() past max_execution_time")
	case <-time.After(killWait):
		t.Fatalf("clv() still running %v after its max_execution_time", killWait)
	}
	// KILL (the connection) stops the statement too: it leaves the
	// process list, and the client sees its connection gone.
	if _, err := conn.ExecContext(ctx, "SET SESSION max_execution_time = 0"); err != nil {
		t.Fatal(err)
	}
	killed := make(chan error, 1)
	go func() {
		var n int
		killed <- conn.QueryRowContext(ctx, long).Scan(&n)
	}()
	mustExec(t, root, fmt.Sprintf("KILL %d", runningID(t, root, "clv(1000000)")))
	select {
	case err := <-killed:
		if err == nil {
			t.Fatal("clv() answered after KILL of its connection")
		}
	case <-time.After(killWait):
		t.Fatalf("clv() still running %v after KILL", killWait)
	}
	deadline := time.Now().Add(killWait)
	for queryInt(t, root, "SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE '%clv(1000000)%' AND info NOT LIKE '%processlist%'") != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("clv() in the process list %v after KILL", killWait)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// KILL QUERY of a statement whose rows are being streamed ends its
// result with MySQL's 1317 in place of the next row, as MySQL does (vitess
// alone would close the connection: server/midstream.go); the connection,
// the server and other sessions carry on.
func TestKillQueryStreamingResult(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "shop")
	fillWide(t, root, 20000, 1000, 100) // 20 MB: more than the socket buffers hold
	ctx := context.Background()
	conn, err := root.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{"SELECT id, s FROM wide", "SELECT id, s FROM wide WHERE id >= 0 ORDER BY id"} {
		rows, err := conn.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !rows.Next() {
			t.Fatalf("%s: no first row: %v", q, rows.Err())
		}
		id := runningID(t, root, q)
		mustExec(t, root, fmt.Sprintf("KILL QUERY %d", id))
		n := 1
		for rows.Next() {
			n++
		}
		if n >= 20000 {
			t.Fatalf("%s: the killed result sent all its rows", q)
		}
		wantErrNum(t, rows.Err(), 1317, q+" after KILL QUERY")
		rows.Close()
		var one int
		if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Fatalf("the killed statement's connection after %s: %d, %v", q, one, err)
		}
	}
	if got := queryInt(t, root, "SELECT COUNT(*) FROM wide"); got != 20000 {
		t.Fatalf("another session after the kill: COUNT(*) = %d", got)
	}
	if got := queryInt(t, root, "SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE 'SELECT id, s FROM wide%'"); got != 0 {
		t.Fatalf("the killed statement is still in the process list")
	}
	// Several statements in one packet: those after the killed one do
	// not run, and the connection goes on.
	cfg, err := mysql.ParseDSN(s.dsn("root", s.RootPassword, "shop"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MultiStatements = true
	multi, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer multi.Close()
	mconn, err := multi.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer mconn.Close()
	rows, err := mconn.QueryContext(ctx, "SELECT id, s FROM wide; INSERT INTO wide VALUES (-1, 'after')")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatalf("multi: no first row: %v", rows.Err())
	}
	mustExec(t, root, fmt.Sprintf("KILL QUERY %d", runningID(t, root, "SELECT id, s FROM wide")))
	for rows.Next() {
	}
	wantErrNum(t, rows.Err(), 1317, "multi-statement after KILL QUERY")
	rows.Close()
	if got := queryInt(t, root, "SELECT COUNT(*) FROM wide WHERE id = -1"); got != 0 {
		t.Fatalf("the statement after the killed one ran")
	}
	var one int
	if err := mconn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("multi connection after the kill: %d, %v", one, err)
	}
}

// KILL QUERY stops a Pareto/NBD fit — the slowest model, its likelihood
// an integral per distinct history — within the evaluation under way,
// with 1317, and the connection goes on. A fit that ends before the kill
// lands is run again.
func TestKillStopsParetoNBDFit(t *testing.T) {
	t.Parallel()
	s := startShop(t, 20000)
	root := s.root(t, "shop")
	ctx := context.Background()
	conn, err := root.Conn(ctx) // not closed: see TestKillStopsTableFunctions
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"SET clv_min_history_days = 0", "SET clv_min_repeat_customers = 0"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const fit = "CALL clv_fit(NULL, 'paretonbd')"
	for try := 0; try < 3; try++ {
		done := make(chan error, 1)
		go func() {
			_, err := conn.ExecContext(ctx, fit)
			done <- err
		}()
		mustExec(t, root, fmt.Sprintf("KILL QUERY %d", runningID(t, root, "paretonbd")))
		select {
		case err := <-done:
			if err == nil {
				continue // the fit ended first
			}
			wantErrNum(t, err, 1317, "clv_fit paretonbd after KILL QUERY")
			var one int
			if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
				t.Fatalf("the killed fit's connection: %v", err)
			}
			return
		case <-time.After(killWait):
			t.Fatalf("clv_fit paretonbd still running %v after KILL QUERY", killWait)
		}
	}
	t.Fatal("the Pareto/NBD fit ended before every KILL QUERY: make the shop larger")
}
