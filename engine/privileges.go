package engine

import (
	"slices"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// The one place cohortdb checks privileges GMS does not check for it:
// the tables analytics functions and procedures read and write (GMS sees
// a table function or an external procedure, not the tables behind it),
// introspection functions, files and global settings. Every check asks
// GMS's mysql_db with the same privilege sets GMS uses for plain SQL, and
// answers with MySQL's error codes (docs/security.md lists who needs
// what). When mysql_db is disabled (in-process use: the import command,
// tests without users) every check passes, as GMS's own do.

// MySQL error codes of denied operations (SQLSTATE 42000 unless noted).
const (
	erAccessDenied      = 1045 // ER_ACCESS_DENIED_ERROR (28000): MySQL's answer to a missing FILE privilege
	erDBAccessDenied    = 1044 // ER_DBACCESS_DENIED_ERROR
	erTableAccessDenied = 1142 // ER_TABLEACCESS_DENIED_ERROR
	erSpecificAccess    = 1227 // ER_SPECIFIC_ACCESS_DENIED_ERROR
)

// mysqlDB returns the catalog's user database, or nil when there is none.
func mysqlDB(cat sql.Catalog) *mysql_db.MySQLDb {
	if c, ok := cat.(*analyzer.Catalog); ok {
		return c.MySQLDb
	}
	return nil
}

// privileges answers privilege questions for the user of a context.
type privileges struct{ mdb *mysql_db.MySQLDb }

func (p privileges) enabled() bool { return p.mdb != nil && p.mdb.Enabled() }

// account is the user's account as MySQL names it in errors: 'user'@'host'.
func (p privileges) account(ctx *sql.Context) string {
	c := ctx.Session.Client()
	rd := p.mdb.Reader()
	defer rd.Close()
	if u := p.mdb.GetUser(rd, c.User, c.Address, false); u != nil {
		return u.UserHostToString("'")
	}
	return "'" + c.User + "'@'" + c.Address + "'"
}

// database returns MySQL's 1044 when the user holds no privilege at all
// in db (globally, on db, or on any of its tables or routines): MySQL's
// answer to statements about the database itself (USE, SHOW TABLES FROM),
// and so cohortdb's to introspection of a whole database (data_quality).
// A table of such a database is refused with table's 1142, as MySQL does.
func (p privileges) database(ctx *sql.Context, db string) error {
	if !p.enabled() || strings.EqualFold(db, "information_schema") {
		return nil
	}
	set := p.mdb.UserActivePrivilegeSet(ctx)
	if set.Count() == 0 && !set.Database(db).HasPrivileges() {
		return mysql.NewSQLError(erDBAccessDenied, mysql.SSClientError,
			"Access denied for user %s to database '%s'", p.account(ctx), db)
	}
	return nil
}

// table returns nil when the user holds every one of privs on db.table
// (globally, on db or on the table), else MySQL's 1142 naming every
// missing privilege and the table: MySQL's check_grant names all the
// privileges a statement lacks ("SELECT, INSERT command denied to user
// 'u'@'h' for table 't'" for an OPTIMIZE TABLE without either), in its
// privilege order (GMS's PrivilegeType order). MySQL checks table privileges table by
// table (check_access defers table privileges to check_grant), so a
// table of a database the user holds nothing in is 1142 too, not 1044,
// for plain SQL as for the statements it checks one table at a time
// (OPTIMIZE, CHECK TABLE and the like) and for analytics.
func (p privileges) table(ctx *sql.Context, db, table string, privs ...sql.PrivilegeType) error {
	if !p.enabled() {
		return nil
	}
	var missing []sql.PrivilegeType
	for _, pt := range privs {
		op := sql.NewPrivilegedOperation(sql.PrivilegeCheckSubject{Database: db, Table: table}, pt)
		if !p.mdb.UserHasPrivileges(ctx, op) && !slices.Contains(missing, pt) {
			missing = append(missing, pt)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	slices.Sort(missing)
	names := make([]string, len(missing))
	for i, pt := range missing {
		names[i] = pt.String()
	}
	return mysql.NewSQLError(erTableAccessDenied, mysql.SSClientError,
		"%s command denied to user %s for table '%s'", strings.Join(names, ", "), p.account(ctx), table)
}

// global reports whether the user holds priv globally (ON *.*), or one
// of the dynamic privileges (which exist only globally).
func (p privileges) global(ctx *sql.Context, priv sql.PrivilegeType, dynamic ...string) bool {
	if !p.enabled() {
		return true
	}
	if p.mdb.UserHasPrivileges(ctx, sql.NewPrivilegedOperation(sql.PrivilegeCheckSubject{}, priv)) {
		// GMS's check falls back to the current database's privileges
		// for an empty database name; a global privilege must be global.
		set := p.mdb.UserActivePrivilegeSet(ctx)
		if set.Has(priv) || set.Has(sql.PrivilegeType_Super) {
			return true
		}
	}
	for _, d := range dynamic {
		if p.mdb.UserHasPrivileges(ctx, sql.NewDynamicPrivilegedOperation(d)) {
			return true
		}
	}
	return false
}

// specific is MySQL's 1227 for an operation that needs one of the named
// global privileges.
func specific(names ...string) error {
	return mysql.NewSQLError(erSpecificAccess, mysql.SSClientError,
		"Access denied; you need (at least one of) the %s privilege(s) for this operation", strings.Join(names, " or "))
}

// fileDenied is MySQL's answer to a file operation without the FILE
// privilege (1045, as MySQL sends it).
func (p privileges) fileDenied(ctx *sql.Context) error {
	return mysql.NewSQLError(erAccessDenied, mysql.SSAccessDeniedError,
		"Access denied for user %s (using password: YES); the FILE privilege is needed", p.account(ctx))
}

// deniedAsSQLError gives GMS's access denials (error kinds, which become
// 1105 once an analytics function wraps them with context) their MySQL
// code, so that they survive wrapping and unwrapDenied finds them.
func deniedAsSQLError(err error) error {
	switch {
	case err == nil:
		return nil
	case sql.ErrPrivilegeCheckFailed.Is(err), sql.ErrTableAccessDeniedForUser.Is(err):
		return mysql.NewSQLError(erTableAccessDenied, mysql.SSClientError, "%s", err.Error())
	case sql.ErrDatabaseAccessDeniedForUser.Is(err):
		return mysql.NewSQLError(erDBAccessDenied, mysql.SSClientError, "%s", err.Error())
	}
	return err
}

// unwrapDenied returns the access denial inside err, or err: analytics
// wrap errors with context, and the adapters return the denial itself so
// that its MySQL code reaches the client.
func unwrapDenied(err error) error {
	if se := sqlfn.Denial(err); se != nil {
		return se
	}
	return err
}

// currentAccount reports whether definer names the caller: the user as
// connected (user@client address) or the account it logged in with
// (user@host pattern), as MySQL's CURRENT_USER() does. It returns the
// account as a definer (`user`@`host`).
func (p privileges) currentAccount(ctx *sql.Context, definer string) (string, bool) {
	user, host := splitDefiner(definer)
	c := ctx.Session.Client()
	if user != c.User {
		return "", false
	}
	rd := p.mdb.Reader()
	defer rd.Close()
	u := p.mdb.GetUser(rd, c.User, c.Address, false)
	switch {
	case u != nil && (host == c.Address || host == u.Host):
		return "`" + u.User + "`@`" + u.Host + "`", true
	case host == c.Address:
		return definer, true
	}
	return "", false
}
