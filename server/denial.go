package server

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/dolthub/vitess/go/mysql"
	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// A caller who holds no privilege at all in a database is refused its
// tables by go-mysql-server with 1044 "Access denied for user … to
// database …" (its privileged database provider refuses the database
// itself while the statement's tables are resolved). MySQL 8 checks a
// table statement's tables one by one and answers 1142 "SELECT command
// denied to user 'u'@'h' for table 't'" — 1044 is its answer to USE and
// to statements about the database itself (SHOW TABLES FROM db, CREATE
// DATABASE). The handler gives the statements that name tables — SELECT,
// INSERT, REPLACE, UPDATE and DELETE — MySQL's 1142 naming the first
// table of that database and the command it is used by; other
// statements keep GMS's 1044.

// dbDenied is the text of GMS's (and the engine's) 1044.
var dbDenied = regexp.MustCompile(`^Access denied for user (.+) to database '(.*)'$`)

// tableDenial is err as MySQL answers it when err is a 1044 for one of
// query's tables (see above); other errors are returned as they are.
func (d *handler) tableDenial(ctx context.Context, c *mysql.Conn, query string, err error) error {
	var se *mysql.SQLError
	if err == nil || !errors.As(err, &se) || se.Num != erDBAccessDenied {
		return err
	}
	m := dbDenied.FindStringSubmatch(se.Message)
	if m == nil {
		return err
	}
	stmt, _, perr := ast.ParseOne(ctx, query) // a multi-statement's first, which failed
	if perr != nil {
		return err
	}
	cmd, table, ok := deniedTable(stmt, m[2], func() string { return d.currentDB(ctx, c) })
	if !ok {
		return err
	}
	return asTableDenial(err, cmd, table)
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

// deniedTable finds the first table of stmt in database db and the
// command MySQL names refusing it: the statement's own for the table it
// writes (INSERT for REPLACE, as MySQL checks INSERT first), SELECT for
// the tables it reads. An unqualified name is in the current database
// (cur, asked only when needed). ok is false for statements other than
// SELECT, INSERT, REPLACE, UPDATE and DELETE, or without such a table.
func deniedTable(stmt ast.Statement, db string, cur func() string) (cmd, table string, ok bool) {
	var curDB *string
	in := func(tn ast.TableName) bool {
		if tn.Name.IsEmpty() {
			return false
		}
		q := tn.DbQualifier.String()
		if q == "" {
			if curDB == nil {
				c := cur()
				curDB = &c
			}
			q = *curDB
		}
		return strings.EqualFold(q, db)
	}
	write := "SELECT"
	switch s := stmt.(type) {
	case *ast.Select, *ast.SetOp, *ast.ParenSelect:
	case *ast.Insert:
		if in(s.Table) {
			return "INSERT", s.Table.Name.String(), true
		}
	case *ast.Update:
		write = "UPDATE"
	case *ast.Delete:
		write = "DELETE"
	default:
		return "", "", false
	}
	var found *ast.TableName
	_ = ast.Walk(func(node ast.SQLNode) (bool, error) {
		if found != nil {
			return false, nil
		}
		if tn, isName := node.(ast.TableName); isName && in(tn) {
			found = &tn
			return false, nil
		}
		return true, nil
	}, stmt)
	if found == nil {
		return "", "", false
	}
	return write, found.Name.String(), true
}
