package server

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// pluginOf returns the auth plugin of account user@'%'.
func pluginOf(t *testing.T, root *sql.DB, user string) string {
	t.Helper()
	var p string
	if err := root.QueryRow("SELECT plugin FROM mysql.user WHERE user = ? AND host = '%'", user).Scan(&p); err != nil {
		t.Fatalf("plugin of %s: %v", user, err)
	}
	return p
}

func TestSetPasswordAndAlterUser(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	s.guard.sleep = func(time.Duration) {}
	root := s.open(t, "root", "pw", "")
	defer root.Close()
	mustExec(t, root, "CREATE USER 'nat'@'%' IDENTIFIED BY 'n0'")
	mustExec(t, root, "CREATE USER 'sha'@'%' IDENTIFIED WITH caching_sha2_password BY 's0'")

	steps := []struct {
		as, pass, stmt string // run stmt as user as/pass ("" stmt: none)
		user, newPass  string // then user logs in with newPass …
		oldPass        string // … and no longer with oldPass
		plugin         string // and keeps this plugin
	}{
		{"root", "pw", "SET PASSWORD FOR 'nat'@'%' = 'n1'", "nat", "n1", "n0", "mysql_native_password"},
		{"nat", "n1", "SET PASSWORD = 'n2'", "nat", "n2", "n1", "mysql_native_password"},
		{"root", "pw", "SET PASSWORD FOR sha = 's1'", "sha", "s1", "s0", "caching_sha2_password"},
		{"sha", "s1", "ALTER USER 'sha'@'%' IDENTIFIED BY 'it''s'", "sha", "it's", "s1", "caching_sha2_password"},
		{"root", "pw", "ALTER USER nat IDENTIFIED WITH caching_sha2_password BY 'n3'", "nat", "n3", "n2", "caching_sha2_password"},
	}
	for _, st := range steps {
		db := s.open(t, st.as, st.pass, "")
		mustExec(t, db, st.stmt)
		db.Close()
		wantLogin(t, s, st.user, st.newPass, noTLS, st.stmt+": new password")
		wantLoginErr(t, s, st.user, st.oldPass, noTLS, 1045, st.stmt+": old password")
		if got := pluginOf(t, root, st.user); got != st.plugin {
			t.Errorf("%s: plugin %s, want %s", st.stmt, got, st.plugin)
		}
	}

	nat := s.open(t, "nat", "n3", "")
	defer nat.Close()
	_, err := nat.Exec("SET PASSWORD FOR 'sha'@'%' = 'stolen'")
	if err == nil {
		t.Fatal("nat changed sha's password without privileges")
	}
	wantLoginErr(t, s, "sha", "stolen", noTLS, 1045, "sha with the password nat tried to set")
	_, err = root.Exec("ALTER USER 'ghost'@'%' IDENTIFIED BY 'x'")
	wantErrNum(t, err, 1396, "ALTER USER of a missing account")
	mustExec(t, root, "ALTER USER IF EXISTS 'ghost'@'%' IDENTIFIED BY 'x' FAILED_LOGIN_ATTEMPTS 2")
}

// TestFailedLoginLock follows MySQL's FAILED_LOGIN_ATTEMPTS n
// PASSWORD_LOCK_TIME d: n consecutive wrong passwords lock the account
// (3955, even with the right password) for d days or until ACCOUNT
// UNLOCK; a successful login resets the count.
func TestFailedLoginLock(t *testing.T) {
	meta := newMemMeta()
	s := startMemServer(t, meta, "pw")
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.guard.now = func() time.Time { return clock }
	s.guard.sleep = func(time.Duration) {}
	root := s.open(t, "root", "pw", "")
	defer root.Close()
	mustExec(t, root, "CREATE USER 'ana'@'%' IDENTIFIED BY 'right' FAILED_LOGIN_ATTEMPTS 3 PASSWORD_LOCK_TIME 2")
	mustExec(t, root, "CREATE USER 'bob'@'%' IDENTIFIED BY 'bob'")

	type try struct {
		pass    string
		wantErr uint16
	}
	run := func(what string, tries ...try) {
		t.Helper()
		for i, tr := range tries {
			if tr.wantErr == 0 {
				wantLogin(t, s, "ana", tr.pass, noTLS, what)
			} else {
				wantLoginErr(t, s, "ana", tr.pass, noTLS, tr.wantErr, what+": try "+string(rune('1'+i)))
			}
		}
	}
	run("a success resets the count",
		try{"x", 1045}, try{"x", 1045}, try{"right", 0}, try{"x", 1045}, try{"x", 1045}, try{"right", 0})
	run("the third failure locks",
		try{"x", 1045}, try{"x", 1045}, try{"x", erAccountBlocked}, try{"right", erAccountBlocked})
	wantLogin(t, s, "bob", "bob", noTLS, "another account is not locked")

	clock = clock.Add(47 * time.Hour)
	run("still locked before 2 days", try{"right", erAccountBlocked})
	clock = clock.Add(2 * time.Hour)
	run("unlocked after 2 days", try{"right", 0})

	mustExec(t, root, "ALTER USER ana FAILED_LOGIN_ATTEMPTS 1 PASSWORD_LOCK_TIME UNBOUNDED")
	run("UNBOUNDED", try{"x", erAccountBlocked}, try{"right", erAccountBlocked})
	clock = clock.Add(1000 * 24 * time.Hour)
	run("UNBOUNDED is not lifted by time", try{"right", erAccountBlocked})
	mustExec(t, root, "ALTER USER ana ACCOUNT UNLOCK")
	run("ACCOUNT UNLOCK", try{"right", 0})

	var attrs string
	if err := root.QueryRow("SELECT user_attributes FROM mysql.user WHERE user = 'ana'").Scan(&attrs); err != nil {
		t.Fatal(err)
	}
	if want := `{"Password_locking": {"failed_login_attempts": 1, "password_lock_time_days": -1}}`; attrs != want {
		t.Errorf("user_attributes = %s, want %s", attrs, want)
	}

	mustExec(t, root, "ALTER USER ana ACCOUNT LOCK")
	run("ACCOUNT LOCK", try{"right", erAccountLocked}, try{"x", erAccountLocked})
	mustExec(t, root, "ALTER USER ana ACCOUNT UNLOCK FAILED_LOGIN_ATTEMPTS 0")
	run("tracking off", try{"x", 1045}, try{"x", 1045}, try{"right", 0})

	bob := s.open(t, "bob", "bob", "")
	defer bob.Close()
	_, err := bob.Exec("ALTER USER ana ACCOUNT LOCK")
	wantErrNum(t, err, 1227, "ALTER USER ... ACCOUNT LOCK without CREATE USER")
	_, err = root.Exec("ALTER USER ana FAILED_LOGIN_ATTEMPTS 40000")
	wantErrNum(t, err, 1210, "FAILED_LOGIN_ATTEMPTS out of range")
}

// TestLockPolicyPersists: the policy is part of the account, so it
// survives a restart (the count, as in MySQL, does not).
func TestLockPolicyPersists(t *testing.T) {
	meta := newMemMeta()
	s := startMemServer(t, meta, "pw")
	root := s.open(t, "root", "pw", "")
	mustExec(t, root, "CREATE USER 'ana'@'%' IDENTIFIED BY 'right' FAILED_LOGIN_ATTEMPTS 1 PASSWORD_LOCK_TIME 1")
	root.Close()
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	s = startMemServer(t, meta, "pw")
	s.guard.sleep = func(time.Duration) {}
	wantLoginErr(t, s, "ana", "x", noTLS, erAccountBlocked, "policy after restart")
}

func TestLoginDelay(t *testing.T) {
	g := newLoginGuard(nil)
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var slept []time.Duration
	g.now = func() time.Time { return clock }
	g.sleep = func(d time.Duration) { slept = append(slept, d) }
	deny := &mysql.MySQLError{Number: 1045}
	fail := func() { g.failed("10.0.0.1", nil, lockPolicy{}, deny) }

	// Failures 1..3 are free; then 250ms, 500ms, 1s, 2s, 4s, 4s.
	want := []time.Duration{0, 0, 0, 250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}
	for i, w := range want {
		slept = nil
		if err := g.wait("10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		got := time.Duration(0)
		if len(slept) > 0 {
			got = slept[0]
		}
		if got != w {
			t.Errorf("attempt %d after %d failures waited %v, want %v", i+1, i, got, w)
		}
		clock = clock.Add(got)
		fail()
	}
	// Parallel attempts from the host queue: each waits 4s more.
	slept = nil
	for range 5 {
		if err := g.wait("10.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	wantQueue := []time.Duration{4 * time.Second, 8 * time.Second, 12 * time.Second, 16 * time.Second, 20 * time.Second}
	for i := range wantQueue {
		if slept[i] != wantQueue[i] {
			t.Errorf("queued attempt %d waited %v, want %v", i+1, slept[i], wantQueue[i])
		}
	}
	if err := g.wait("10.0.0.1"); err == nil {
		t.Error("an attempt that would queue past maxQueue was let in")
	}
	if err := g.wait("10.0.0.2"); err != nil || len(slept) != 5 {
		t.Errorf("another host waited: %v, %v", slept, err)
	}
	clock = clock.Add(forgetAfter + time.Minute)
	slept = nil
	if err := g.wait("10.0.0.1"); err != nil || len(slept) != 0 {
		t.Errorf("after %v without failures: waited %v, %v", forgetAfter, slept, err)
	}
}
