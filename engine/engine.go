package engine

import (
	"context"

	sqle "github.com/dolthub/go-mysql-server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/storage"
)

// Engine is a go-mysql-server engine over a storage.Store.
type Engine struct {
	store *storage.Store
	sql   *sqle.Engine
}

// New builds the SQL engine over an open store. The caller keeps ownership
// of the store and closes it after the engine is no longer used.
func New(store *storage.Store) (*Engine, error) {
	panic("unimplemented")
}

// SQL returns the go-mysql-server engine (for the wire server and tests).
func (e *Engine) SQL() *sqle.Engine { return e.sql }

// Store returns the underlying store.
func (e *Engine) Store() *storage.Store { return e.store }

// NewSession is a server.SessionBuilder: it creates the session of one
// connection, which carries that connection's open transaction.
func (e *Engine) NewSession(ctx context.Context, conn *mysql.Conn, addr string) (sql.Session, error) {
	panic("unimplemented")
}

// NewContext returns a context with a fresh session, for in-process use
// (tests, the import command).
func (e *Engine) NewContext(ctx context.Context) *sql.Context {
	panic("unimplemented")
}
