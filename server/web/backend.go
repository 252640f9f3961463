package web

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/dolthub/vitess/go/mysql"
)

// Backend is what the pages need of the database server. The wire server
// implements it over its own engine, account store and login guard, so a
// page runs exactly as a MySQL client logged in as the same account would.
type Backend interface {
	// Login checks user's password as a MySQL login from the address
	// from would be checked (account host patterns, locked accounts,
	// failed-login delays, require_secure_transport when secure is
	// false) and returns the account it matched. A refusal is a
	// *mysql.SQLError (1045, 3118, 3955, 3159).
	Login(ctx context.Context, user, password string, from net.Addr, secure bool) (Account, error)
	// Query runs one statement (a SELECT, or a segment action's CALL)
	// as acct in the shop database and
	// returns its whole result. Errors are *mysql.SQLError with the code
	// a MySQL client would get (1142 for a missing SELECT privilege).
	Query(ctx context.Context, acct Account, query string) (*Result, error)
}

// Account is a logged-in MySQL account: the user name and the host
// pattern of the account row it matched ('%', 'localhost', …).
type Account struct {
	User string
	Host string
}

// Result is a statement's result as the text protocol sends it: each
// value is the MySQL wire text of the value, or nil for NULL.
type Result struct {
	Columns []Column
	Rows    [][]*string
}

// Column names a result column and says whether its values are numbers
// (JSON numbers in the API, right-aligned in tables).
type Column struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Numeric bool   `json:"numeric"`
}

// sqlError returns err's MySQL error, or a 1105 one wrapping its text.
func sqlError(err error) *mysql.SQLError {
	var se *mysql.SQLError
	if errors.As(err, &se) {
		return se
	}
	return mysql.NewSQLError(mysql.ERUnknownError, mysql.SSUnknownSQLState, "%s", err.Error())
}

// httpStatus is the HTTP status of a MySQL error: privilege refusals are
// 403, bad arguments 400, missing tables 404, the rest 500.
func httpStatus(se *mysql.SQLError) int {
	switch se.Number() {
	case 1044, 1045, 1142, 1143, 1227, 1370, 3118, 3955:
		return http.StatusForbidden
	case 1210, 1064, 1582, 1318:
		return http.StatusBadRequest
	case 1146, 1049:
		return http.StatusNotFound
	case 3159:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}
