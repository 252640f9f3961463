package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	sqle "github.com/dolthub/go-mysql-server"
	gms "github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/sirupsen/logrus"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/server/web"
)

// forceCloseWait bounds how long Shutdown waits for connection goroutines
// after it force-closed them (grace period over), before closing the store.
const forceCloseWait = 5 * time.Second

// backend is what the wire server serves: a GMS engine, its session
// builder, where users persist, and how to close them. New builds it over
// the engine; tests may build it over GMS memory tables.
type backend struct {
	sql        *sqle.Engine
	newSession gms.SessionBuilder
	users      userStore
	optimize   maintainFunc // nil: OPTIMIZE TABLE is not supported
	analyze    maintainFunc // nil: ANALYZE TABLE is go-mysql-server's
	// optimizeAccess checks OPTIMIZE and ANALYZE TABLE's privileges on
	// each table before any is worked on; nil: optimize and analyze
	// check each themselves.
	optimizeAccess optimizeAccessFunc
	// check and repair answer CHECK TABLE and REPAIR TABLE, checkAccess
	// checks CHECK TABLE's privileges (REPAIR's are optimizeAccess's);
	// nil: the statements are refused as GMS refuses them.
	check, repair maintainFunc
	checkAccess   optimizeAccessFunc
	close         func() error
	// dataVersion moves with every change a read can see (the store's
	// DataVersion); nil: unknown, and nothing is cached by it.
	dataVersion func() uint64
	// recoverable reports that writes are refused after a commit failed
	// in the store and that reopening it would end that (Run restarts);
	// nil: never.
	recoverable func() bool
	// dropCaches empties the caches kept for reuse (the decoded-chunk
	// cache, the executor's kept arrays) and returns the bytes freed;
	// nil: none (idlemem.go).
	dropCaches func() int64
}

// Server is a running cohortdb wire server. Create it with New, run
// Serve, stop it with Shutdown. Safe for concurrent use.
type Server struct {
	cfg     Config
	log     *slog.Logger
	be      backend
	ln      net.Listener
	gms     *gms.Server
	drainer *handler
	guard   *loginGuard
	web     *web.Server // nil unless Config.HTTP is set

	shutdownOnce sync.Once
	shutdownErr  error
}

// New validates cfg, opens the data directory, builds the engine, loads
// users and binds the listen address. Errors caused by cfg wrap ErrConfig.
// On error nothing is left open.
func New(cfg Config, logger *slog.Logger) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	eng, err := engine.Open(cfg.DataDir, engine.Options{Logger: logger, DiskReserve: cfg.DiskReserve, FS: cfg.storeFS,
		SegmentRows: cfg.storeSegmentRows, CompactHook: cfg.compactHook,
		PebbleCache: membudget.PebbleCache(cfg.MemoryLimit)})
	if err != nil {
		return nil, err
	}
	eng.SetFileAccess(cfg.Files)
	if err := eng.SetDropDirs(cfg.Dirs); err != nil {
		return nil, errors.Join(fmt.Errorf("%w: %v", ErrConfig, err), eng.Close())
	}
	stopCompactor := func() {}
	if cfg.CompactEvery > 0 {
		stopCompactor = eng.StartCompactor(engine.CompactorConfig{Interval: cfg.CompactEvery})
	}
	be := backend{
		sql:            eng.SQL(),
		newSession:     eng.NewSession,
		users:          eng,
		optimize:       eng.OptimizeTable,
		analyze:        eng.AnalyzeTable,
		optimizeAccess: eng.OptimizeAccess,
		check:          eng.CheckTable,
		repair:         eng.RepairTable,
		checkAccess:    eng.CheckAccess,
		dataVersion:    eng.Store().DataVersion,
		recoverable:    eng.Store().Recoverable,
		dropCaches:     eng.DropCaches,
		close: func() error {
			stopCompactor()
			return eng.Close()
		},
	}
	s, err := newServer(cfg, logger, be)
	if err != nil {
		return nil, err
	}
	// Background compaction draws on the statements' budget too.
	eng.SetMemoryPool(s.drainer.pool)
	// After newServer: the scheduler adds its account to the loaded users.
	if err := eng.StartEvents(cfg.EventScheduler); err != nil {
		return nil, errors.Join(err, s.closeUnserved())
	}
	return s, nil
}

// stopIdle stops returning idle memory (idlemem.go).
func (s *Server) stopIdle() {
	if s.drainer != nil {
		s.drainer.idle.close()
		s.drainer.budget.close()
	}
}

// closeUnserved closes a server New built but never served.
func (s *Server) closeUnserved() error {
	s.shutdownWeb(context.Background())
	s.stopIdle()
	return errors.Join(s.gms.Close(), s.be.close())
}

// newServer sets up users and the listener over be. It owns be from the
// call on: on error be is closed.
func newServer(cfg Config, logger *slog.Logger, be backend) (s *Server, err error) {
	defer func() {
		if err != nil {
			err = errors.Join(err, be.close())
		}
	}()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	quietGMSLogs(logger)
	if err := setSystemVariables(cfg); err != nil {
		return nil, err
	}
	tlsc, err := loadTLS(cfg)
	if err != nil {
		return nil, err
	}
	logTLS(logger, tlsc)
	mdb := be.sql.Analyzer.Catalog.MySQLDb
	ctx := sql.NewContext(context.Background())
	if err := setupUsers(ctx, mdb, be.users, cfg.RootPassword); err != nil {
		return nil, err
	}
	tcp, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	ln := &connLimiter{Listener: tcp}
	s = &Server{cfg: cfg, log: logger, be: be, ln: ln, guard: newLoginGuard(mdb)}
	sha2 := newSHA2Method(mdb, cfg.DataDir)
	gcfg := gms.Config{
		Protocol:  "tcp",
		Address:   ln.Addr().String(),
		Listener:  ln,
		Version:   ServerVersion(),
		TLSConfig: tlsc.config,
		ProtocolListenerFactory: func(c gms.Config, lc mysql.ListenerConfig, sel gms.ServerEventListener) (gms.ProtocolListener, error) {
			lc.AuthServer = newAuthServer(lc.AuthServer, sha2, s.guard)
			return gms.MySQLProtocolListenerFactory(c, lc, sel)
		},
	}
	wrap := func(h mysql.Handler) (mysql.Handler, error) {
		s.drainer = newHandler(h, logger)
		s.drainer.pool = membudget.NewPool(0)
		s.drainer.budget = newBudget(s.drainer.pool, membudget.PebbleCache(cfg.MemoryLimit), cfg.ownsRuntime) // budget.go
		s.drainer.budget.apply(cfg.MemoryLimit)
		s.drainer.idle = newIdleMemory(logger, be.dropCaches) // idlemem.go
		s.drainer.accounts = &accountStmts{db: mdb, guard: s.guard}
		return s.drainer, nil
	}
	sess := &sessions{}
	wrapped := wrap
	wrap = func(h mysql.Handler) (mysql.Handler, error) {
		hh, err := wrapped(h)
		s.drainer.sessions = sess
		return hh, err
	}
	if _, ok := be.sql.Analyzer.ExecBuilder.(flushBuilder); !ok {
		be.sql.Analyzer.ExecBuilder = flushBuilder{be.sql.Analyzer.ExecBuilder} // rowflush.go
	}
	s.gms, err = gms.NewServerWithHandler(gcfg, be.sql, membudget.NewSQLContext, sess.builder(be.newSession), nil, wrap)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("start wire server: %w", err)
	}
	s.drainer.results.Store(&resultPath{e: be.sql, sm: s.gms.SessionManager()})
	s.drainer.accounts.sm = s.gms.SessionManager()
	if be.optimize != nil {
		s.drainer.optimize.Store(&optimizePath{sm: s.gms.SessionManager(), optimize: be.optimize, analyze: be.analyze, access: be.optimizeAccess,
			check: be.check, repair: be.repair, checkAccess: be.checkAccess})
	}
	if err := s.setupWeb(be, tlsc); err != nil {
		s.gms.Close()
		return nil, err
	}
	return s, nil
}

// quietGMSLogs keeps go-mysql-server's logrus output to errors unless
// logger wants debug output: at info and warning levels GMS logs a line per
// connection and per failed login, and a warning about secure_file_priv at
// every start (see the README's caveats).
func quietGMSLogs(logger *slog.Logger) {
	if logger.Enabled(context.Background(), slog.LevelDebug) {
		logrus.SetLevel(logrus.DebugLevel)
	} else {
		logrus.SetLevel(logrus.ErrorLevel)
	}
}

// Addr returns the address the server listens on (with the real port when
// Config.Listen asked for port 0).
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve accepts connections until Shutdown is called. It returns nil after
// a Shutdown.
func (s *Server) Serve() error {
	s.serveWeb()
	return s.gms.Start()
}

// Shutdown stops accepting connections, waits for running statements to
// finish and their connections to close, then closes the engine and the
// store. When ctx ends first, remaining connections are closed forcibly and
// their statements killed. Safe to call more than once; later calls return
// the first call's result.
func (s *Server) Shutdown(ctx context.Context) error {
	s.shutdownOnce.Do(func() { s.shutdownErr = s.shutdown(ctx) })
	return s.shutdownErr
}

func (s *Server) shutdown(ctx context.Context) error {
	s.log.Info("shutting down: no new connections; waiting for running statements",
		"open_connections", s.drainer.open())
	s.shutdownWeb(ctx)
	if err := s.gms.Close(); err != nil {
		s.log.Warn("close listener", "err", err)
	}
	empty := s.drainer.drain()
	select {
	case <-empty:
	case <-ctx.Done():
		n := s.drainer.forceClose()
		for _, p := range s.be.sql.ProcessList.Processes() {
			s.be.sql.ProcessList.Kill(p.Connection)
		}
		s.log.Warn("grace period over: closed connections with statements still running", "connections", n)
		select {
		case <-empty:
		case <-time.After(forceCloseWait):
			s.log.Error("connections still open after force close; closing the store anyway")
		}
	}
	s.stopIdle()
	if err := s.be.close(); err != nil {
		return fmt.Errorf("close engine and store: %w", err)
	}
	s.log.Info("shutdown complete")
	return nil
}

// Run starts a server with cfg, logs a one-line banner saying how to
// connect, serves until ctx is cancelled, then shuts down gracefully within
// cfg.ShutdownGrace. Errors caused by cfg wrap ErrConfig.
func Run(ctx context.Context, cfg Config, logger *slog.Logger) error {
	cfg = cfg.withDefaults()
	cfg.ownsRuntime = true // the server sets the Go runtime's soft memory limit (budget.go)
	logBudget(logger, cfg.MemoryLimit)
	for {
		s, err := New(cfg, logger)
		if err != nil {
			return err
		}
		restart, err := s.run(ctx)
		if !restart {
			return err
		}
		if err != nil {
			s.log.Warn("storage restart: closing the failed store", "err", err)
		}
		cfg.Listen = s.Addr().String() // the same port, also one picked at start
	}
}

// run serves until ctx ends or the wire server stops, then shuts s down.
// It also ends, with restart set, when a commit failed in the store (the
// disk filled faster than the reserve kept space free) and the disk has
// room again: the store refuses every write until it is reopened, so
// Run opens everything anew — connections are closed, clients reconnect,
// no acknowledged write is lost (the store replays its log).
func (s *Server) run(ctx context.Context) (restart bool, err error) {
	serveErr := make(chan error, 1)
	go func() { serveErr <- s.Serve() }()
	s.logBanner()
	stopWatch := make(chan struct{})
	defer close(stopWatch)

	var runErr error
	select {
	case <-ctx.Done():
		s.log.Info("stopping", "cause", context.Cause(ctx))
	case err := <-serveErr:
		runErr = fmt.Errorf("wire server stopped: %w", err)
		if err == nil {
			runErr = errors.New("wire server stopped unexpectedly")
		}
	case <-s.storeRecovered(stopWatch):
		restart = true
		s.log.Warn("storage: the disk has room again after a failed commit; restarting to accept writes (connections are closed, clients reconnect)")
	}
	shCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	defer cancel()
	return restart, errors.Join(runErr, s.Shutdown(shCtx))
}

// recoveryPoll is how often a server whose store refuses writes after a
// failed commit looks whether reopening it would help.
const recoveryPoll = time.Second

// storeRecovered is closed once the backend says reopening the store
// would make it writable again (backend.recoverable); never before stop
// is closed.
func (s *Server) storeRecovered(stop <-chan struct{}) <-chan struct{} {
	ch := make(chan struct{})
	if s.be.recoverable == nil {
		return ch
	}
	go func() {
		t := time.NewTicker(recoveryPoll)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if s.be.recoverable() {
					close(ch)
					return
				}
			}
		}
	}()
	return ch
}

// logTLS logs where the server's certificate comes from and its SHA-256
// fingerprint, which clients of a self-signed certificate compare with
// what they are shown (or pin the certificate file itself).
func logTLS(logger *slog.Logger, t *tlsSetup) {
	msg := "TLS certificate"
	if t.generated {
		msg = "TLS: generated a self-signed certificate"
	}
	logger.Info(msg, "cert", t.certFile, "sha256_fingerprint", t.fingerprint)
}

// logBanner logs the startup line: address, data dir and the command to
// connect with the mysql client.
func (s *Server) logBanner() {
	host, port := connectHost(s.Addr())
	connect := fmt.Sprintf("mysql -h %s -P %s -u root", host, port)
	if s.cfg.RootPassword != "" {
		connect += " -p"
	}
	s.log.Info("cohortdb "+Version+" ready; connect with: "+connect,
		"addr", s.Addr().String(), "data_dir", s.cfg.DataDir)
	if s.web != nil {
		s.log.Info("insight pages: open " + s.web.URL() + " and log in with a MySQL user")
	}
}
