package server

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer/analyzererrors"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/engine"
)

// MySQL error codes GMS v0.20.0 reports as 1105 (ER_UNKNOWN_ERROR).
const (
	erDBAccessDenied    = 1044 // ER_DBACCESS_DENIED_ERROR
	erTableAccessDenied = 1142 // ER_TABLEACCESS_DENIED_ERROR
	erBadField          = 1054 // ER_BAD_FIELD_ERROR
	erDataTooLong       = 1406 // ER_DATA_TOO_LONG
	erOutOfRange        = 1264 // ER_WARN_DATA_OUT_OF_RANGE
	erWrongValue        = 1292 // ER_TRUNCATED_WRONG_VALUE
	erQueryInterrupted  = 1317 // ER_QUERY_INTERRUPTED
	erParseError        = 1064 // ER_PARSE_ERROR
)

// codeFixes maps GMS error kinds, recognised by their message once GMS
// has flattened them into a 1105 *mysql.SQLError, to MySQL's codes.
// Clients and drivers branch on these codes (e.g. "permission denied" vs
// "retry").
var codeFixes = []struct {
	msg   *regexp.Regexp
	code  int
	state string
}{
	// The parser's errors (sql.ErrSyntaxError is a bare "%s").
	{regexp.MustCompile(`^syntax error at (position \d+|end of input)`), erParseError, mysql.SSClientError},
	// The parser's depth limit (a statement nested too deeply).
	{regexp.MustCompile(`^max nesting level reached at position \d+`), erParseError, mysql.SSClientError},
	// A write the store refused or could not make durable, on a path the
	// engine wraps as text (storage.ErrDiskFull, storage.ErrWrite).
	{regexp.MustCompile(`\bdisk full: `), 1021, "HY000"},                        // ER_DISK_FULL
	{regexp.MustCompile(`\berror writing to the data directory\b`), 3, "HY000"}, // EE_WRITE
	// A statement past its memory limit (memory.go), flattened to text.
	{regexp.MustCompile(`^Out of memory: .*cohortdb_(query_)?memory_limit`), erOutOfSortMemory, "HY001"},
	{formatRegexp(sql.ErrPrivilegeCheckFailed.Message), erTableAccessDenied, mysql.SSClientError},
	{formatRegexp(sql.ErrTableAccessDeniedForUser.Message), erTableAccessDenied, mysql.SSClientError},
	{formatRegexp(sql.ErrDatabaseAccessDeniedForUser.Message), erDBAccessDenied, mysql.SSClientError},
	{formatRegexp(sql.ErrColumnNotFound.Message), erBadField, "42S22"},
	{formatRegexp(sql.ErrTableColumnNotFound.Message), erBadField, "42S22"},
	{formatRegexp(types.ErrLengthBeyondLimit.Message), erDataTooLong, "22001"},
	{formatRegexp(sql.ErrValueOutOfRange.Message), erOutOfRange, "22003"},
	{formatRegexp(types.ErrConvertingToTime.Message), erWrongValue, "22007"},
	{formatRegexp(types.ErrConvertingToTimeOutOfRange.Message), erWrongValue, "22007"},
	{formatRegexp(sql.ErrNoDatabaseSelected.Message), mysql.ERNoDb, "3D000"},
	// An INSERT leaving a NOT NULL column without a default unset, which
	// MySQL's strict mode refuses with ER_NO_DEFAULT_FOR_FIELD.
	{formatRegexp(sql.ErrInsertIntoNonNullableDefaultNullColumn.Message), 1364, "HY000"},
	// A selected column outside GROUP BY (ONLY_FULL_GROUP_BY):
	// ER_WRONG_FIELD_WITH_GROUP.
	{formatRegexp(analyzererrors.ErrValidationGroupBy.Message), 1055, "42000"},
	{formatRegexp(sql.ErrTableAlreadyExists.Message), mysql.ERTableExists, "42S01"},
	// CREATE TEMPORARY TABLE where the session is not cohortdb's (engine
	// temptable.go): MySQL's answer for an engine without them.
	{formatRegexp(sql.ErrTemporaryTableNotSupported.Message), erIllegalCreateOption, "HY000"},
	// DROP TEMPORARY TABLE of a stored table.
	{formatRegexp(sql.ErrUnknownTable.Message), 1051, "42S02"},                       // ER_BAD_TABLE_ERROR
	{formatRegexp(sql.ErrEventAlreadyExists.Message), 1537, "HY000"},                 // ER_EVENT_ALREADY_EXISTS
	{formatRegexp(sql.ErrEventDoesNotExist.Message), 1539, "HY000"},                  // ER_EVENT_DOES_NOT_EXIST
	{regexp.MustCompile(`^ENDS is either invalid or before STARTS$`), 1521, "HY000"}, // ER_EVENT_ENDS_BEFORE_STARTS
	{formatRegexp(sql.ErrUnknownPreparedStatement.Message), 1243, "HY000"},           // ER_UNKNOWN_STMT_HANDLER
}

// unknownFunction is GMS's sql.ErrFunctionNotFound, the function's name
// captured.
var unknownFunction = regexp.MustCompile(`^function: '(.*)' not found$`)

// erSPDoesNotExist is ER_SP_DOES_NOT_EXIST.
const erSPDoesNotExist = 1305

// erIllegalCreateOption is ER_ILLEGAL_HA_CREATE_OPTION.
const erIllegalCreateOption = 1478

// codeTexts are MySQL's messages for codes whose GMS wording says less.
var codeTexts = map[int]string{
	erIllegalCreateOption: "Table storage engine 'cohortdb' does not support the create option 'TEMPORARY'",
}

// formatRegexp returns a regexp matching the messages a GMS error format
// (with %s, %d or %v verbs) produces.
func formatRegexp(format string) *regexp.Regexp {
	quoted := regexp.QuoteMeta(format)
	for _, verb := range []string{"%s", "%d", "%v", "%q"} {
		quoted = strings.ReplaceAll(quoted, verb, ".*")
	}
	return regexp.MustCompile("(?s)^" + quoted + "$")
}

// mapErr gives err the MySQL error code GMS left out, if it is one of
// codeFixes, and the SQLSTATE MySQL sends with its code (sqlstate.go);
// other errors are returned as they are.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	return withSQLState(mysqlText(fixCode(sql.CastSQLError(memoryErr(err)))))
}

// mysqlText gives a duplicate-key error and a NULL in a NOT NULL column
// MySQL's text (engine.MySQLText).
func mysqlText(err error) error {
	var se *mysql.SQLError
	if err == nil || !errors.As(err, &se) || se.Num != mysql.ERDupEntry && se.Num != mysql.ERBadNullError {
		return err
	}
	if text, ok := engine.MySQLText(se.Message); ok {
		return &mysql.SQLError{Num: se.Num, State: se.State, Message: text, Query: se.Query}
	}
	return err
}

// withSQLState replaces the HY000 GMS sends with every code by MySQL's
// SQLSTATE for the code.
func withSQLState(err error) error {
	var se *mysql.SQLError
	if err == nil || !errors.As(err, &se) || (se.State != "" && se.State != mysql.SSUnknownSQLState) {
		return err
	}
	if state := sqlState(se.Num); state != se.State {
		return &mysql.SQLError{Num: se.Num, State: state, Message: se.Message, Query: se.Query}
	}
	return err
}

// fixCode gives err the MySQL error code GMS left out, if it is one of
// codeFixes.
func fixCode(err error) error {
	var se *mysql.SQLError
	if err == nil || !errors.As(err, &se) || se.Number() != mysql.ERUnknownError {
		return err
	}
	msg := se.Message
	if msg == context.Canceled.Error() || strings.HasSuffix(msg, ": "+context.Canceled.Error()) {
		// A statement cancelled by KILL QUERY (or the session's end):
		// MySQL's ER_QUERY_INTERRUPTED, which drivers treat as such.
		return mysql.NewSQLError(erQueryInterrupted, "70100", "Query execution was interrupted")
	}
	if m := unknownFunction.FindStringSubmatch(msg); m != nil {
		// MySQL's ER_SP_DOES_NOT_EXIST, as for any name that is no
		// function (NTH_VALUE, which GMS v0.20.0 lacks, among them).
		return mysql.NewSQLError(erSPDoesNotExist, "42000", "FUNCTION %s does not exist", m[1])
	}
	for _, f := range codeFixes {
		if f.msg.MatchString(msg) {
			if text, ok := codeTexts[f.code]; ok {
				msg = text
			}
			return mysql.NewSQLError(f.code, f.state, "%s", msg)
		}
	}
	return err
}
