package server

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
	"github.com/dolthub/vitess/go/mysql"
	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// MySQL 8 refuses a table statement table by table with 1142 "SELECT
// command denied to user 'u'@'h' for table 't'", naming the command and
// the first table it may not use. go-mysql-server answers otherwise:
//
//   - a caller holding no privilege at all in a database is refused any
//     of its tables with 1044 "Access denied for user … to database …"
//     (its privileged database provider refuses the database itself while
//     the statement's tables are resolved), which is MySQL's answer to
//     USE and to statements about the database (SHOW TABLES FROM db);
//   - a caller lacking a privilege on a table gets "command denied to
//     user 'u'@'h'", naming neither the command nor the table, or, for a
//     table it holds nothing on, "Access denied for user 'u'@'h' to
//     table 't'".
//
// For SELECT, INSERT, REPLACE, UPDATE and DELETE the handler answers
// MySQL's 1142 instead, naming the first table refused and the command
// it is refused for. A CALL without EXECUTE on the procedure (GMS: 1044
// or the bare 1142) is MySQL's 1370 "execute command denied to user
// 'u'@'h' for routine 'db.proc'", in a database the caller holds nothing
// in too (MySQL defers routine privileges to the routine's grants as it
// does table privileges). Other statements keep GMS's answers.

// dbDenied is the text of GMS's (and the engine's) 1044; bareDenial that
// of GMS's 1142 (errcodes.go gives it the code).
var (
	dbDenied    = regexp.MustCompile(`^Access denied for user (.+) to database '(.*)'$`)
	tableDenied = regexp.MustCompile(`^Access denied for user (.+) to table '(.*)'$`)
	bareDenial  = regexp.MustCompile(`^command denied to user (.+)$`)
)

// tableDenial is err as MySQL answers it when err refuses one of query's
// tables (see above); other errors are returned as they are.
func (d *handler) tableDenial(ctx context.Context, c *mysql.Conn, query string, err error) error {
	var sqlCtx *sql.Context
	session := func() *sql.Context {
		if sqlCtx == nil {
			if p := d.results.Load(); p != nil {
				sqlCtx, _ = p.sm.NewContextWithQuery(ctx, c, "")
			}
		}
		return sqlCtx
	}
	return denial(ctx, d.accounts.db, session, query, err)
}

// denial is tableDenial for a caller whose session (nil when it cannot
// be had) and account store are given: the wire handler's and the
// insight pages' backend's.
func denial(ctx context.Context, accounts *mysql_db.MySQLDb, session func() *sql.Context, query string, err error) error {
	var se *mysql.SQLError
	if err == nil || !errors.As(err, &se) || se.Num != erDBAccessDenied && se.Num != erTableAccessDenied {
		return err
	}
	var user, db, table string
	if m := dbDenied.FindStringSubmatch(se.Message); m != nil && se.Num == erDBAccessDenied {
		user, db = m[1], m[2]
	} else if m := tableDenied.FindStringSubmatch(se.Message); m != nil && se.Num == erTableAccessDenied {
		user, table = m[1], m[2]
	} else if m := bareDenial.FindStringSubmatch(se.Message); m != nil && se.Num == erTableAccessDenied {
		user = m[1]
	} else {
		return err
	}
	stmt, _, perr := ast.ParseOne(ctx, query) // a multi-statement's first, which failed
	if perr != nil {
		return err
	}
	cur := func() string {
		if s := session(); s != nil {
			return s.GetCurrentDatabase()
		}
		return ""
	}
	if call, ok := stmt.(*ast.Call); ok {
		return callDenial(session(), accounts, call, cur, user, err)
	}
	for _, u := range tableUses(stmt, cur) {
		var refused bool
		switch {
		case db != "":
			refused = strings.EqualFold(u.db, db)
		case table != "":
			refused = strings.EqualFold(u.table, table)
		default:
			refused = refuses(session(), accounts, u)
		}
		if refused {
			return mysql.NewSQLError(erTableAccessDenied, mysql.SSClientError, "%s command denied to user %s for table '%s'", u.cmd, user, u.table)
		}
	}
	return err
}

// refuses reports whether the caller of ctx lacks u's privilege on u's
// table (false when that cannot be asked).
func refuses(ctx *sql.Context, accounts *mysql_db.MySQLDb, u tableUse) bool {
	priv, ok := map[string]sql.PrivilegeType{"SELECT": sql.PrivilegeType_Select, "INSERT": sql.PrivilegeType_Insert,
		"UPDATE": sql.PrivilegeType_Update, "DELETE": sql.PrivilegeType_Delete}[u.cmd]
	if ctx == nil || accounts == nil || !ok {
		return false
	}
	op := sql.NewPrivilegedOperation(sql.PrivilegeCheckSubject{Database: u.db, Table: u.table}, priv)
	return !accounts.UserHasPrivileges(ctx, op)
}

// erProcAccessDenied is MySQL's ER_PROCACCESS_DENIED_ERROR (SQLSTATE 42000).
const erProcAccessDenied = 1370

// callDenial is a CALL's denial err (by GMS, of user) as MySQL answers
// it: 1370 naming the routine when the caller may not execute it; else
// err is a refusal from inside the procedure, returned as it is.
func callDenial(ctx *sql.Context, accounts *mysql_db.MySQLDb, call *ast.Call, cur func() string, user string, err error) error {
	db := call.ProcName.Qualifier.String()
	if db == "" {
		db = cur()
	}
	name := call.ProcName.Name.String()
	if ctx == nil || accounts == nil {
		return err
	}
	op := sql.NewPrivilegedOperation(sql.PrivilegeCheckSubject{Database: db, Routine: name, IsProcedure: true}, sql.PrivilegeType_Execute)
	if accounts.UserHasPrivileges(ctx, op) {
		return err
	}
	return mysql.NewSQLError(erProcAccessDenied, mysql.SSClientError, "execute command denied to user %s for routine '%s.%s'", user, db, name)
}

// asTableDenial is err, when it is a 1044, as MySQL's 1142 refusing
// command on table; other errors are returned as they are.
func asTableDenial(err error, command, table string) error {
	var se *mysql.SQLError
	if err == nil || !errors.As(err, &se) || se.Num != erDBAccessDenied {
		return err
	}
	m := dbDenied.FindStringSubmatch(se.Message)
	if m == nil {
		return err
	}
	return mysql.NewSQLError(erTableAccessDenied, mysql.SSClientError, "%s command denied to user %s for table '%s'", command, m[1], table)
}

// tableUse is a table a statement uses and the command MySQL names
// refusing it.
type tableUse struct{ cmd, db, table string }

// tableUses are the tables of stmt in the order MySQL checks them: the
// table it writes first, under the statement's command (INSERT for
// REPLACE, as MySQL checks INSERT first; UPDATE and DELETE for the
// first table they name), then the tables it reads, under SELECT. An
// unqualified name is in the current database (cur, asked only when
// needed). Statements other than SELECT, INSERT, REPLACE, UPDATE and
// DELETE have none.
func tableUses(stmt ast.Statement, cur func() string) []tableUse {
	var curDB *string
	use := func(cmd string, tn ast.TableName) tableUse {
		q := tn.DbQualifier.String()
		if q == "" {
			if curDB == nil {
				c := cur()
				curDB = &c
			}
			q = *curDB
		}
		return tableUse{cmd, q, tn.Name.String()}
	}
	write := ""
	var uses []tableUse
	switch s := stmt.(type) {
	case *ast.Select, *ast.SetOp, *ast.ParenSelect:
	case *ast.Insert:
		uses = append(uses, use("INSERT", s.Table))
	case *ast.Update:
		write = "UPDATE"
	case *ast.Delete:
		write = "DELETE"
	default:
		return nil
	}
	seen := map[tableUse]bool{}
	for _, u := range uses {
		seen[tableUse{"", strings.ToLower(u.db), strings.ToLower(u.table)}] = true
	}
	_ = ast.Walk(func(node ast.SQLNode) (bool, error) {
		tn, isName := node.(ast.TableName)
		if !isName || tn.Name.IsEmpty() {
			return true, nil
		}
		cmd := "SELECT"
		if write != "" {
			cmd, write = write, ""
		}
		u := use(cmd, tn)
		if key := (tableUse{"", strings.ToLower(u.db), strings.ToLower(u.table)}); !seen[key] {
			seen[key] = true
			uses = append(uses, u)
		}
		return true, nil
	}, stmt)
	return uses
}
