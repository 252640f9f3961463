package server

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"

	"github.com/cohortdb/cohortdb/engine"
)

// The command methods of handler: each marks the connection busy while the
// command runs (for graceful shutdown, drain.go) and gives errors the
// MySQL code GMS leaves out (errcodes.go). Methods not listed here go
// straight to the GMS handler.

// ComInitDB implements mysql.Handler.
func (d *handler) ComInitDB(c *mysql.Conn, schemaName string) error {
	defer d.begin(c)()
	return mapErr(d.Handler.ComInitDB(c, schemaName))
}

// ComQuery implements mysql.Handler: plain SELECTs take the batched
// result path (results.go).
func (d *handler) ComQuery(ctx context.Context, c *mysql.Conn, query string, cb mysql.ResultSpoolFn) (err error) {
	defer d.begin(c)()
	guard := &streamGuard{}
	cb = guard.wrap(cb)
	defer func() { err = guard.finish(c, err) }() // midstream.go
	defer func() { d.noteError(c, query, err) }()
	defer func(ctx context.Context) { err = d.tableDenial(ctx, c, query, err) }(ctx) // denial.go
	ctx, stop, err := d.limit(ctx, c, query)
	defer stop()
	if err != nil {
		return err
	}
	defer func() { err = limitErr(ctx, err) }()
	cb = padOKInfo(cb)
	refreshUptime(query)
	if handled, err := d.compat(ctx, c, query, cb); handled {
		return mapErr(err)
	}
	if handled, err := d.perfSchema(ctx, c, query, cb); handled {
		return mapErr(err)
	}
	if handled, err := d.rollup(ctx, c, query, cb); handled {
		return mapErr(err)
	}
	if handled, err := d.accounts.handle(ctx, c, query, d.runner(ctx, c), cb); handled {
		return mapErr(err)
	}
	if p := d.results.Load(); p != nil {
		if handled, err := p.query(ctx, c, query, cb, false); handled {
			return mapErr(err)
		}
	}
	after, err := d.beforeStatement(ctx, c, query, false) // implicit_commit.go
	if err != nil {
		return mapErr(err)
	}
	rctx, rowErrs := deferRowErrors(ctx) // rowflush.go
	err = rowErrs.result(d.Handler.ComQuery(rctx, c, query, d.fixText(cb)))
	if after != nil {
		after(err)
	}
	return mapErr(err)
}

// ComMultiQuery implements mysql.Handler.
func (d *handler) ComMultiQuery(ctx context.Context, c *mysql.Conn, query string, cb mysql.ResultSpoolFn) (rest string, err error) {
	defer d.begin(c)()
	guard := &streamGuard{}
	cb = guard.wrap(cb)
	defer func() {
		if err != nil {
			// The statements after a failed one do not run, as in
			// MySQL, also when the error was written mid-result.
			rest, err = "", guard.finish(c, err)
		}
	}()
	defer func() { d.noteError(c, query, err) }()
	defer func(ctx context.Context) { err = d.tableDenial(ctx, c, query, err) }(ctx) // denial.go
	ctx, stop, err := d.limit(ctx, c, query)
	defer stop()
	if err != nil {
		return "", err
	}
	defer func() { err = limitErr(ctx, err) }()
	cb = padOKInfo(cb)
	refreshUptime(query)
	if handled, err := d.compat(ctx, c, query, cb); handled {
		return "", mapErr(err)
	}
	if handled, err := d.perfSchema(ctx, c, query, cb); handled {
		return "", mapErr(err)
	}
	if handled, err := d.rollup(ctx, c, query, cb); handled {
		return "", mapErr(err)
	}
	if handled, err := d.accounts.handle(ctx, c, query, d.runner(ctx, c), cb); handled {
		return "", mapErr(err)
	}
	if p := d.results.Load(); p != nil {
		if handled, err := p.query(ctx, c, query, cb, true); handled {
			return "", mapErr(err)
		}
	}
	after, err := d.beforeStatement(ctx, c, query, true) // implicit_commit.go
	if err != nil {
		return "", mapErr(err)
	}
	rctx, rowErrs := deferRowErrors(ctx) // rowflush.go
	rest, err = d.Handler.ComMultiQuery(rctx, c, query, d.fixText(cb))
	err = rowErrs.result(err)
	if after != nil {
		after(err)
	}
	return rest, mapErr(err)
}

// runner runs statements on c through go-mysql-server's handler,
// discarding their results (for statements rewritten here).
func (d *handler) runner(ctx context.Context, c *mysql.Conn) runFn {
	return func(stmt string) error {
		return d.Handler.ComQuery(ctx, c, stmt, func(*sqltypes.Result, bool) error { return nil })
	}
}

// ComPrepare implements mysql.Handler.
func (d *handler) ComPrepare(ctx context.Context, c *mysql.Conn, query string, p *mysql.PrepareData) ([]*querypb.Field, error) {
	defer d.begin(c)()
	fields, err := d.Handler.ComPrepare(ctx, c, query, p)
	d.fixBoolFields(fields)
	fixStringFields(fields)
	return fields, d.tableDenial(ctx, c, query, mapErr(err)) // denial.go
}

// ComStmtExecute implements mysql.Handler.
// An error after the first rows ends the result with an ERR packet and
// keeps the connection, as for COM_QUERY (midstream.go).
func (d *handler) ComStmtExecute(ctx context.Context, c *mysql.Conn, p *mysql.PrepareData, cb func(*sqltypes.Result) error) (err error) {
	defer d.begin(c)()
	d.takeCursorErr(c) // a cursor closed before its last fetch left it
	guard := &streamGuard{binary: true, toFetch: func(err error) bool { return d.deferCursorErr(c, err) }}
	spool := guard.wrap(func(r *sqltypes.Result, _ bool) error { return cb(r) })
	defer func() { err = guard.finish(c, err) }() // midstream.go
	defer func() { d.noteError(c, p.PrepareStmt, err) }()
	// A table of a database the caller holds nothing in: 1142 (denial.go).
	defer func(ctx context.Context) { err = d.tableDenial(ctx, c, p.PrepareStmt, err) }(ctx)
	ctx, stop, err := d.limit(ctx, c, p.PrepareStmt)
	defer stop()
	if err != nil {
		return err
	}
	defer func() { err = limitErr(ctx, err) }()
	normalizeTemporalParams(p)
	p = inlineTemporalParams(p)
	fix := d.fixFields(spool)
	after, err := d.beforeStatement(ctx, c, p.PrepareStmt, false) // implicit_commit.go
	if err != nil {
		return mapErr(err)
	}
	rctx, rowErrs := deferRowErrors(ctx) // rowflush.go
	err = d.Handler.ComStmtExecute(rctx, c, p, func(r *sqltypes.Result) error { return fix(r, false) })
	err = rowErrs.result(err)
	if after != nil {
		after(err)
	}
	return mapErr(err)
}

// fixFields wraps a result callback of go-mysql-server's handler so that
// the result's fields say what MySQL's would (boolfields.go,
// stringfields.go).
func (d *handler) fixFields(cb mysql.ResultSpoolFn) mysql.ResultSpoolFn {
	return func(r *sqltypes.Result, more bool) error {
		if r != nil {
			d.fixBoolFields(r.Fields)
			fixStringFields(r.Fields)
		}
		return cb(r, more)
	}
}

// fixText is fixFields for results sent in the text protocol: DOUBLE and
// FLOAT values are also rewritten from go-mysql-server's %g into MySQL's
// notation (results_format.go).
func (d *handler) fixText(cb mysql.ResultSpoolFn) mysql.ResultSpoolFn {
	return d.fixFields(func(r *sqltypes.Result, more bool) error {
		if r != nil {
			rewriteFloatRows(r)
		}
		return cb(r, more)
	})
}

// readCtx is the context session variables and the catalog are read
// with on every statement: they need none of its own, and
// sql.NewEmptyContext builds a session of every system and status
// variable (~0.2 ms, hundreds of allocations): about a seventh of the
// server's CPU under point lookups, and much of their garbage. Nothing
// warns on it.
var readCtx = sql.NewEmptyContext()

func (d *handler) fixBoolFields(fields []*querypb.Field) {
	if p := d.results.Load(); p != nil && len(fields) > 0 {
		fixBoolFields(readCtx, p.e.Analyzer.Catalog.DbProvider, fields)
	}
}

// ComResetConnection implements mysql.Handler.
func (d *handler) ComResetConnection(c *mysql.Conn) error {
	defer d.begin(c)()
	d.setTableLocks(c, false) // GMS's reset releases them
	return mapErr(d.Handler.ComResetConnection(c))
}

// ConnectionAborted implements mysql.Handler: failed logins are logged as
// warnings (GMS's own log of them is silenced, see quietGMSLogs), other
// aborted handshakes (port probes, health checks) at debug level.
func (d *handler) ConnectionAborted(c *mysql.Conn, reason string) error {
	level, msg := slog.LevelDebug, "handshake aborted"
	if strings.Contains(reason, "authenticating") {
		level, msg = slog.LevelWarn, "login failed"
	}
	d.log.Log(context.Background(), level, msg, "remote", c.RemoteAddr().String(), "reason", reason)
	return d.Handler.ConnectionAborted(c, reason)
}

// diagnostics are the statements that show the last error and so keep
// it; a SELECT of @@error_count or @@warning_count alone is one too, as
// in MySQL.
var diagnostics = regexp.MustCompile(`(?i)^\s*(SHOW\s+(COUNT\(\*\)\s+)?(ERRORS|WARNINGS)\b|SELECT\s+@@(session\.)?(error|warning)_count\s*;?\s*$)`)

// noteError keeps the error of c's last statement for SHOW ERRORS.
func (d *handler) noteError(c *mysql.Conn, query string, err error) {
	if diagnostics.MatchString(query) {
		return
	}
	var se *mysql.SQLError
	if err != nil && !errors.As(err, &se) {
		se = sql.CastSQLError(err)
	}
	d.mu.Lock()
	st := d.conns[c]
	was := st != nil && st.lastErr != nil
	if st != nil {
		st.lastErr = se
	}
	d.mu.Unlock()
	if se != nil || was {
		d.setErrorCount(c, se != nil)
	}
}

// setErrorCount sets c's @@error_count (engine.Session.SetErrorCount): 1
// after a failed statement, 0 after the next.
func (d *handler) setErrorCount(c *mysql.Conn, failed bool) {
	p := d.results.Load()
	if p == nil {
		return
	}
	sqlCtx, err := p.sm.NewContextWithQuery(context.Background(), c, "")
	if err != nil {
		return
	}
	if s, ok := sqlCtx.Session.(*engine.Session); ok {
		n := 0
		if failed {
			n = 1
		}
		s.SetErrorCount(n)
	}
}

// lastError is the error of c's last statement, or nil.
func (d *handler) lastError(c *mysql.Conn) *mysql.SQLError {
	d.mu.Lock()
	defer d.mu.Unlock()
	if st := d.conns[c]; st != nil {
		return st.lastErr
	}
	return nil
}
