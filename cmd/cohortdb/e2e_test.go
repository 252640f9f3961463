package main

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cohortdb/cohortdb/server"
)

func TestVersionCommand(t *testing.T) {
	t.Parallel()
	code, out := runBinary(t, nil, "version")
	if code != exitOK {
		t.Fatalf("version exited %d: %s", code, out)
	}
	if !strings.HasPrefix(out, "cohortdb "+server.Version) || !strings.Contains(out, server.ServerVersion()) {
		t.Fatalf("version printed %q", out)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{},
		{"no-such-command"},
		{"serve", "--no-such-flag"},
		{"serve", "stray-argument"},
		{"import"}, // placeholder until the import command lands
		{"gen"},    // placeholder until the generator lands
	} {
		if code, out := runBinary(t, nil, args...); code != exitUsage {
			t.Errorf("cohortdb %v exited %d, want %d; output:\n%s", args, code, exitUsage, out)
		}
	}
}

func TestNonLoopbackWithoutPasswordRefused(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "data")
	for _, listen := range []string{"0.0.0.0:0", ":0"} {
		code, out := runBinary(t, nil, "serve", "--data-dir", dataDir, "--listen", listen)
		if code != exitUsage {
			t.Errorf("serve --listen %s without password exited %d, want %d; output:\n%s", listen, code, exitUsage, out)
		}
		if !strings.Contains(out, "root password required") {
			t.Errorf("serve --listen %s: message does not say a root password is required:\n%s", listen, out)
		}
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("refused serve touched the data dir (stat: %v)", err)
	}
}

func TestWrongPasswordRefused(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	for _, c := range []struct{ user, pass string }{
		{"root", "wrong"},
		{"root", ""},
		{"nobody", rootPassword},
	} {
		_, err := s.connect(c.user, c.pass, "")
		wantErrNum(t, err, 1045, "login as "+c.user+" with password "+c.pass)
	}
	s.root(t, "") // the right password still works
}

func TestUsersAndGrantsSurviveRestart(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "")
	mustExec(t, root, "CREATE DATABASE app")
	mustExec(t, root, "CREATE TABLE app.customers (id BIGINT PRIMARY KEY, name VARCHAR(64))")
	mustExec(t, root, "INSERT INTO app.customers VALUES (1, 'Ada'), (2, 'Grace')")
	mustExec(t, root, "CREATE USER 'ana'@'%' IDENTIFIED BY 'x'")
	mustExec(t, root, "GRANT SELECT ON *.* TO 'ana'@'%'")
	root.Close()

	s.kill(t) // a crash: users must already be durable
	s.restart(t)

	ana := s.open(t, "ana", "x", "app")
	var n int
	if err := ana.QueryRow("SELECT COUNT(*) FROM customers").Scan(&n); err != nil || n != 2 {
		t.Fatalf("ana counts customers after restart: n=%d err=%v", n, err)
	}
	_, err := ana.Exec("INSERT INTO customers VALUES (3, 'Eve')")
	wantErrNum(t, err, 1142, "ana inserts")
	_, err = ana.Exec("CREATE USER 'mallory'@'%'")
	if err == nil {
		t.Fatal("ana created a user without the privilege")
	}
	_, err = s.connect("ana", "wrong", "")
	wantErrNum(t, err, 1045, "ana with a wrong password")

	s.stop(t) // and a clean restart keeps them too
	s.restart(t)
	s.open(t, "ana", "x", "app")
}

func TestSigtermLetsRunningQueryFinish(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "")
	watcher := s.root(t, "")

	result := make(chan error, 1)
	go func() {
		var v int
		err := db.QueryRow("SELECT SLEEP(2)").Scan(&v)
		if err == nil && v != 0 {
			err = errNonZero
		}
		result <- err
	}()
	waitForQuery(t, watcher, "SELECT SLEEP(2)")

	s.signal(t, syscall.SIGTERM)
	select {
	case err := <-result:
		if err != nil {
			t.Fatalf("query running at SIGTERM failed: %v", err)
		}
	case <-time.After(exitTimeout):
		t.Fatal("query running at SIGTERM never returned")
	}
	if code := s.wait(t); code != 0 {
		t.Fatalf("exit code %d after SIGTERM, want 0", code)
	}
	if !strings.Contains(s.output(), "shutdown complete") {
		t.Error("no 'shutdown complete' in the log")
	}
}

var errNonZero = errors.New("SLEEP returned non-zero")

// waitForQuery polls SHOW PROCESSLIST on db until a statement whose text
// contains query is running (the deadline only guards against a hang).
func waitForQuery(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		rows, err := db.Query("SHOW PROCESSLIST")
		if err != nil {
			t.Fatalf("SHOW PROCESSLIST: %v", err)
		}
		cols, _ := rows.Columns()
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		found := false
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("scan processlist: %v", err)
			}
			for i, c := range cols {
				if strings.EqualFold(c, "Info") && strings.Contains(vals[i].String, query) {
					found = true
				}
			}
		}
		rows.Close()
		if found {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%q never showed in SHOW PROCESSLIST", query)
}
