package engine

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
	"github.com/cohortdb/cohortdb/storage"
)

// Provider is the GMS database provider over a store. Databases live in
// the store's catalog; the provider keeps no list of its own, so a
// database created by another component (the import command, the server's
// bootstrap) is visible at once. information_schema and mysql are added by
// GMS's catalog, not here.
type Provider struct {
	store *storage.Store

	mu       *sync.Mutex
	schemas  map[string]*tableSchema  // schema cache, keyed by definition content
	autoInc  map[string]*autoIncState // per db\x00table, lower-cased
	tableFns map[string]sql.TableFunction
	fns      map[string]sql.Function             // MySQL built-ins served ahead of GMS's (builtin_functions.go)
	procs    sql.ExternalStoredProcedureRegistry // analytics procedures (CALL)
	views    []sqlfn.View                        // analytics views over table reads (env.Snapshot)
	catalog  sql.Catalog                         // set by New; plans column defaults read back from Meta
	files    *FileAccess                         // server files SQL may use (shared by copies); see SetFileAccess
	// eventRuns creates a database's event_runs table (set by New; nil
	// in providers built without an engine).
	eventRuns func(ctx *sql.Context, db string) error
	// memPool is the server-wide memory budget (Engine.memoryPool; nil
	// in providers built without an engine).
	memPool func() *membudget.Pool
}

var _ sql.DatabaseProvider = (*Provider)(nil)
var _ sql.MutableDatabaseProvider = (*Provider)(nil)
var _ sql.TableFunctionProvider = (*Provider)(nil)

// NewProvider returns a provider over store with cohortdb's table functions.
func NewProvider(store *storage.Store) *Provider {
	p := &Provider{
		store:   store,
		mu:      &sync.Mutex{},
		schemas: map[string]*tableSchema{},
		autoInc: map[string]*autoIncState{},
		procs:   sql.NewExternalStoredProcedureRegistry(),
		fns:     builtinFunctions(),
		files:   &FileAccess{},
	}
	p.fns["load_file"] = loadFileFunction(p)
	p.tableFns = map[string]sql.TableFunction{}
	for _, fn := range builtinTableFunctions(p) {
		p.tableFns[strings.ToLower(fn.Name())] = fn
	}
	return p
}

// Database returns the named database or sql.ErrDatabaseNotFound.
func (p *Provider) Database(ctx *sql.Context, name string) (sql.Database, error) {
	if !p.store.HasDatabase(name) {
		return nil, sql.ErrDatabaseNotFound.New(name)
	}
	return p.database(name), nil
}

// database returns a handle spelled as the store spells it.
func (p *Provider) database(name string) *Database {
	for _, n := range p.store.Databases() {
		if strings.EqualFold(n, name) {
			return &Database{p: p, name: n}
		}
	}
	return &Database{p: p, name: name}
}

// HasDatabase reports whether the store has the database.
func (p *Provider) HasDatabase(ctx *sql.Context, name string) bool {
	return p.store.HasDatabase(name)
}

// AllDatabases lists the store's databases, sorted by name.
func (p *Provider) AllDatabases(ctx *sql.Context) []sql.Database {
	names := p.store.Databases()
	dbs := make([]sql.Database, len(names))
	for i, n := range names {
		dbs[i] = &Database{p: p, name: n}
	}
	return dbs
}

// CreateDatabase persists a new database in the store's catalog.
func (p *Provider) CreateDatabase(ctx *sql.Context, name string) error {
	if err := p.store.CreateDatabase(name); err != nil {
		if errors.Is(err, storage.ErrDatabaseExists) {
			return sql.ErrDatabaseExists.New(name)
		}
		return wrapStorageErr(err, "create database %s", name)
	}
	return nil
}

// DropDatabase drops a database and all its tables.
func (p *Provider) DropDatabase(ctx *sql.Context, name string) error {
	if err := p.store.DropDatabase(name); err != nil {
		if errors.Is(err, storage.ErrDatabaseNotFound) {
			return sql.ErrDatabaseNotFound.New(name)
		}
		return wrapStorageErr(err, "drop database %s", name)
	}
	if err := p.store.DeleteMeta(eventsMeta(name)); err != nil { // GMS has unscheduled them
		return wrapStorageErr(err, "drop the events of database %s", name)
	}
	p.forgetAutoInc(name, "")
	return nil
}

// privileges checks privileges against the catalog's users.
func (p *Provider) privileges() privileges { return privileges{mdb: mysqlDB(p.catalog)} }

// TableFunction returns a registered table function (case-insensitive).
func (p *Provider) TableFunction(ctx *sql.Context, name string) (sql.TableFunction, bool) {
	fn, ok := p.tableFns[strings.ToLower(name)]
	return fn, ok
}

// WithTableFunctions returns a provider with (only) the given functions.
func (p *Provider) WithTableFunctions(fns ...sql.TableFunction) (sql.TableFunctionProvider, error) {
	cp := &Provider{store: p.store, mu: p.mu, schemas: p.schemas, autoInc: p.autoInc, catalog: p.catalog, procs: p.procs, fns: p.fns, files: p.files, eventRuns: p.eventRuns, tableFns: map[string]sql.TableFunction{}}
	for _, fn := range fns {
		cp.tableFns[strings.ToLower(fn.Name())] = fn
	}
	return cp, nil
}

// schemaFor returns the (cached) SQL schema of a storage definition.
// The store hands out a new TableDef per committed state, so the cache is
// keyed by what the schema depends on, not by pointer.
func (p *Provider) schemaFor(ctx *sql.Context, db string, def *storage.TableDef) (*tableSchema, error) {
	key := schemaKey(db, def)
	p.mu.Lock()
	ts, ok := p.schemas[key]
	p.mu.Unlock()
	if ok {
		return ts, nil
	}
	ts, err := buildTableSchema(ctx, p.catalog, db, def)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	if len(p.schemas) > 4096 {
		clear(p.schemas) // bounded: definitions of dropped tables must not pile up
	}
	p.schemas[key] = ts
	p.mu.Unlock()
	return ts, nil
}

func schemaKey(db string, def *storage.TableDef) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\x00%s\x00%v\x00%v\x00", db, def.Name, def.PrimaryKey, def.Indexes)
	for _, c := range def.Columns {
		fmt.Fprintf(&b, "%d:%s:%d:%t,", c.ID, c.Name, c.Kind, c.Nullable)
	}
	b.Write(def.Meta)
	return b.String()
}
