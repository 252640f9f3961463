package harness

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// MariaDB is a throwaway mariadbd (Debian package) on a free loopback
// port with a fresh data dir, started only when mariadbd is installed.
// It is optional: a machine without it skips it with a message.
type MariaDB struct {
	dir     string
	cmd     *exec.Cmd
	db      *sql.DB
	timeout time.Duration
	log     *tailBuffer
}

// StartMariaDB returns skip (a message, nil error) when mariadbd or
// mariadb-install-db is not installed.
func StartMariaDB(ctx context.Context, work string, timeout time.Duration) (m *MariaDB, skip string, err error) {
	daemon, err1 := exec.LookPath("mariadbd")
	install, err2 := exec.LookPath("mariadb-install-db")
	if err1 != nil || err2 != nil {
		return nil, "MariaDB: skipped (mariadbd / mariadb-install-db not installed; apt-get install mariadb-server to include it)", nil
	}
	m = &MariaDB{timeout: timeout, log: &tailBuffer{}}
	if m.dir, err = os.MkdirTemp(work, "mariadb-bench-"); err != nil {
		return nil, "", err
	}
	datadir := filepath.Join(m.dir, "data")
	initdb := exec.CommandContext(ctx, install, "--no-defaults", "--datadir="+datadir, "--auth-root-authentication-method=normal")
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(m.dir)
		return nil, "", fmt.Errorf("mariadb-install-db: %v: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	m.cmd = exec.Command(daemon, "--no-defaults", "--datadir="+datadir,
		"--socket="+filepath.Join(m.dir, "sock"), "--bind-address=127.0.0.1", "--port="+strconv.Itoa(port),
		"--skip-grant-tables", "--local-infile=1", "--innodb-buffer-pool-size=2G", "--max-heap-table-size=4G",
		"--tmp-table-size=4G")
	if os.Geteuid() == 0 {
		// mariadbd refuses to run as root unless told to (containers).
		m.cmd.Args = append(m.cmd.Args, "--user=root")
	}
	m.cmd.Stdout, m.cmd.Stderr = m.log, m.log
	if err := m.cmd.Start(); err != nil {
		os.RemoveAll(m.dir)
		return nil, "", fmt.Errorf("start mariadbd: %w", err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	deadline := time.Now().Add(time.Minute)
	for {
		if m.db, err = openWire("root", "", addr, ""); err == nil {
			break
		}
		if time.Now().After(deadline) {
			m.Close()
			return nil, "", fmt.Errorf("mariadbd not ready after 1m: %v: %s", err, m.log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := execAll(ctx, m.db, "CREATE DATABASE shop"); err != nil {
		m.Close()
		return nil, "", err
	}
	m.db.Close()
	if m.db, err = openWire("root", "", addr, "shop"); err != nil {
		m.Close()
		return nil, "", err
	}
	return m, "", nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (m *MariaDB) Name() string                                   { return "MariaDB" }
func (m *MariaDB) Dialect() Dialect                               { return MySQL }
func (m *MariaDB) DB() *sql.DB                                    { return m.db }
func (m *MariaDB) Timeout() time.Duration                         { return m.timeout }
func (m *MariaDB) Cancel(id int64)                                { wireCancel(m.db, id) }
func (m *MariaDB) ConnID(ctx context.Context, cn *sql.Conn) int64 { return wireConnID(ctx, cn) }

// Load creates orders (InnoDB, no secondary index: the same table the
// other systems get) and loads the CSV with LOAD DATA LOCAL INFILE.
func (m *MariaDB) Load(ctx context.Context, ordersCSV string) (LoadInfo, error) {
	if err := execAll(ctx, m.db, ordersDDL); err != nil {
		return LoadInfo{}, fmt.Errorf("mariadb: %w", err)
	}
	start := time.Now()
	res, err := m.db.ExecContext(ctx, loadDataLocal(ordersCSV))
	if err != nil {
		return LoadInfo{}, fmt.Errorf("mariadb: load: %w", err)
	}
	info := LoadInfo{Duration: time.Since(start)}
	info.Rows, _ = res.RowsAffected()
	return info, nil
}

// Version is the server's VERSION().
func (m *MariaDB) Version(ctx context.Context) string {
	var v string
	if err := m.db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&v); err != nil {
		return "unknown"
	}
	return "MariaDB " + v
}

// Close stops mariadbd and removes its data dir.
func (m *MariaDB) Close() error {
	if m.db != nil {
		m.db.Close()
	}
	if m.cmd != nil && m.cmd.Process != nil {
		m.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { m.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(time.Minute):
			m.cmd.Process.Kill()
			<-done
		}
	}
	return os.RemoveAll(m.dir)
}
