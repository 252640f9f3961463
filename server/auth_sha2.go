package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
	"github.com/dolthub/vitess/go/mysql"
)

// rsaKeyFile holds the RSA key pair caching_sha2_password clients without
// TLS use to send their password (MySQL's private_key.pem/public_key.pem).
const rsaKeyFile = "rsa-key.pem"

// caching_sha2_password packets (MySQL's sha2_password protocol).
const (
	sha2RequestPublicKey = 0x02 // client: send me your public key
)

// sha2Method is cohortdb's caching_sha2_password auth method. It replaces
// vitess's, which refuses every client without TLS and caches nothing.
// As in MySQL:
//   - fast path: the client's scramble is checked against
//     SHA256(SHA256(password)) cached at the account's last full login
//     (keyed by its authentication string, so a new password empties it);
//   - full path: the client sends its password in clear over TLS, or
//     encrypted with the server's RSA public key (which it may ask for)
//     otherwise; it is checked against the stored authentication string.
type sha2Method struct {
	db     *mysql_db.MySQLDb
	keyDir string // where rsaKeyFile is, loaded (or created) at first use

	keyOnce sync.Once
	key     *rsa.PrivateKey
	pubPEM  []byte
	keyErr  error

	mu    sync.Mutex
	cache map[string][]byte // account + "\x00" + auth string → SHA256(SHA256(pw))
}

var _ mysql.AuthMethod = (*sha2Method)(nil)

func newSHA2Method(db *mysql_db.MySQLDb, keyDir string) *sha2Method {
	return &sha2Method{db: db, keyDir: keyDir, cache: map[string][]byte{}}
}

// rsaKey returns the RSA key and its public half as PEM, loading or
// creating it at first use (a 2048-bit key takes a moment to generate;
// servers whose clients all use TLS never need one).
func (m *sha2Method) rsaKey() (*rsa.PrivateKey, []byte, error) {
	m.keyOnce.Do(func() {
		m.key, m.keyErr = loadRSAKey(m.keyDir)
		if m.keyErr != nil {
			return
		}
		der, err := x509.MarshalPKIXPublicKey(&m.key.PublicKey)
		if err != nil {
			m.keyErr = fmt.Errorf("encode RSA public key: %w", err)
			return
		}
		m.pubPEM = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	})
	return m.key, m.pubPEM, m.keyErr
}

// Name implements mysql.AuthMethod.
func (m *sha2Method) Name() mysql.AuthMethodDescription { return mysql.CachingSha2Password }

// HandleUser implements mysql.AuthMethod: accounts whose plugin is
// caching_sha2_password, with or without TLS.
func (m *sha2Method) HandleUser(c *mysql.Conn, user string) bool {
	u := lookupAccount(m.db, user, c.RemoteAddr())
	return u != nil && u.Plugin == string(mysql.CachingSha2Password)
}

// AllowClearTextWithoutTLS implements mysql.AuthMethod: the password
// never crosses a plain connection in clear.
func (m *sha2Method) AllowClearTextWithoutTLS() bool { return true }

// AuthPluginData implements mysql.AuthMethod: a 20-byte salt and a NUL.
func (m *sha2Method) AuthPluginData() ([]byte, error) {
	salt, err := mysql.NewSalt()
	if err != nil {
		return nil, err
	}
	return append(salt, 0), nil
}

// HandleAuthPluginData implements mysql.AuthMethod.
func (m *sha2Method) HandleAuthPluginData(c *mysql.Conn, user string, serverData, clientData []byte, addr net.Addr) (mysql.Getter, error) {
	salt := bytes.TrimSuffix(serverData, []byte{0})
	u := lookupAccount(m.db, user, addr)
	if u == nil || u.Locked {
		return nil, accessDenied(user)
	}
	ok := sql.MysqlConnectionUser{User: u.User, Host: u.Host}
	empty := len(clientData) == 0 || (len(clientData) == 1 && clientData[0] == 0)
	switch {
	case u.AuthString == "" && empty:
		return ok, nil
	case u.AuthString == "" || empty:
		return nil, accessDenied(user)
	}
	key := u.User + "@" + u.Host + "\x00" + u.AuthString
	if h := m.cached(key); h != nil && mysql.VerifyHashedCachingSha2Password(clientData, salt, h) {
		if err := writeAuthPacket(c, []byte{mysql.AuthMoreDataPacket, mysql.CachingSha2FastAuth}); err != nil {
			return nil, err
		}
		return ok, nil
	}
	pw, err := m.fullAuth(c, salt)
	if err != nil {
		return nil, err
	}
	if !checkSHA2Password(u.AuthString, pw) {
		return nil, accessDenied(user)
	}
	m.remember(key, pw)
	return ok, nil
}

// fullAuth asks the client for its password and returns it: in clear over
// TLS, else RSA-OAEP encrypted (XORed with the salt first, as MySQL does).
func (m *sha2Method) fullAuth(c *mysql.Conn, salt []byte) (string, error) {
	if err := writeAuthPacket(c, []byte{mysql.AuthMoreDataPacket, mysql.CachingSha2FullAuth}); err != nil {
		return "", err
	}
	data, err := c.ReadPacket(context.Background())
	if err != nil {
		return "", err
	}
	if c.TLSEnabled() || c.IsUnixSocket() {
		return string(bytes.TrimSuffix(data, []byte{0})), nil
	}
	key, pubPEM, err := m.rsaKey()
	if err != nil {
		return "", err
	}
	if len(data) == 1 && data[0] == sha2RequestPublicKey {
		if err := writeAuthPacket(c, append([]byte{mysql.AuthMoreDataPacket}, pubPEM...)); err != nil {
			return "", err
		}
		if data, err = c.ReadPacket(context.Background()); err != nil {
			return "", err
		}
	}
	plain, err := rsa.DecryptOAEP(sha1.New(), nil, key, data, nil)
	if err != nil {
		return "", mysql.NewSQLError(mysql.ERAccessDeniedError, mysql.SSAccessDeniedError, "Access denied: cannot decrypt the password (%v)", err)
	}
	for i := range plain {
		plain[i] ^= salt[i%len(salt)]
	}
	return string(bytes.TrimSuffix(plain, []byte{0})), nil
}

func (m *sha2Method) cached(key string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cache[key]
}

// remember caches SHA256(SHA256(pw)) for the fast path. Entries of old
// passwords are never matched again (the key holds the auth string);
// the map is emptied when it grows past any plausible account count.
func (m *sha2Method) remember(key, pw string) {
	h1 := sha256.Sum256([]byte(pw))
	h2 := sha256.Sum256(h1[:])
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.cache) > 10000 {
		clear(m.cache)
	}
	m.cache[key] = h2[:]
}

// checkSHA2Password reports whether pw hashes to authString, a
// caching_sha2_password authentication string ($A$<rounds>$<salt><hash>).
func checkSHA2Password(authString, pw string) bool {
	digest, rounds, salt, _, err := mysql.DeserializeCachingSha2PasswordAuthString([]byte(authString))
	if err != nil || digest != "SHA256" {
		return false
	}
	got, err := mysql.SerializeCachingSha2PasswordAuthString(pw, salt, rounds)
	return err == nil && string(got) == authString
}

// lookupAccount returns the account user logs in as from addr (the best
// matching host pattern), or nil.
func lookupAccount(db *mysql_db.MySQLDb, user string, addr net.Addr) *mysql_db.User {
	host := hostOf(addr)
	rd := db.Reader()
	defer rd.Close()
	return db.GetUser(rd, user, host, false)
}

// hostOf is the host part of a client address ("localhost" for a Unix
// socket), as go-mysql-server matches it against account hosts.
func hostOf(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	if addr.Network() == "unix" {
		return "localhost"
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}

func accessDenied(user string) error {
	return mysql.NewSQLError(mysql.ERAccessDeniedError, mysql.SSAccessDeniedError, "Access denied for user '%v'", user)
}

// loadRSAKey returns the RSA key in dir, creating a 2048-bit one (mode
// 0600) on first start.
func loadRSAKey(dir string) (*rsa.PrivateKey, error) {
	path := filepath.Join(dir, rsaKeyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return createRSAKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("read RSA key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%w: %s is not a PEM file; remove it to have a new key generated", ErrConfig, path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrConfig, path, err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%w: %s is not an RSA key", ErrConfig, path)
	}
	return rk, nil
}

func createRSAKey(path string) (*rsa.PrivateKey, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generate RSA key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, fmt.Errorf("encode RSA key: %w", err)
	}
	if err := writeFileExcl(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err != nil {
		return nil, err
	}
	return k, nil
}
