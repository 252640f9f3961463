package difftest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// MariaDB is a throwaway mariadbd (Debian's mariadb-server) on a free
// loopback port with a fresh data directory, removed by Close.
type MariaDB struct {
	Addr string // host:port it listens on

	dir string
	cmd *exec.Cmd
	log *tailLog
}

// mariadbTools are the two programs StartMariaDB needs; Debian installs
// the daemon in /usr/sbin, which is not on every user's PATH.
func mariadbTools() (daemon, install string, ok bool) {
	look := func(name string) string {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
		if p := filepath.Join("/usr/sbin", name); fileExists(p) {
			return p
		}
		return ""
	}
	daemon, install = look("mariadbd"), look("mariadb-install-db")
	return daemon, install, daemon != "" && install != ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// EnsureMariaDB returns "" when mariadbd is installed, installing Debian's
// mariadb-server with apt-get when it is missing and this process may
// (root on a machine with apt-get). Otherwise it returns why MariaDB is
// not available, for the caller to print and skip.
func EnsureMariaDB(ctx context.Context) (skip string) {
	if _, _, ok := mariadbTools(); ok {
		return ""
	}
	if err := aptInstall(ctx, "mariadb-server"); err != nil {
		return "MariaDB not installed and not installable here (" + err.Error() +
			"); install it with: apt-get install mariadb-server"
	}
	if _, _, ok := mariadbTools(); !ok {
		return "apt-get installed mariadb-server but mariadbd / mariadb-install-db are still missing"
	}
	return ""
}

// aptInstall installs Debian packages, running apt-get update once when
// the first attempt fails (a fresh machine has no package lists).
func aptInstall(ctx context.Context, pkgs ...string) error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("not root, cannot apt-get install %v", pkgs)
	}
	apt, err := exec.LookPath("apt-get")
	if err != nil {
		return fmt.Errorf("no apt-get on this machine")
	}
	install := func() ([]byte, error) {
		args := append([]string{"install", "-y", "--no-install-recommends"}, pkgs...)
		cmd := exec.CommandContext(ctx, apt, args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		return cmd.CombinedOutput()
	}
	if _, err := install(); err == nil {
		return nil
	}
	if out, err := exec.CommandContext(ctx, apt, "update").CombinedOutput(); err != nil {
		return fmt.Errorf("apt-get update: %v: %s", err, tail(out))
	}
	if out, err := install(); err != nil {
		return fmt.Errorf("apt-get install %v: %v: %s", pkgs, err, tail(out))
	}
	return nil
}

func tail(b []byte) []byte {
	if len(b) > 600 {
		return b[len(b)-600:]
	}
	return b
}

// StartMariaDB initialises a data directory under work and starts
// mariadbd on a free loopback port, without grant tables (root, no
// password). It waits until the server accepts connections.
func StartMariaDB(ctx context.Context, work string) (*MariaDB, error) {
	daemon, install, ok := mariadbTools()
	if !ok {
		return nil, fmt.Errorf("mariadbd / mariadb-install-db not installed")
	}
	m := &MariaDB{dir: work, log: &tailLog{}}
	datadir := filepath.Join(work, "data")
	args := []string{"--no-defaults", "--datadir=" + datadir, "--auth-root-authentication-method=normal", "--skip-test-db"}
	args = append(args, userArg()...)
	if out, err := exec.CommandContext(ctx, install, args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("mariadb-install-db: %v: %s", err, tail(out))
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	m.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	// MySQL 8's defaults where MariaDB's differ and the difference is not
	// what the harness compares: UTC, and the binary collation cohortdb
	// (GMS) uses, so that string order and equality agree.
	m.cmd = exec.Command(daemon, append([]string{"--no-defaults", "--datadir=" + datadir,
		"--socket=" + filepath.Join(work, "sock"), "--bind-address=127.0.0.1", "--port=" + strconv.Itoa(port),
		"--skip-grant-tables", "--local-infile=1", "--default-time-zone=+00:00",
		"--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin",
		"--innodb-buffer-pool-size=64M", "--skip-log-bin", "--pid-file=" + filepath.Join(work, "pid")},
		userArg()...)...)
	m.cmd.Stdout, m.cmd.Stderr = m.log, m.log
	if err := m.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start mariadbd: %w", err)
	}
	if err := m.waitReady(ctx); err != nil {
		m.Close()
		return nil, err
	}
	if err := m.loadZones(ctx); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

// corpusZones are the named time zones the corpus converts between
// (CONVERT_TZ): MariaDB knows a zone only once its tables hold it.
var corpusZones = []string{"Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata", "Australia/Lord_Howe"}

// loadZones fills MariaDB's time zone tables with corpusZones from the
// system's tz database, as mariadb-tzinfo-to-sql writes them.
func (m *MariaDB) loadZones(ctx context.Context) error {
	tool, err := exec.LookPath("mariadb-tzinfo-to-sql")
	if err != nil {
		return fmt.Errorf("mariadb-tzinfo-to-sql (package mariadb-server) not installed: %w", err)
	}
	db, err := sql.Open("mysql", "root@tcp("+m.Addr+")/mysql?multiStatements=true")
	if err != nil {
		return err
	}
	defer db.Close()
	for _, z := range corpusZones {
		out, err := exec.CommandContext(ctx, tool, filepath.Join(zoneinfoDir, z), z).Output()
		if err != nil {
			return fmt.Errorf("mariadb-tzinfo-to-sql %s: %w", z, err)
		}
		if _, err := db.ExecContext(ctx, string(out)); err != nil {
			return fmt.Errorf("load time zone %s into MariaDB: %w", z, err)
		}
	}
	return nil
}

// zoneinfoDir is Debian's tz database (package tzdata).
const zoneinfoDir = "/usr/share/zoneinfo"

// userArg lets mariadbd run as root, which it refuses without --user.
func userArg() []string {
	if os.Geteuid() == 0 {
		return []string{"--user=root"}
	}
	return nil
}

func (m *MariaDB) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(90 * time.Second)
	for {
		db, err := sql.Open("mysql", "root@tcp("+m.Addr+")/")
		if err == nil {
			err = db.PingContext(ctx)
			db.Close()
		}
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("mariadbd not ready: %v; its log:\n%s", err, m.log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Close stops mariadbd (SIGTERM, then SIGKILL after a minute).
func (m *MariaDB) Close() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	m.cmd.Process.Signal(syscall.SIGTERM) // mariadbd ignores SIGINT: Close waited its whole minute
	done := make(chan struct{})
	go func() { m.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		m.cmd.Process.Kill()
		<-done
	}
}

// Log is the tail of what mariadbd wrote.
func (m *MariaDB) Log() string { return m.log.String() }

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tailLog keeps the last 16 KiB written to it.
type tailLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (t *tailLog) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if t.buf.Len() > 32<<10 {
		keep := append([]byte(nil), t.buf.Bytes()[t.buf.Len()-16<<10:]...)
		t.buf.Reset()
		t.buf.Write(keep)
	}
	return len(p), nil
}

func (t *tailLog) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}
