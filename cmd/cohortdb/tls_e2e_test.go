package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// pemFingerprint is the SHA-256 of the first certificate in a PEM file,
// as openssl x509 -fingerprint -sha256 prints it.
func pemFingerprint(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	sum := sha256.Sum256(block.Bytes)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var parts []string
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, h[i:i+2])
	}
	return strings.Join(parts, ":")
}

var loggedFingerprint = regexp.MustCompile(`sha256_fingerprint=(\S+)`)

// lastFingerprint is the fingerprint the server logged last.
func lastFingerprint(t *testing.T, s *testServer) string {
	t.Helper()
	m := loggedFingerprint.FindAllStringSubmatch(s.output(), -1)
	if m == nil {
		t.Fatal("no sha256_fingerprint in the server's log")
	}
	return m[len(m)-1][1]
}

// openTLS connects as user over TLS that trusts only caFile's certificate
// and checks the server name.
func openTLS(t *testing.T, s *testServer, user, pass, caFile string) (*sql.DB, error) {
	t.Helper()
	b, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(b)
	c := mysql.NewConfig()
	c.User, c.Passwd, c.Net, c.Addr = user, pass, "tcp", s.Addr
	c.TLS = &tls.Config{RootCAs: pool, ServerName: "localhost"}
	connector, err := mysql.NewConnector(c)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	t.Cleanup(func() { db.Close() })
	return db, db.Ping()
}

// TestTLSSelfSigned: a fresh data dir gets a self-signed pair, its
// fingerprint is logged, clients that pin it connect with verification,
// and the same pair is used after a restart.
func TestTLSSelfSigned(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	cert := filepath.Join(s.DataDir, "tls-cert.pem")
	want := pemFingerprint(t, cert)
	if got := lastFingerprint(t, s); got != want {
		t.Fatalf("logged fingerprint %s, certificate file's %s", got, want)
	}
	if _, err := openTLS(t, s, "root", s.RootPassword, cert); err != nil {
		t.Fatalf("TLS with the pinned certificate: %v", err)
	}
	s.stop(t)
	s.restart(t)
	if got := lastFingerprint(t, s); got != want {
		t.Fatalf("after restart the fingerprint is %s, want the same %s", got, want)
	}
}

// TestTLSOperatorPairAndRequireSecureTransport: --tls-cert/--tls-key are
// served; with --require-secure-transport a login without TLS is 3159
// and with TLS (mysql.user of caching_sha2_password included) works.
func TestTLSOperatorPairAndRequireSecureTransport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "server.pem"), filepath.Join(dir, "server-key.pem")
	writeTestPair(t, certFile, keyFile)
	s := startServer(t, serverOptions{
		Args:      []string{"--tls-cert", certFile, "--tls-key", keyFile, "--require-secure-transport"},
		TLSConfig: "skip-verify",
	})
	if got, want := lastFingerprint(t, s), pemFingerprint(t, certFile); got != want {
		t.Fatalf("logged fingerprint %s, --tls-cert's %s", got, want)
	}
	if _, err := openTLS(t, s, "root", s.RootPassword, certFile); err != nil {
		t.Fatalf("TLS verified against --tls-cert: %v", err)
	}
	root := s.root(t, "")
	mustExec(t, root, "CREATE USER 'sha'@'%' IDENTIFIED WITH caching_sha2_password BY 'sha-pw'")
	var on int
	if err := root.QueryRow("SELECT @@global.require_secure_transport").Scan(&on); err != nil || on != 1 {
		t.Fatalf("require_secure_transport = %d, %v", on, err)
	}
	if _, err := openTLS(t, s, "sha", "sha-pw", certFile); err != nil {
		t.Fatalf("caching_sha2_password over TLS: %v", err)
	}
	plain := *s
	plain.opts.TLSConfig = ""
	_, err := plain.connect("root", s.RootPassword, "")
	wantErrNum(t, err, 3159, "root without TLS under --require-secure-transport")
}

// writeTestPair writes a certificate for localhost/127.0.0.1 and its key.
func writeTestPair(t *testing.T, certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(42), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, IsCA: true, BasicConstraintsValid: true,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
}
