package server

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer/analyzererrors"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/storage"
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
		{sql.CastSQLError(sql.ErrSyntaxError.New("syntax error at position 6 near 'selec'")), erParseError},
		{sql.CastSQLError(sql.ErrSyntaxError.New("syntax error at end of input")), erParseError},
		{sql.CastSQLError(fmt.Errorf("drop index i: %w", fmt.Errorf("%w: data has 0 bytes free", storage.ErrDiskFull))), 1021},
		{sql.CastSQLError(fmt.Errorf("rename table: %w", storage.ErrWrite)), 3},
		{sql.CastSQLError(sql.ErrFunctionNotFound.New("nth_value")), erSPDoesNotExist},
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

// TestSQLState checks codes against MySQL 8's published SQLSTATEs
// (the server error reference) and what drivers branch on.
func TestSQLState(t *testing.T) {
	for _, c := range []struct {
		code int
		want string
	}{
		{1146, "42S02"}, // no such table: Metabase, Connector/J SQLSyntaxErrorException
		{1051, "42S02"}, // unknown table (DROP TABLE)
		{1062, "23000"}, // duplicate entry: SQLIntegrityConstraintViolationException
		{1048, "23000"}, // column cannot be null
		{1054, "42S22"}, // unknown column
		{1064, "42000"}, // parse error
		{1142, "42000"}, // table access denied
		{1044, "42000"}, // database access denied
		{1045, "28000"}, // access denied (login)
		{1046, "3D000"}, // no database selected
		{1049, "42000"}, // unknown database
		{1050, "42S01"}, // table exists
		{1060, "42S21"}, // duplicate column name
		{1213, "40001"}, // deadlock
		{1235, "42000"}, // not supported yet
		{1264, "22003"}, // out of range
		{1292, "22007"}, // incorrect datetime value
		{1406, "22001"}, // data too long
		{1317, "70100"}, // query interrupted
		{1040, "08004"}, // too many connections
		{1105, "HY000"}, // unknown error
		{1210, "HY000"}, // incorrect arguments
		{1366, "HY000"}, // incorrect value for column
		{1193, "HY000"}, // unknown system variable
		{1227, "42000"}, // specific access denied
	} {
		if got := sqlState(c.code); got != c.want {
			t.Errorf("sqlState(%d) = %s, want %s", c.code, got, c.want)
		}
	}
}

func TestMapErrSQLState(t *testing.T) {
	for _, c := range []struct {
		in        error
		code      int
		wantState string
	}{
		{sql.ErrTableNotFound.New("t"), 1146, "42S02"},
		{sql.ErrPrimaryKeyViolation.New("[1]"), 1062, "23000"},
		{sql.ErrNoDatabaseSelected.New(), 1046, "3D000"},
		{sql.ErrDatabaseNotFound.New("x"), 1049, "42000"},
		{sql.ErrColumnNotFound.New("c"), 1054, "42S22"},
		{sql.ErrInsertIntoNonNullableDefaultNullColumn.New("signup_at"), 1364, "HY000"},
		{analyzererrors.ErrValidationGroupBy.New("o.product_id"), 1055, "42000"},
		{sql.ErrLockDeadlock.New("x"), 1213, "40001"},
		{mysql.NewSQLError(1210, "HY000", "bad argument"), 1210, "HY000"},
		{mysql.NewSQLError(1146, "HY000", "Table 'a.b' doesn't exist"), 1146, "42S02"},
		{errors.New("plain"), 1105, "HY000"},
	} {
		var se *mysql.SQLError
		got := mapErr(c.in)
		if !errors.As(got, &se) || se.Num != c.code || se.State != c.wantState {
			t.Errorf("mapErr(%v) = %v, want %d (%s)", c.in, got, c.code, c.wantState)
		}
	}
}
