package server

import (
	"context"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"

	sqle "github.com/dolthub/go-mysql-server"
	gms "github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/server/web"
)

// webBackend is the insight pages' way into the server (web.Backend):
// logins go through the same account store and loginGuard as MySQL
// logins; statements run in a session of the logged-in account through
// the same engine, so GMS and cohortdb check privileges as for a client
// of the MySQL port.
type webBackend struct {
	sql        *sqle.Engine
	newSession gms.SessionBuilder
	db         *mysql_db.MySQLDb
	guard      *loginGuard
	addr       string          // the server address sessions report
	database   string          // the session's current database
	pool       *membudget.Pool // the server's memory budget; nil: none
	// dataVersion is the store's DataVersion; nil: results are not
	// cached (a backend without one cannot tell when they go stale).
	dataVersion func() uint64
	ids         atomic.Uint32
	pids        atomic.Uint64
}

var _ web.Backend = (*webBackend)(nil)

// webConnIDBase keeps the ids of web sessions apart from the wire
// server's connection ids (which count up from 1) in the process list.
const webConnIDBase = 1 << 31

// webPidBase does the same for query ids (the session manager's count up
// from 1).
const webPidBase = 1 << 62

// maxWebRows bounds one result held in memory for a page.
const maxWebRows = 200000

// Login implements web.Backend.
func (b *webBackend) Login(_ context.Context, user, password string, from net.Addr, secure bool) (web.Account, error) {
	if sysvarOn("require_secure_transport") && !secure {
		return web.Account{}, mysql.NewSQLError(erSecureTransportRequired, "HY000",
			"Connections using insecure transport are prohibited while --require_secure_transport=ON.")
	}
	host := hostOf(from)
	if err := b.guard.wait(host); err != nil {
		return web.Account{}, err
	}
	acct := lookupAccount(b.db, user, from)
	if acct != nil && acct.Locked {
		return web.Account{}, mysql.NewSQLError(erAccountLocked, "HY000",
			"Access denied for user '%s'@'%s'. Account is locked.", user, host)
	}
	pol := policyOf(acct)
	if err := b.guard.checkLocked(acct, pol, host); err != nil {
		return web.Account{}, err
	}
	if acct == nil || !passwordMatches(acct, password) {
		return web.Account{}, b.guard.failed(host, acct, pol, accessDenied(user))
	}
	b.guard.succeeded(host, acct)
	return web.Account{User: acct.User, Host: acct.Host}, nil
}

// passwordMatches checks password against the account's stored
// authentication string, for either plugin cohortdb accounts use.
func passwordMatches(u *mysql_db.User, password string) bool {
	switch {
	case u.AuthString == "":
		return password == ""
	case u.Plugin == string(mysql.CachingSha2Password):
		return checkSHA2Password(u.AuthString, password)
	default: // mysql_native_password: '*' + HEX(SHA1(SHA1(password)))
		h1 := sha1.Sum([]byte(password))
		h2 := sha1.Sum(h1[:])
		want := "*" + strings.ToUpper(hex.EncodeToString(h2[:]))
		return subtle.ConstantTimeCompare([]byte(strings.ToUpper(u.AuthString)), []byte(want)) == 1
	}
}

// Query implements web.Backend: one statement in a fresh session of
// acct, as the wire server would run it for a new connection of acct
// with shop as its database.
func (b *webBackend) Query(ctx context.Context, acct web.Account, query string) (*web.Result, error) {
	if b.pool != nil { // the statement draws on the server's budget, as a wire command does
		limit, _ := globalInt(membudget.QueryLimitVariable)
		a := b.pool.NewAccount(limit)
		defer a.Close()
		ctx = membudget.NewContext(ctx, a)
	}
	id := webConnIDBase + b.ids.Add(1)%webConnIDBase
	b.sql.ProcessList.AddConnection(id, b.addr)
	defer b.sql.ProcessList.RemoveConnection(id)
	conn := &mysql.Conn{ConnectionID: id, UserData: sql.MysqlConnectionUser{User: acct.User, Host: acct.Host}}
	sess, err := b.newSession(ctx, conn, b.addr)
	if err != nil {
		return nil, fmt.Errorf("web session: %w", err)
	}
	sess.SetCurrentDatabase(b.database)
	// Registered in the process list as the wire server registers a
	// statement: SHOW PROCESSLIST lists it, KILL stops it.
	pl := b.sql.ProcessList
	sctx := membudget.NewSQLContext(ctx, sql.WithSession(sess), sql.WithProcessList(pl),
		sql.WithPid(webPidBase+b.pids.Add(1)), sql.WithQuery(query))
	if sctx, err = pl.BeginQuery(sctx, query); err != nil {
		return nil, fmt.Errorf("web query: %w", err)
	}
	defer pl.EndQuery(sctx)
	schema, iter, _, err := b.sql.Query(sctx, query)
	if err != nil {
		return nil, b.refusal(sctx, query, err)
	}
	res, err := collect(sctx, schema, iter)
	if cerr := iter.Close(sctx); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, b.refusal(sctx, query, err)
	}
	return res, nil
}

// refusal is webErr, a privilege refusal answered as the wire server
// answers it (denial.go: 1142 naming the table, 1370 for a CALL without
// EXECUTE).
func (b *webBackend) refusal(ctx *sql.Context, query string, err error) error {
	return denial(ctx, b.db, func() *sql.Context { return ctx }, query, webErr(err))
}

// collect reads iter into wire text, as the MySQL text protocol sends it.
func collect(ctx *sql.Context, schema sql.Schema, iter sql.RowIter) (*web.Result, error) {
	res := &web.Result{Columns: make([]web.Column, len(schema))}
	for i, c := range schema {
		res.Columns[i] = web.Column{Name: c.Name, Type: c.Type.String(), Numeric: types.IsNumber(c.Type)}
	}
	for {
		row, err := iter.Next(ctx)
		if errors.Is(err, io.EOF) {
			return res, nil
		}
		if err != nil {
			return nil, err
		}
		if len(res.Rows) >= maxWebRows {
			return nil, mysql.NewSQLError(1105, "HY000", "result has more than %d rows; narrow the page's parameters", maxWebRows)
		}
		out := make([]*string, len(schema))
		for i, c := range schema {
			if i >= len(row) || row[i] == nil {
				continue
			}
			v, err := mysqlFloatText(c.Type.SQL(ctx, nil, row[i]))
			if err != nil {
				return nil, err
			}
			if v.IsNull() {
				continue
			}
			s := v.ToString()
			out[i] = &s
		}
		res.Rows = append(res.Rows, out)
	}
}

// webErr gives err the MySQL code a client of the wire server would see.
func webErr(err error) error {
	err = mapErr(err)
	var se *mysql.SQLError
	if errors.As(err, &se) {
		return se
	}
	return sql.CastSQLError(err)
}

// setupWeb binds the insight pages when Config.HTTP asks for them; a
// non-loopback address is served over HTTPS with the wire server's
// certificate.
func (s *Server) setupWeb(be backend, tlsc *tlsSetup) error {
	if s.cfg.HTTP == "" {
		return nil
	}
	host, _, _ := net.SplitHostPort(s.cfg.HTTP)
	wc := web.Config{Listen: s.cfg.HTTP, Logger: s.log}
	if !isLoopbackHost(host) {
		wc.TLS = tlsc.config
	}
	wb := &webBackend{sql: be.sql, newSession: be.newSession, db: be.sql.Analyzer.Catalog.MySQLDb,
		guard: s.guard, addr: s.Addr().String(), database: "shop", pool: s.drainer.pool,
		dataVersion: be.dataVersion}
	w, err := web.New(wc, wb)
	if err != nil {
		return err
	}
	s.web = w
	return nil
}

// HTTPAddr is the insight pages' address, nil when they are off.
func (s *Server) HTTPAddr() net.Addr {
	if s.web == nil {
		return nil
	}
	return s.web.Addr()
}

func (s *Server) serveWeb() {
	if s.web == nil {
		return
	}
	go func() {
		if err := s.web.Serve(); err != nil {
			s.log.Error("insight pages stopped", "err", err)
		}
	}()
}

func (s *Server) shutdownWeb(ctx context.Context) {
	if s.web == nil {
		return
	}
	if err := s.web.Shutdown(ctx); err != nil {
		s.log.Warn("insight pages: shutdown", "err", err)
	}
}
