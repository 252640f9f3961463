package server

import (
	"context"
	"errors"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
)

func TestMapErr(t *testing.T) {
	for _, c := range []struct {
		in   error
		want int
	}{
		{sql.CastSQLError(sql.ErrPrivilegeCheckFailed.New("'ana'@'%'")), erTableAccessDenied},
		{sql.CastSQLError(sql.ErrTableAccessDeniedForUser.New("'ana'@'%'", "t")), erTableAccessDenied},
		{sql.CastSQLError(sql.ErrDatabaseAccessDeniedForUser.New("'ana'@'%'", "db")), erDBAccessDenied},
		{sql.CastSQLError(sql.ErrTableNotFound.New("t")), mysql.ERNoSuchTable},
		{sql.CastSQLError(errors.New("something else")), mysql.ERUnknownError},
		{sql.CastSQLError(context.Canceled), erQueryInterrupted},
	} {
		var se *mysql.SQLError
		if !errors.As(mapErr(c.in), &se) || se.Number() != c.want {
			t.Errorf("mapErr(%v) = %v, want code %d", c.in, mapErr(c.in), c.want)
		}
	}
	if mapErr(nil) != nil {
		t.Error("mapErr(nil) != nil")
	}
}
