package server

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestWrongPasswordRefused(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "secret")
	for _, c := range []struct{ user, pass string }{
		{"root", "wrong"},
		{"root", ""},
		{"nobody", "secret"},
	} {
		_, err := s.connect(c.user, c.pass, "")
		wantErrNum(t, err, 1045, c.user+"/"+c.pass)
	}
}

func TestEmptyRootPasswordOnLoopback(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "")
	db := s.open(t, "root", "", "mydb")
	defer db.Close()
	_, err := s.connect("root", "something", "")
	wantErrNum(t, err, 1045, "root with a password when none is set")
}

func TestUsersAndGrantsPersist(t *testing.T) {
	meta := newMemMeta()
	s := startMemServer(t, meta, "pw")
	root := s.open(t, "root", "pw", "")
	mustExec(t, root, "CREATE USER 'ana'@'%' IDENTIFIED BY 'x'")
	mustExec(t, root, "GRANT SELECT ON *.* TO 'ana'@'%'")
	root.Close()
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(meta.vals[usersMetaKey]) == 0 {
		t.Fatal("users were not persisted")
	}
	if strings.Contains(string(meta.vals[usersMetaKey]), "root") {
		t.Error("root account was persisted; it must be recreated from the config at each start")
	}

	// Restart with another root password: ana survives, root follows config.
	s = startMemServer(t, meta, "pw2")
	_, err := s.connect("root", "pw", "")
	wantErrNum(t, err, 1045, "root with the old password")
	ana := s.open(t, "ana", "x", "mydb")
	defer ana.Close()
	var x int
	if err := ana.QueryRow("SELECT x FROM t").Scan(&x); err != nil || x != 1 {
		t.Fatalf("ana reads: x=%d err=%v", x, err)
	}
	_, err = ana.Exec("INSERT INTO t VALUES (2)")
	wantErrNum(t, err, 1142, "ana inserts")
	_, err = s.connect("ana", "wrong", "")
	wantErrNum(t, err, 1045, "ana with a wrong password")
}

func TestLocalInfileEnabled(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	db := s.open(t, "root", "pw", "")
	defer db.Close()
	var v int
	if err := db.QueryRow("SELECT @@global.local_infile").Scan(&v); err != nil || v != 1 {
		t.Fatalf("local_infile = %d, err %v; want 1", v, err)
	}
	var ver string
	if err := db.QueryRow("SELECT VERSION()").Scan(&ver); err != nil || ver != ServerVersion() {
		t.Fatalf("VERSION() = %q, err %v; want %q", ver, err, ServerVersion())
	}
}

func TestShutdownLetsRunningStatementFinish(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	db := s.open(t, "root", "pw", "mydb")
	defer db.Close()
	idle := s.open(t, "root", "pw", "mydb") // an idle connection must not hold up shutdown
	defer idle.Close()

	result := make(chan error, 1)
	go func() {
		var v int
		err := db.QueryRow("SELECT SLEEP(1)").Scan(&v)
		if err == nil && v != 0 {
			err = errors.New("SLEEP returned non-zero")
		}
		result <- err
	}()
	waitForProcess(t, s.Server, "SLEEP(1)")

	done := make(chan error, 1)
	go func() { done <- s.Shutdown(context.Background()) }()
	if err := <-result; err != nil {
		t.Fatalf("running statement during shutdown: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	select {
	case <-s.closed:
	default:
		t.Fatal("backend not closed after Shutdown")
	}
	if _, err := s.connect("root", "pw", ""); err == nil {
		t.Fatal("connected after Shutdown")
	}
}

func TestShutdownGraceExpires(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	db := s.open(t, "root", "pw", "mydb")
	defer db.Close()
	result := make(chan error, 1)
	go func() {
		_, err := db.Exec("SELECT SLEEP(600)")
		result <- err
	}()
	waitForProcess(t, s.Server, "SLEEP(600)")
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // no grace at all
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := <-result; err == nil {
		t.Fatal("statement cut by shutdown reported success")
	}
}

// waitForProcess polls the process list until a statement containing
// query runs (the deadline only guards against a hang).
func waitForProcess(t *testing.T, s *Server, query string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, p := range s.be.sql.ProcessList.Processes() {
			if strings.Contains(p.Query, query) {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("statement %q never showed in the process list", query)
}
