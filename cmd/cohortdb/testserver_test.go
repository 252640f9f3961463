package main

// End-to-end test harness: the tests of this package build the real
// binary once (TestMain) and drive it as a user would, through the MySQL
// wire protocol with github.com/go-sql-driver/mysql.
//
// Helpers for tests (add your e2e tests in this package and use them):
//
//	s := startServer(t, serverOptions{})   // `cohortdb serve` on a free 127.0.0.1 port,
//	                                       // fresh temp data dir, root password rootPassword
//	db := s.root(t, "")                    // *sql.DB as root (closed at test end)
//	db := s.open(t, "ana", "x", "mydb")     // as another user; s.connect returns the error instead
//	mustExec(t, db, "CREATE DATABASE d")   // Exec or fail
//	wantErrNum(t, err, 1142, "what")       // assert a MySQL error number
//	s.kill(t)                              // SIGKILL (a crash), waits for exit
//	s.stop(t)                              // SIGTERM, requires exit code 0
//	s.restart(t)                           // start again: same data dir, port, password
//	s.signal(t, syscall.SIGTERM); s.wait(t) // signal, then exit code
//	s.output()                             // everything the process wrote to stderr
//	runBinary(t, env, args...)             // run `cohortdb args...` to completion
//	requireBinary(t)                       // skip in -short mode (for tests using binPath directly)
//
// Every test starts with t.Parallel() (each has its own servers, data dirs
// and ports; go test runs GOMAXPROCS of them at once, so a test waiting on
// its server leaves the CPU to another) unless it must not: t.Chdir and
// t.Setenv refuse parallel tests (TestEveryTestRunsInParallel checks;
// serialTests lists the exceptions). Soaks too slow for make test call
// longOnly: make test-long runs them.
//
// In -short mode no binary is built and every test using these helpers is
// skipped. Every helper fails the test on error and guards waits with a deadline
// (a hang fails, it never passes); no test asserts on wall-clock time.
// When a test fails, the server's output is logged (so failure messages
// need not include it). Servers still running
// at the end of a test are killed.

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// rootPassword is the root password servers are started with unless
// serverOptions says otherwise.
const rootPassword = "e2e-root-pw"

// Deadlines guarding waits; generous because CI machines are slow.
const (
	startTimeout = 60 * time.Second
	exitTimeout  = 60 * time.Second
)

// binPath is the cohortdb binary built by TestMain.
var binPath string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		return m.Run() // end-to-end tests skip themselves (requireBinary)
	}
	dir, err := os.MkdirTemp("", "cohortdb-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: temp dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binPath = filepath.Join(dir, "cohortdb")
	build := exec.Command(goCommand(), "build", "-o", binPath, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building cohortdb:", err)
		return 1
	}
	code := m.Run()
	writeSkipLog()
	return code
}

// requireBinary skips the test in -short mode, where TestMain builds no
// binary. Every helper that runs the binary calls it.
func requireBinary(t *testing.T) {
	t.Helper()
	if binPath == "" {
		t.Skip("end-to-end test: skipped in -short mode")
	}
}

// longOnly skips t unless `make test-long` runs it (COHORTDB_TEST_LONG=1):
// a soak that would take too large a share of `make test`'s 8 minutes
// (issue 25). test-long runs every test that calls it.
func longOnly(t *testing.T) {
	t.Helper()
	requireBinary(t)
	if os.Getenv("COHORTDB_TEST_LONG") == "" {
		t.Skip("a soak: make test-long runs it (COHORTDB_TEST_LONG=1)")
	}
}

// goCommand returns the go tool. `go test` puts its own GOROOT/bin first
// on the PATH of the tests it runs, so this is the go that runs the test.
func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go"
}

// serverOptions configures startServer. The zero value is a fresh data
// dir, a free loopback port and root password rootPassword.
type serverOptions struct {
	DataDir      string   // "" means a new t.TempDir()
	RootPassword *string  // nil means rootPassword; point at "" for none
	Args         []string // extra `serve` flags
	Env          []string // extra environment (KEY=VALUE)
	TLSConfig    string   // go-sql-driver tls= value for every connection ("" is none)
}

// testServer is a running `cohortdb serve` process.
type testServer struct {
	DataDir      string
	Addr         string // host:port it listens on
	RootPassword string

	opts   serverOptions
	cmd    *exec.Cmd
	out    *syncBuffer
	exited chan struct{} // closed when the process has exited
	state  *os.ProcessState
}

// startServer starts `cohortdb serve` and waits until it accepts
// connections as root.
func startServer(t *testing.T, opts serverOptions) *testServer {
	t.Helper()
	requireBinary(t)
	s := &testServer{opts: opts, DataDir: opts.DataDir, RootPassword: rootPassword, Addr: "127.0.0.1:0", out: &syncBuffer{}}
	if s.DataDir == "" {
		s.DataDir = filepath.Join(t.TempDir(), "data")
	}
	if opts.RootPassword != nil {
		s.RootPassword = *opts.RootPassword
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("cohortdb serve output:\n%s", s.output())
		}
		s.killIfRunning()
	})
	s.start(t)
	return s
}

var readyAddr = regexp.MustCompile(`msg="cohortdb [^"]* ready;.*\baddr=(\S+)`)

func (s *testServer) start(t *testing.T) {
	t.Helper()
	args := append([]string{"serve", "--data-dir", s.DataDir, "--listen", s.Addr}, s.opts.Args...)
	cmd := exec.Command(binPath, args...)
	dieWithTest(cmd)
	cmd.Env = append(cleanEnv(), "COHORTDB_ROOT_PASSWORD="+s.RootPassword)
	cmd.Env = append(cmd.Env, s.opts.Env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = s.out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start cohortdb: %v", err)
	}
	s.cmd, s.exited, s.state = cmd, make(chan struct{}), nil
	s.out.WriteString(fmt.Sprintf("=== cohortdb %s\n", strings.Join(args, " ")))
	addrc := make(chan string, 1)
	copied := make(chan struct{})
	go func() { // copy stderr, spotting the ready line
		defer close(copied)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.out.WriteString(line + "\n")
			if m := readyAddr.FindStringSubmatch(line); m != nil {
				select {
				case addrc <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	exited := s.exited
	go func() {
		<-copied // Wait closes the pipe: read it all first
		cmd.Wait()
		s.state = cmd.ProcessState
		close(exited)
	}()

	select {
	case s.Addr = <-addrc:
	case <-s.exited:
		t.Fatalf("cohortdb serve exited before ready (%v)", s.state)
	case <-time.After(startTimeout):
		t.Fatalf("cohortdb serve not ready after %v", startTimeout)
	}
	s.waitAccepting(t)
}

// waitAccepting polls until root can connect and ping.
func (s *testServer) waitAccepting(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(startTimeout)
	for {
		db, err := s.connect("root", s.RootPassword, "")
		if err == nil {
			db.Close()
			return
		}
		select {
		case <-s.exited:
			t.Fatalf("cohortdb serve exited (%v)", s.state)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("cohortdb serve at %s does not accept connections: %v", s.Addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// cleanEnv is the test's environment without COHORTDB_* variables, so a
// developer's settings do not leak into the servers under test.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "COHORTDB_") {
			env = append(env, kv)
		}
	}
	return env
}

// dsn returns a go-sql-driver DSN for user on this server.
func (s *testServer) dsn(user, pass, db string) string {
	c := mysql.NewConfig()
	c.User, c.Passwd, c.Net, c.Addr, c.DBName = user, pass, "tcp", s.Addr, db
	c.AllowNativePasswords = true
	c.ParseTime = true
	c.AllowAllFiles = true // LOAD DATA LOCAL INFILE from tests
	c.Timeout = 10 * time.Second
	c.TLSConfig = s.opts.TLSConfig
	return c.FormatDSN()
}

// connect opens a pool for user and pings it; the caller closes it.
func (s *testServer) connect(user, pass, db string) (*sql.DB, error) {
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

// open connects as user or fails the test; the pool closes at test end.
func (s *testServer) open(t *testing.T, user, pass, db string) *sql.DB {
	t.Helper()
	conn, err := s.connect(user, pass, db)
	if err != nil {
		t.Fatalf("connect as %s to %s: %v", user, s.Addr, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// root connects as root with the server's root password.
func (s *testServer) root(t *testing.T, db string) *sql.DB {
	t.Helper()
	return s.open(t, "root", s.RootPassword, db)
}

// signal sends sig to the server process.
func (s *testServer) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

// wait waits for the process to exit and returns its exit code (-1 when
// killed by a signal).
func (s *testServer) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-s.exited:
		return s.state.ExitCode()
	case <-time.After(exitTimeout):
		t.Fatalf("cohortdb serve did not exit within %v", exitTimeout)
		return 0
	}
}

// kill SIGKILLs the server (a crash: no shutdown code runs) and waits.
func (s *testServer) kill(t *testing.T) {
	t.Helper()
	s.signal(t, syscall.SIGKILL)
	s.wait(t)
}

// stop SIGTERMs the server and requires a clean exit (code 0).
func (s *testServer) stop(t *testing.T) {
	t.Helper()
	s.signal(t, syscall.SIGTERM)
	if code := s.wait(t); code != 0 {
		t.Fatalf("cohortdb serve exited with %d after SIGTERM", code)
	}
}

// restart starts the server again on the same data dir, port and
// password; the process must have exited (kill or stop) before.
func (s *testServer) restart(t *testing.T) {
	t.Helper()
	select {
	case <-s.exited:
	default:
		t.Fatal("restart: server still running; kill or stop it first")
	}
	s.start(t)
}

func (s *testServer) killIfRunning() {
	if s.cmd == nil {
		return
	}
	select {
	case <-s.exited:
	default:
		s.cmd.Process.Kill()
		<-s.exited
	}
}

// output returns what the server wrote to stdout and stderr so far, over
// all its runs (each starts with a "=== cohortdb serve ..." line).
func (s *testServer) output() string { return s.out.String() }

// runBinary runs `cohortdb args...` with the given extra environment
// (on top of the environment without COHORTDB_* variables), and returns
// its exit code and combined output.
func runBinary(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	requireBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), exitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Env = append(cleanEnv(), env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("run cohortdb %v: %v", args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("cohortdb %v did not finish within %v; output:\n%s", args, exitTimeout, out)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// mustExec runs q or fails the test.
func mustExec(t *testing.T, db *sql.DB, q string, args ...any) sql.Result {
	t.Helper()
	res, err := db.Exec(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

// mysqlErrNum returns the MySQL error number in err, or 0.
func mysqlErrNum(err error) uint16 {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

// wantErrNum fails the test unless err carries MySQL error number num.
func wantErrNum(t *testing.T, err error, num uint16, what string) {
	t.Helper()
	if got := mysqlErrNum(err); got != num {
		t.Fatalf("%s: want MySQL error %d, got %v", what, num, err)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(s)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
