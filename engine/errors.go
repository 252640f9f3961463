package engine

import (
	"errors"
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/storage"
)

// wrapStorageErr adds context to a storage error, translating the errors
// that have a MySQL meaning into GMS kinds (never wrapped, so their MySQL
// code reaches the client).
func wrapStorageErr(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	if sql.ErrPrimaryKeyViolation.Is(err) || sql.ErrUniqueKeyViolation.Is(err) {
		return err
	}
	switch {
	case errors.Is(err, storage.ErrConflict):
		return commitError(err)
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// notSupported is ER_NOT_SUPPORTED_YET (1235) with a message saying
// what cohortdb cannot do; GMS's ErrUnsupportedFeature would reach the
// client as 1105.
func notSupported(what string) error {
	return mysql.NewSQLError(mysql.ERNotSupportedYet, "42000", "cohortdb does not support %s yet", what)
}

func errUnknownPartition(p sql.Partition) error {
	return fmt.Errorf("cohortdb: unexpected partition type %T", p)
}

// sqlError builds a client error with a MySQL code.
func sqlError(code int, state, msg string) error {
	return mysql.NewSQLError(code, state, "%s", msg)
}
