package server

import (
	"errors"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
)

// MySQL error codes GMS v0.20.0 reports as 1105 (ER_UNKNOWN_ERROR).
const (
	erDBAccessDenied    = 1044 // ER_DBACCESS_DENIED_ERROR
	erTableAccessDenied = 1142 // ER_TABLEACCESS_DENIED_ERROR
)

// codeFixes maps GMS error kinds, recognised by their message prefix once
// GMS has flattened them into a 1105 *mysql.SQLError, to MySQL's codes.
// Clients and drivers branch on these codes (e.g. "permission denied" vs
// "retry").
var codeFixes = []struct {
	prefix string
	code   int
	state  string
}{
	{msgPrefix(sql.ErrPrivilegeCheckFailed.Message), erTableAccessDenied, mysql.SSClientError},
	{msgPrefix(sql.ErrTableAccessDeniedForUser.Message), erTableAccessDenied, mysql.SSClientError},
	{msgPrefix(sql.ErrDatabaseAccessDeniedForUser.Message), erDBAccessDenied, mysql.SSClientError},
}

// msgPrefix returns the constant part of a GMS error format, up to its
// first verb.
func msgPrefix(format string) string {
	if i := strings.IndexByte(format, '%'); i >= 0 {
		return format[:i]
	}
	return format
}

// mapErr gives err the MySQL error code GMS left out, if it is one of
// codeFixes; other errors are returned as they are.
func mapErr(err error) error {
	var se *mysql.SQLError
	if err == nil || !errors.As(err, &se) || se.Number() != mysql.ERUnknownError {
		return err
	}
	msg := se.Message
	for _, f := range codeFixes {
		if strings.HasPrefix(msg, f.prefix) {
			return mysql.NewSQLError(f.code, f.state, "%s", msg)
		}
	}
	return err
}
