package engine

import (
	"errors"
	"fmt"
	"syscall"

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
	var coded *mysql.SQLError
	if errors.As(err, &coded) {
		return err // a MySQL error already (an expression's 1690): its code as it is
	}
	switch {
	case errors.Is(err, storage.ErrConflict):
		return commitError(err)
	case errors.Is(err, storage.ErrDiskFull) || errors.Is(err, storage.ErrWrite):
		return diskError(err)
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// diskError is the MySQL error of a write the store could not make
// durable (nothing of it was applied): 1021 ER_DISK_FULL when space ran
// out, 3 EE_WRITE for other write failures; nil for other errors.
func diskError(err error) error {
	errno, text := syscall.Errno(0), ""
	var en syscall.Errno
	if errors.As(err, &en) {
		errno, text = en, en.Error()
	}
	switch {
	case errors.Is(err, storage.ErrDiskFull):
		if errno == 0 {
			errno, text = syscall.ENOSPC, syscall.ENOSPC.Error()
		}
		return mysql.NewSQLError(erDiskFull, "HY000", "Disk full (%v); nothing was written (errno: %d - %s)", err, int(errno), text)
	case errors.Is(err, storage.ErrWrite):
		if errno == 0 {
			errno, text = syscall.EIO, syscall.EIO.Error()
		}
		return mysql.NewSQLError(erWrite, "HY000", "Error writing file '%v' (errno: %d - %s)", err, int(errno), text)
	}
	return nil
}

// MySQL codes of failed writes.
const (
	erDiskFull = 1021 // ER_DISK_FULL
	erWrite    = 3    // EE_WRITE
)

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
