package server

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Names of the self-signed certificate pair kept in the data directory
// when no --tls-cert/--tls-key is given.
const (
	selfSignedCertFile = "tls-cert.pem"
	selfSignedKeyFile  = "tls-key.pem"
	selfSignedValidity = 10 * 365 * 24 * time.Hour
)

// tlsSetup is the server's TLS configuration and where it came from.
type tlsSetup struct {
	config      *tls.Config
	certFile    string
	fingerprint string // SHA-256 of the leaf certificate, colon-separated hex
	generated   bool   // the pair was created at this start
}

// loadTLS returns the TLS configuration of cfg: the operator's pair when
// TLSCert and TLSKey are set, else the self-signed pair in the data
// directory, created on first start. Clients that ask for TLS
// (--ssl-mode=REQUIRED, tls=true) get it; the others stay in clear text
// unless require_secure_transport is on.
func loadTLS(cfg Config) (*tlsSetup, error) {
	certFile, keyFile := cfg.TLSCert, cfg.TLSKey
	generated := false
	if certFile == "" {
		certFile = filepath.Join(cfg.DataDir, selfSignedCertFile)
		keyFile = filepath.Join(cfg.DataDir, selfSignedKeyFile)
		var err error
		if generated, err = ensureSelfSigned(certFile, keyFile); err != nil {
			return nil, err
		}
	}
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("load TLS certificate %s and key %s: %w", certFile, keyFile, err)
	}
	sum := sha256.Sum256(pair.Certificate[0])
	return &tlsSetup{
		config:      &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12},
		certFile:    certFile,
		fingerprint: colonHex(sum[:]),
		generated:   generated,
	}, nil
}

// ensureSelfSigned creates a self-signed ECDSA P-256 pair at certFile and
// keyFile (mode 0600) unless both exist. It reports whether it created
// them. One of the two without the other is an error: the operator
// removed or replaced a file by hand, and guessing would hide that.
func ensureSelfSigned(certFile, keyFile string) (bool, error) {
	certOK, keyOK := fileExists(certFile), fileExists(keyFile)
	switch {
	case certOK && keyOK:
		return false, nil
	case certOK != keyOK:
		return false, fmt.Errorf("%w: only one of %s and %s exists; remove it to have a new pair generated, or pass --tls-cert and --tls-key",
			ErrConfig, certFile, keyFile)
	}
	certPEM, keyPEM, err := selfSignedPair(time.Now())
	if err != nil {
		return false, err
	}
	if err := writeFileExcl(keyFile, keyPEM); err != nil {
		return false, err
	}
	if err := writeFileExcl(certFile, certPEM); err != nil {
		return false, errors.Join(err, os.Remove(keyFile))
	}
	return true, nil
}

// selfSignedPair returns a PEM certificate and key valid from now for
// selfSignedValidity, for localhost, the loopback addresses and this
// host's name.
func selfSignedPair(now time.Time) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generate TLS key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, fmt.Errorf("generate TLS serial: %w", err)
	}
	names := []string{"localhost"}
	if h, err := os.Hostname(); err == nil && h != "" && !strings.EqualFold(h, "localhost") {
		names = append(names, h)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "cohortdb self-signed", Organization: []string{"cohortdb"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(selfSignedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true, // so clients can pin it as their CA file
		DNSNames:              names,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("create TLS certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("encode TLS key: %w", err)
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	return certPEM, keyPEM, nil
}

// writeFileExcl creates path with mode 0600 and data, failing if it
// exists; a partial file is removed.
func writeFileExcl(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// colonHex formats b as upper-case hex bytes separated by colons, the way
// openssl x509 -fingerprint prints them.
func colonHex(b []byte) string {
	h := strings.ToUpper(hex.EncodeToString(b))
	parts := make([]string, 0, len(b))
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, h[i:i+2])
	}
	return strings.Join(parts, ":")
}
