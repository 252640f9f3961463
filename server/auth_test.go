package server

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// connectWith opens a pool as user with the driver config changed by opt,
// and pings it.
func (s *memServer) connectWith(user, pass string, opt func(*mysql.Config)) (*sql.DB, error) {
	c := mysql.NewConfig()
	c.User, c.Passwd, c.Net, c.Addr = user, pass, "tcp", s.Addr().String()
	if opt != nil {
		opt(c)
	}
	// A connector, not a DSN: FormatDSN drops a *tls.Config.
	connector, err := mysql.NewConnector(c)
	if err != nil {
		return nil, err
	}
	conn := sql.OpenDB(connector)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := conn.PingContext(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// verifiedTLS trusts only the server's self-signed certificate (read from
// its data dir) and checks the host name, as --ssl-mode=VERIFY_IDENTITY.
func verifiedTLS(t *testing.T, s *memServer) func(*mysql.Config) {
	t.Helper()
	pemBytes, err := os.ReadFile(filepath.Join(s.cfg.DataDir, selfSignedCertFile))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("self-signed certificate does not parse")
	}
	return func(c *mysql.Config) { c.TLS = &tls.Config{RootCAs: pool, ServerName: "localhost"} }
}

func noTLS(c *mysql.Config) { c.TLS = nil; c.TLSConfig = "false" }

// wantLogin fails the test unless user/pass logs in (and can run a
// query) with opt; it closes the pool.
func wantLogin(t *testing.T, s *memServer, user, pass string, opt func(*mysql.Config), what string) {
	t.Helper()
	db, err := s.connectWith(user, pass, opt)
	if err != nil {
		t.Fatalf("%s: login as %s: %v", what, user, err)
	}
	defer db.Close()
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("%s: SELECT 1 = %d, %v", what, one, err)
	}
}

func wantLoginErr(t *testing.T, s *memServer, user, pass string, opt func(*mysql.Config), num uint16, what string) {
	t.Helper()
	db, err := s.connectWith(user, pass, opt)
	if err == nil {
		db.Close()
	}
	wantErrNum(t, err, num, what)
}

func TestSelfSignedTLS(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	for _, f := range []string{selfSignedCertFile, selfSignedKeyFile} {
		st, err := os.Stat(filepath.Join(s.cfg.DataDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", f, st.Mode().Perm())
		}
	}
	wantLogin(t, s, "root", "pw", verifiedTLS(t, s), "root over verified TLS")
	wantLogin(t, s, "root", "pw", noTLS, "root in clear text")
}

func TestRequireSecureTransport(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	root := s.open(t, "root", "pw", "")
	defer root.Close()
	mustExec(t, root, "SET GLOBAL require_secure_transport = ON")
	t.Cleanup(func() { sysvarsOff(t, "require_secure_transport") })
	wantLoginErr(t, s, "root", "pw", noTLS, erSecureTransportRequired, "root without TLS")
	wantLogin(t, s, "root", "pw", verifiedTLS(t, s), "root over TLS")
	mustExec(t, root, "SET GLOBAL require_secure_transport = OFF")
	wantLogin(t, s, "root", "pw", noTLS, "root without TLS once allowed again")
}

func sysvarsOff(t *testing.T, name string) {
	if err := setSystemVariables(Config{}); err != nil {
		t.Errorf("reset %s: %v", name, err)
	}
}

// TestAuthPlugins: accounts of both plugins log in with and without TLS;
// caching_sha2_password without TLS takes the RSA exchange on a server
// that never saw the password, and the cached fast path after that.
func TestAuthPlugins(t *testing.T) {
	meta := newMemMeta()
	s := startMemServer(t, meta, "pw")
	root := s.open(t, "root", "pw", "")
	mustExec(t, root, "CREATE USER 'sha'@'%' IDENTIFIED WITH caching_sha2_password BY 'sha-pw'")
	mustExec(t, root, "CREATE USER 'nat'@'%' IDENTIFIED WITH mysql_native_password BY 'nat-pw'")
	root.Close()

	tlsOpt := verifiedTLS(t, s)
	cases := []struct {
		name, user, pass string
		opt              func(*mysql.Config)
		wantErr          uint16
	}{
		{"sha2 RSA exchange (nothing cached)", "sha", "sha-pw", noTLS, 0},
		{"sha2 wrong password, no TLS", "sha", "nope", noTLS, 1045},
		{"sha2 full auth over TLS", "sha", "sha-pw", tlsOpt, 0},
		{"sha2 wrong password over TLS", "sha", "nope", tlsOpt, 1045},
		{"sha2 fast path (cached)", "sha", "sha-pw", noTLS, 0},
		{"native, no TLS", "nat", "nat-pw", noTLS, 0},
		{"native over TLS", "nat", "nat-pw", tlsOpt, 0},
		{"native wrong password", "nat", "sha-pw", noTLS, 1045},
		{"unknown user", "ghost", "x", noTLS, 1045},
	}
	s.guard.sleep = func(time.Duration) {} // the wrong passwords above must not slow the test
	for _, c := range cases {
		if c.wantErr != 0 {
			wantLoginErr(t, s, c.user, c.pass, c.opt, c.wantErr, c.name)
		} else {
			wantLogin(t, s, c.user, c.pass, c.opt, c.name)
		}
	}
	st, err := os.Stat(filepath.Join(s.cfg.DataDir, rsaKeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("RSA key file after the RSA exchange: %v, %v (want mode 0600)", st, err)
	}
}
