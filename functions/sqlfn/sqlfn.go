// Package sqlfn is the contract between cohortdb's analytics and the SQL
// engine. An analytics package (rfm, clv, segments, …) describes its SQL
// surface with the types here — table functions, procedures, scalar
// functions — and reads data through Env; the engine registers them and
// provides Env. Analytics never import the engine, and the engine knows
// no analytics beyond the list in package functions/catalog.
package sqlfn

import (
	"errors"
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/contract/read"
)

// Env is what an analytics function sees of the database, as the calling
// statement sees it (the session's open transaction included).
type Env interface {
	// CurrentDatabase is the session's database (USE), or "".
	CurrentDatabase() string
	// Snapshot returns the named table as the statement sees it (a
	// contract/read.Table): read columns with its Scan or ScanParallel
	// (vectors, no sql.Row per row), types with its Column. It
	// checks the caller's SELECT privilege on the table and answers MySQL's
	// 1142 when it is missing: every analytics read is checked there.
	Snapshot(db, table string) (read.Table, error)
	// StoredSnapshot is Snapshot without the modules' Views: the table as
	// stored, for the code that maintains what a view reads (unify reads
	// the customers it merges).
	StoredSnapshot(db, table string) (read.Table, error)
	// HasTable reports whether db.table exists (whatever the caller's
	// privileges), for choosing defaults and creating tables on first use.
	HasTable(db, table string) bool
	// Check returns nil when the caller holds every one of privs on
	// db.table, else MySQL's 1142 error (also for a database the caller
	// holds nothing in, as MySQL checks table privileges table by table). Analytics call it for data
	// they keep outside tables (saved segments are checked as their mirror
	// table, db.segments) and before a write that must not be half done.
	Check(db, table string, privs ...sql.PrivilegeType) error
	// CheckDatabase returns MySQL's 1044 when the caller holds nothing at
	// all in db: the answer to introspection of a whole database, as
	// MySQL's to SHOW TABLES FROM it.
	CheckDatabase(db string) error
	// Exec runs SQL and returns the rows, for procedures that evaluate or
	// store SQL (saved segments, settings, models). It runs in a session of
	// its own (as the calling user, with the caller's privileges, in the
	// caller's current database, autocommitted):
	// it does not see the caller's uncommitted writes, and its writes
	// commit at once.
	Exec(query string) (sql.Schema, []sql.Row, error)
	// ExecIn is Exec with db as the current database.
	ExecIn(db, query string) (sql.Schema, []sql.Row, error)
	// Meta is the store's metadata blobs, for what analytics keep
	// outside tables (saved segments); not the whole store.
	Meta() Meta
	// Variable is the session's value of a system variable (nil when it
	// does not exist), e.g. reporting_currency.
	Variable(name string) any
	// ShareScope is what, besides a function and its arguments, decides
	// an analytics result: the data version the statement reads, the
	// caller's privileges, its current database and session settings. Two
	// statements with equal scopes computing the same function of the same
	// arguments get the same answer (Flights). "" when the statement sees
	// data no other does (an open transaction, a temporary table).
	ShareScope() string
}

// Meta is the store's named metadata blobs. Writes are durable when they
// return. Every Meta of one data directory is the same value (==), so
// callers may key caches by it.
type Meta interface {
	// GetMeta returns the blob called name, nil when there is none.
	GetMeta(name string) ([]byte, error)
	// PutMeta durably sets the blob called name.
	PutMeta(name string, val []byte) error
	// DeleteMeta durably removes the blob called name.
	DeleteMeta(name string) error
}

// EnvSession is implemented by the engine's session.
type EnvSession interface {
	AnalyticsEnv(ctx *sql.Context) Env
}

// EnvOf returns the Env of the statement running in ctx.
func EnvOf(ctx *sql.Context) (Env, error) {
	s, ok := ctx.Session.(EnvSession)
	if !ok {
		return nil, fmt.Errorf("cohortdb analytics need a cohortdb session, got %T", ctx.Session)
	}
	return s.AnalyticsEnv(ctx), nil
}

// TableFunction is an analytics table function: SELECT * FROM name(args).
type TableFunction struct {
	Name string
	// MinArgs..MaxArgs arguments are accepted; missing trailing arguments
	// reach Rows as nil (the documented defaults apply).
	MinArgs, MaxArgs int
	Schema           sql.Schema
	// Rows computes the result from evaluated arguments (nil = default).
	Rows func(ctx *sql.Context, env Env, args []any) ([]sql.Row, error)
	// Iter, when set, is used instead of Rows: for results of a million
	// rows it lets each row be built as the client reads it (on another
	// core than the wire encoding) instead of all of them first.
	Iter func(ctx *sql.Context, env Env, args []any) (sql.RowIter, error)
}

// Procedure is a CALL-able procedure with side effects, in GMS's external
// stored procedure form: Function is a Go func whose first parameter is
// *sql.Context, whose other parameters are typed SQL arguments (see
// sql.ExternalStoredProcedureDetails), and which returns (sql.RowIter,
// error). Use EnvOf(ctx) inside it.
type Procedure = sql.ExternalStoredProcedureDetails

// Module is one analytics package's SQL surface.
type Module struct {
	TableFunctions []TableFunction
	Procedures     []Procedure
	Scalars        []sql.Function
	// Variables are system variables the package reads (SET name = …).
	Variables []sql.SystemVariable
	// Views rewrite what every analytics read of a table sees (Env.Snapshot
	// applies them in module order), e.g. customer ids replaced by unified
	// ids while a session variable says so.
	Views []View
}

// View returns the table analytics should read for db.table in place of
// sn (sn itself when it leaves the table alone).
type View func(env Env, db, table string, sn read.Table) (read.Table, error)

// Errors reaching a client carry a MySQL code and say what to do.

// ErrArg reports a bad argument value (MySQL 1210, ER_WRONG_ARGUMENTS).
func ErrArg(fn string, format string, args ...any) error {
	return mysql.NewSQLError(mysql.ERWrongArguments, "HY000", "%s: %s", fn, fmt.Sprintf(format, args...))
}

// ErrNoData reports that the data cannot support the computation, e.g.
// too few repeat customers to fit a model (1105 with a clear message).
// When one of args is an access denial (a read the caller may not make),
// that denial is returned instead, with its own MySQL code; so is a
// statement's stop (Stopped: KILL, a time or memory limit).
func ErrNoData(fn string, format string, args ...any) error {
	for _, a := range args {
		if err, ok := a.(error); ok {
			if d := Denial(err); d != nil {
				return d
			}
			if Stopped(err) {
				return err
			}
		}
	}
	return mysql.NewSQLError(mysql.ERUnknownError, "HY000", "%s: %s", fn, fmt.Sprintf(format, args...))
}

// erTableAccessDenied is MySQL's ER_TABLEACCESS_DENIED_ERROR (vitess has
// no constant for it).
const erTableAccessDenied = 1142

// Denial returns the access denial err is or wraps (MySQL 1044, 1045,
// 1142 or 1227), or nil.
func Denial(err error) *mysql.SQLError {
	var se *mysql.SQLError
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Number() {
	case mysql.ERDBAccessDenied, mysql.ERAccessDeniedError, erTableAccessDenied, mysql.ERSpecifiedAccessDenied:
		return se
	}
	return nil
}

// ErrNotFound reports an unknown named object (a segment, a model) with
// MySQL 1146-like wording but its own message (1105).
var ErrNotFound = errors.New("not found")

// ShopDB is the default database of analytics functions: the session's
// current database when it has an orders table, else shop.
func ShopDB(env Env) string {
	if db := env.CurrentDatabase(); db != "" && env.HasTable(db, "orders") {
		return db
	}
	return "shop"
}

// EnsureTable runs ddl (a CREATE TABLE) when db.table does not exist yet.
// A table that exists needs no CREATE privilege of the caller, so callers
// with INSERT/DELETE on it alone can write it.
func EnsureTable(env Env, db, table, ddl string) error {
	if env.HasTable(db, table) {
		return nil
	}
	_, _, err := env.Exec(ddl)
	return err
}

// CheckWrite returns nil when the caller holds privs on db.table and,
// when the table does not exist yet, CREATE to make it (EnsureTable):
// a procedure checks it before it computes or writes anything, so a
// caller who could not store the result is refused at once, with the
// privilege named, and nothing is created.
func CheckWrite(env Env, db, table string, privs ...sql.PrivilegeType) error {
	if !env.HasTable(db, table) {
		privs = append(privs[:len(privs):len(privs)], sql.PrivilegeType_Create)
	}
	return env.Check(db, table, privs...)
}
