package engine

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
	"github.com/cohortdb/cohortdb/storage"
)

// registerAnalytics adds the analytics modules' table functions,
// procedures and scalar functions to the engine.
func (e *Engine) registerAnalytics(mods []sqlfn.Module) error {
	p := e.provider
	for _, m := range mods {
		for _, tf := range m.TableFunctions {
			tf := tf
			name := strings.ToLower(tf.Name)
			if _, dup := p.tableFns[name]; dup {
				return fmt.Errorf("engine: table function %s registered twice", tf.Name)
			}
			f := &tableFunc{p: p, name: tf.Name, minArgs: tf.MinArgs, maxArgs: tf.MaxArgs, sch: tf.Schema,
				rows: func(ctx *sql.Context, _ *Provider, args []any) ([]sql.Row, error) {
					env, err := sqlfn.EnvOf(ctx)
					if err != nil {
						return nil, err
					}
					return tf.Rows(ctx, env, args)
				}}
			if tf.Iter != nil {
				f.iter = func(ctx *sql.Context, args []any) (sql.RowIter, error) {
					env, err := sqlfn.EnvOf(ctx)
					if err != nil {
						return nil, err
					}
					return tf.Iter(ctx, env, args)
				}
			}
			p.tableFns[name] = f
		}
		for _, proc := range m.Procedures {
			p.procs.Register(withDeniedUnwrapped(proc))
			e.routines.addProcedure(proc.Name)
		}
		if len(m.Variables) > 0 {
			sql.SystemVariables.AddSystemVariables(m.Variables)
		}
		p.views = append(p.views, m.Views...)
		if len(m.Scalars) > 0 {
			e.sql.Analyzer.Catalog.RegisterFunction(sql.NewEmptyContext(), m.Scalars...)
		}
		for _, fn := range m.Scalars {
			e.routines.Scalars = append(e.routines.Scalars, strings.ToLower(fn.FunctionName()))
		}
	}
	return nil
}

var _ sql.ExternalStoredProcedureProvider = (*Provider)(nil)

// ExternalStoredProcedure finds an analytics procedure (CALL name(...)):
// the overload taking numOfParams arguments, or any overload when
// numOfParams is negative (GRANT EXECUTE ON PROCEDURE asks so). GMS's
// registry would return the overload with the most parameters for a count
// that has none, or an empty one (whose call panics) for a procedure
// without parameters; MySQL answers 1318.
func (p *Provider) ExternalStoredProcedure(ctx *sql.Context, name string, numOfParams int) (*sql.ExternalStoredProcedureDetails, error) {
	all, err := p.procs.LookupByName(name)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	counts := make([]int, 0, len(all))
	for i := range all {
		ft := reflect.TypeOf(all[i].Function)
		n := ft.NumIn() - 1 // the first parameter is the *sql.Context
		if ft.IsVariadic() && numOfParams >= n-1 {
			return &all[i], nil // clv_fit checks its own count
		}
		if n == numOfParams || numOfParams < 0 {
			return &all[i], nil
		}
		counts = append(counts, n)
	}
	return nil, wrongArgCount(ctx, name, counts, numOfParams)
}

// ExternalStoredProcedures lists the overloads of an analytics procedure.
func (p *Provider) ExternalStoredProcedures(ctx *sql.Context, name string) ([]sql.ExternalStoredProcedureDetails, error) {
	return p.procs.LookupByName(name)
}

// AnalyticsEnv implements sqlfn.EnvSession.
func (s *Session) AnalyticsEnv(ctx *sql.Context) sqlfn.Env { return &env{ctx: ctx, s: s} }

// env is the Env of one statement.
type env struct {
	ctx *sql.Context
	s   *Session
	// reads, while a shared computation runs, records what it reads
	// (analytics_share.go).
	reads atomic.Pointer[readSet]
}

func (e *env) CurrentDatabase() string { return e.ctx.GetCurrentDatabase() }

// Variable implements sqlfn.Env.
func (e *env) Variable(name string) any {
	v, err := e.ctx.GetSessionVariable(e.ctx, name)
	if err != nil {
		return nil
	}
	return v
}

func (e *env) Meta() sqlfn.Meta {
	e.noteUntracked()
	return e.s.store
}

// Snapshot is StoredSnapshot seen through the analytics modules' views
// (sqlfn.View: unified customer ids).
func (e *env) Snapshot(db, table string) (read.Table, error) {
	if db == "" {
		db = e.CurrentDatabase()
	}
	sn, err := e.StoredSnapshot(db, table)
	if err != nil || e.s.eng == nil {
		return sn, err
	}
	for _, v := range e.s.eng.provider.views {
		if sn, err = v(e, db, table, sn); err != nil {
			return nil, err
		}
	}
	return sn, nil
}

// StoredSnapshot reads through the session's transaction when one is open, so
// analytics see the statement's own uncommitted writes. A table the
// session has shadowed with a temporary table of its name is refused
// (errShadowedByTemporary). It is the door
// every analytics read goes through, so it checks the caller's SELECT
// privilege on the table: 1142 naming the table (as MySQL answers a
// SELECT of it), before looking the table up when the caller has nothing
// in db (the lookup would tell whether it exists), else once the table
// is found not readable by the caller.
func (e *env) StoredSnapshot(db, table string) (read.Table, error) {
	if db == "" {
		db = e.CurrentDatabase()
	}
	if e.privileges().database(e.ctx, db) != nil {
		return nil, e.privileges().table(e.ctx, db, table, sql.PrivilegeType_Select)
	}
	if tempTable(e.ctx, db, table) != nil {
		return nil, errShadowedByTemporary(db, table)
	}
	t, err := e.s.store.Table(db, table)
	e.noteRead(db, table, t) // before its snapshot: a change between the two is seen as one
	if errors.Is(err, storage.ErrTableNotFound) || errors.Is(err, storage.ErrDatabaseNotFound) {
		return nil, sql.ErrTableNotFound.New(db + "." + table)
	}
	if err != nil {
		return nil, err
	}
	if err := e.privileges().table(e.ctx, db, table, sql.PrivilegeType_Select); err != nil {
		return nil, err
	}
	if e.s.txn != nil && !e.s.txn.done {
		return newReadTable(e.stmtContext(), e.s.txn.tx.Snapshot(t)), nil
	}
	return newReadTable(e.stmtContext(), t.Snapshot()), nil
}

// stmtContext is the statement's context for its reads (nil: none).
func (e *env) stmtContext() context.Context {
	if e.ctx == nil {
		return nil
	}
	return e.ctx
}

// HasTable reports whether db.table exists, whatever the caller may read.
func (e *env) HasTable(db, table string) bool {
	if db == "" {
		db = e.CurrentDatabase()
	}
	t, err := e.s.store.Table(db, table)
	e.noteRead(db, table, t)
	return err == nil
}

// Check returns nil when the caller holds privs on db.table, else MySQL's
// 1142 error.
func (e *env) Check(db, table string, privs ...sql.PrivilegeType) error {
	if db == "" {
		db = e.CurrentDatabase()
	}
	return e.privileges().table(e.ctx, db, table, privs...)
}

// CheckDatabase returns MySQL's 1044 when the caller holds nothing in db.
func (e *env) CheckDatabase(db string) error {
	return e.privileges().database(e.ctx, db)
}

func (e *env) privileges() privileges {
	if e.s.eng == nil {
		return privileges{} // a session without an engine has no users
	}
	return e.s.eng.provider.privileges()
}

// Exec runs a query in a session of its own (the caller's user and
// current database, autocommit): GMS ends a query by cancelling its
// session's running query, so a nested query on the caller's session would
// cancel the caller. The statement therefore commits on its own and does
// not see the caller's uncommitted writes; it is checked against the
// caller's privileges.
func (e *env) Exec(query string) (sql.Schema, []sql.Row, error) {
	return e.ExecIn(e.ctx.GetCurrentDatabase(), query)
}

// ExecIn is Exec with another current database.
func (e *env) ExecIn(db, query string) (sql.Schema, []sql.Row, error) {
	if e.s.eng == nil {
		return nil, nil, fmt.Errorf("cohortdb: this session cannot run SQL")
	}
	e.noteUntracked()
	base := sql.NewBaseSessionWithClientServer("", e.ctx.Session.Client(), 0)
	sess := NewSession(base, e.s.store)
	sess.eng = e.s.eng
	ictx := sql.NewContext(e.ctx, sql.WithSession(sess))
	ictx.SetCurrentDatabase(db)
	sch, iter, _, err := e.s.eng.sql.Query(ictx, query)
	if err != nil {
		return nil, nil, deniedAsSQLError(err)
	}
	rows, err := sql.RowIterToRows(ictx, iter)
	return sch, rows, deniedAsSQLError(err)
}

// errShadowedByTemporary refuses an analytics read of db.table while the
// session has a temporary table of that name. In MySQL a stored routine
// resolves a table name as any statement of the session does, so it
// would read the temporary table; the analytics read stored tables only
// (column snapshots: a temporary table is rows in the session's memory),
// and answering from the stored table while every SELECT of the session
// reads the temporary one would give two answers to one question.
// ER_NOT_SUPPORTED_YET (1235), saying what to do.
func errShadowedByTemporary(db, table string) error {
	return mysql.NewSQLError(mysql.ERNotSupportedYet, "42000",
		"cohortdb's analytics read stored tables only, and this session's temporary table %s.%s shadows the stored one: DROP TEMPORARY TABLE %s, or call the function from another connection (docs/analytics.md#temporary-tables)",
		db, table, table)
}
