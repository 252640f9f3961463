package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"

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
			p.procs.Register(proc)
		}
		if len(m.Scalars) > 0 {
			e.sql.Analyzer.Catalog.RegisterFunction(sql.NewEmptyContext(), m.Scalars...)
		}
	}
	return nil
}

var _ sql.ExternalStoredProcedureProvider = (*Provider)(nil)

// ExternalStoredProcedure finds an analytics procedure (CALL name(...)).
func (p *Provider) ExternalStoredProcedure(ctx *sql.Context, name string, numOfParams int) (*sql.ExternalStoredProcedureDetails, error) {
	return p.procs.LookupByNameAndParamCount(name, numOfParams)
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
}

func (e *env) CurrentDatabase() string { return e.ctx.GetCurrentDatabase() }

func (e *env) Store() *storage.Store { return e.s.store }

// Snapshot reads through the session's transaction when one is open, so
// analytics see the statement's own uncommitted writes.
func (e *env) Snapshot(db, table string) (*storage.Snapshot, error) {
	if db == "" {
		db = e.CurrentDatabase()
	}
	t, err := e.s.store.Table(db, table)
	if errors.Is(err, storage.ErrTableNotFound) || errors.Is(err, storage.ErrDatabaseNotFound) {
		return nil, sql.ErrTableNotFound.New(db + "." + table)
	}
	if err != nil {
		return nil, err
	}
	if e.s.txn != nil && !e.s.txn.done {
		return e.s.txn.tx.Snapshot(t), nil
	}
	return t.Snapshot(), nil
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
	base := sql.NewBaseSessionWithClientServer("", e.ctx.Session.Client(), 0)
	sess := NewSession(base, e.s.store)
	sess.eng = e.s.eng
	ictx := sql.NewContext(e.ctx, sql.WithSession(sess))
	ictx.SetCurrentDatabase(db)
	sch, iter, _, err := e.s.eng.sql.Query(ictx, query)
	if err != nil {
		return nil, nil, err
	}
	rows, err := sql.RowIterToRows(ictx, iter)
	return sch, rows, err
}
