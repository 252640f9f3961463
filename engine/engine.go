package engine

import (
	"context"
	"fmt"
	"github.com/cohortdb/cohortdb/engine/sqlrewrite"
	"sync"
	"sync/atomic"

	sqle "github.com/dolthub/go-mysql-server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/functions/catalog"
	"github.com/cohortdb/cohortdb/storage"
)

// Engine is a go-mysql-server engine over a storage.Store.
type Engine struct {
	store     *storage.Store
	sql       *sqle.Engine
	provider  *Provider
	ownsStore bool // opened by Open: Close closes the store

	dirs     DropDirs   // import and export directories (SetDropDirs)
	importMu sync.Mutex // one CALL import_files at a time

	pool atomic.Pointer[membudget.Pool] // server-wide memory budget (SetMemoryPool)

	routines Routines // what SQL can call, for tests that must cover each (Routines)
}

// New builds the SQL engine over an open store, as is: no canonical
// schema, no startup repairs (Open does both). The caller keeps ownership
// of the store and closes it after the engine is no longer used.
func New(store *storage.Store) (*Engine, error) {
	if store == nil {
		return nil, fmt.Errorf("engine: nil store")
	}
	registerVectorizeVariable()
	registerCountVariables()
	installFileAuth()
	pro := NewProvider(store)
	a := analyzer.NewBuilder(pro).
		AddPreAnalyzeRule(nullableColumnsRuleID, nullableColumns).
		AddPreAnalyzeRule(mysqlSyntaxRuleID, replaceSyntaxFunctions).
		AddPreAnalyzeRule(largeInRuleID, rewriteLargeIn).
		AddPreAnalyzeRule(emptyInRuleID, foldEmptyIn).
		AddPreAnalyzeRule(groupByOuterRuleID, checkGroupedSubqueries).
		AddPreAnalyzeRule(groupedAliasRuleID, selectGroupedSubqueries).
		AddPreAnalyzeRule(distinctOrderRuleID, distinctSortRefs).
		AddPreAnalyzeRule(outerAggRuleID, liftOuterAggregates).
		AddPreAnalyzeRule(exactAggRuleID, exactAggregates).
		AddPreAnalyzeRule(inSubqueryIDsRuleID, nameInSubqueryColumns). // after exactAggregates, which rebuilds aliases
		AddPostAnalyzeRule(foldRuleID, foldTimeLiterals).
		AddPostAnalyzeRule(zoneFilterRuleID, pushdownZoneFilters).
		AddPostValidationRule(topNRuleID, insertTopN).
		AddPostValidationRule(max1RowRuleID, setOpsReturnRows).
		AddPostValidationRule(aliasFieldsRuleID, widenAliasFields).
		Build()
	a.Catalog.StatsProvider = newStatsProvider() // statsprov.go
	pro.catalog = a.Catalog
	installProcessListTable(a.Catalog) // processlist.go
	eng := &Engine{store: store, provider: pro}
	pro.memPool = eng.memoryPool
	pro.eventRuns = func(ctx *sql.Context, db string) error { return eng.ensureEventRuns(ctx, db) }
	override := &loadDataBuilder{e: eng}
	a.ExecBuilder = rowexec.NewOverrideBuilder(override)
	override.base = a.ExecBuilder
	eng.sql = sqle.New(a, nil)
	eng.sql.Parser = sqlrewrite.New(orChainParser{Parser: eng.sql.Parser})
	if err := eng.registerAnalytics(catalog.Modules()); err != nil {
		return nil, err
	}
	eng.registerDropDirProcedures()
	return eng, nil
}

// SQL returns the go-mysql-server engine (for the wire server and tests).
func (e *Engine) SQL() *sqle.Engine { return e.sql }

// Store returns the underlying store.
func (e *Engine) Store() *storage.Store { return e.store }

// Provider returns the database provider (to register more functions).
func (e *Engine) Provider() *Provider { return e.provider }

// NewSession is a server.SessionBuilder: it creates the session of one
// connection, which carries that connection's open transaction.
func (e *Engine) NewSession(ctx context.Context, conn *mysql.Conn, addr string) (sql.Session, error) {
	host, user := "", ""
	if u, ok := conn.UserData.(sql.MysqlConnectionUser); ok {
		host, user = u.Host, u.User
	}
	client := sql.Client{Address: host, User: user, Capabilities: conn.Capabilities}
	base := sql.NewBaseSessionWithClientServer(addr, client, conn.ConnectionID)
	sess := NewSession(base, e.store)
	sess.eng = e
	// GMS marks a connection ready (its user in the process list, which
	// SHOW PROCESSLIST and KILL's owner check read) only when the client
	// names a database at connect; a session exists only after login.
	if e.sql != nil && e.sql.ProcessList != nil {
		e.sql.ProcessList.ConnectionReady(sess)
	}
	return sess, nil
}

// NewContext returns a context with a fresh session, for in-process use
// (tests, the import command).
func (e *Engine) NewContext(ctx context.Context) *sql.Context {
	// Internal statements (load history, the canonical schema) run as
	// root: they must work whatever user triggered them.
	base := sql.NewBaseSessionWithClientServer("", sql.Client{User: "root", Address: "localhost"}, 0)
	sess := NewSession(base, e.store)
	sess.eng = e
	return sql.NewContext(ctx, sql.WithSession(sess))
}
