package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	sqle "github.com/dolthub/go-mysql-server"
	"github.com/dolthub/go-mysql-server/memory"
	gmssql "github.com/dolthub/go-mysql-server/sql"
	"github.com/go-sql-driver/mysql"
)

// The tests in this package run the wire server over GMS memory tables and
// an in-memory metadata map, so they check users, auth and shutdown without
// storage or engine. End-to-end tests over the real binary live in
// cmd/cohortdb.

// usersMetaKey is where memMeta keeps the users blob (the engine's name).
const usersMetaKey = "mysql_db"

// memMeta is an in-memory userStore; it survives server restarts the way
// the engine's store does.
type memMeta struct {
	mu   sync.Mutex
	vals map[string][]byte
	puts int
}

func newMemMeta() *memMeta { return &memMeta{vals: map[string][]byte{}} }

func (m *memMeta) LoadUsers() ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.vals[usersMetaKey], nil
}

func (m *memMeta) PersistUsers(val []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.vals[usersMetaKey] = append([]byte(nil), val...)
	m.puts++
	return nil
}

// closeSQL closes a GMS engine. Its Close reports the cancellation it
// uses to stop background threads as an error; that is not a failure.
func closeSQL(e *sqle.Engine) error {
	if err := e.Close(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("close SQL engine: %w", err)
	}
	return nil
}

// memServer is a Server over memory tables with database "mydb" holding
// table t (one int column, one row).
type memServer struct {
	*Server
	closed chan struct{} // closed when the backend is closed
}

func startMemServer(t *testing.T, meta *memMeta, password string) *memServer {
	t.Helper()
	return startMemServerWith(t, meta, password)
}

// startMemServerWith is startMemServer with table functions added.
func startMemServerWith(t *testing.T, meta *memMeta, password string, fns ...gmssql.TableFunction) *memServer {
	t.Helper()
	db := memory.NewDatabase("mydb")
	pro := memory.NewDBProvider(db)
	if len(fns) > 0 {
		withFns, err := pro.WithTableFunctions(fns...)
		if err != nil {
			t.Fatal(err)
		}
		pro = withFns.(*memory.DbProvider)
	}
	eng := sqle.NewDefault(pro)
	closed := make(chan struct{})
	be := backend{
		sql:        eng,
		newSession: memory.NewSessionBuilder(pro),
		users:      meta,
		close: func() error {
			close(closed)
			return closeSQL(eng)
		},
	}
	cfg := Config{DataDir: t.TempDir(), Listen: "127.0.0.1:0", RootPassword: password}.withDefaults()
	s, err := newServer(cfg, slog.New(slog.DiscardHandler), be)
	if err != nil {
		t.Fatalf("newServer: %v", err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	ms := &memServer{Server: s, closed: closed}
	root := ms.open(t, "root", password, "")
	defer root.Close()
	mustExec(t, root, "CREATE TABLE IF NOT EXISTS mydb.t (x INT PRIMARY KEY)")
	mustExec(t, root, "INSERT IGNORE INTO mydb.t VALUES (1)")
	return ms
}

func (s *memServer) dsn(user, pass, db string) string {
	c := mysql.NewConfig()
	c.User, c.Passwd, c.Net, c.Addr, c.DBName = user, pass, "tcp", s.Addr().String(), db
	return c.FormatDSN()
}

// open connects and pings; it fails the test on error.
func (s *memServer) open(t *testing.T, user, pass, db string) *sql.DB {
	t.Helper()
	conn, err := s.connect(user, pass, db)
	if err != nil {
		t.Fatalf("connect as %s: %v", user, err)
	}
	return conn
}

func (s *memServer) connect(user, pass, db string) (*sql.DB, error) {
	conn, err := sql.Open("mysql", s.dsn(user, pass, db))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := conn.PingContext(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// mysqlErrNum returns the MySQL error number of err, or 0.
func mysqlErrNum(err error) uint16 {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

func wantErrNum(t *testing.T, err error, num uint16, what string) {
	t.Helper()
	if got := mysqlErrNum(err); got != num {
		t.Fatalf("%s: want MySQL error %d, got %v", what, num, fmt.Sprint(err))
	}
}
