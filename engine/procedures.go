package engine

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
)

// erSPWrongNoOfArgs is MySQL's ER_SP_WRONG_NO_OF_ARGS.
const erSPWrongNoOfArgs = 1318

// wrongArgCount is MySQL's 1318 for a CALL with a number of arguments no
// overload of the procedure takes.
func wrongArgCount(ctx *sql.Context, name string, counts []int, got int) error {
	slices.Sort(counts)
	want := make([]string, len(counts))
	for i, n := range counts {
		want[i] = fmt.Sprint(n)
	}
	db := ctx.GetCurrentDatabase()
	if db != "" {
		db += "."
	}
	return mysql.NewSQLError(erSPWrongNoOfArgs, mysql.SSClientError,
		"Incorrect number of arguments for PROCEDURE %s%s; expected %s, got %d",
		db, strings.ToLower(name), strings.Join(want, " or "), got)
}

// withDeniedUnwrapped returns proc with its function wrapped so that an
// access denial anywhere in its returned error (analytics wrap errors
// with context) reaches the client as the denial itself, with its MySQL
// code. The wrapper has the function's own type: GMS reads the SQL
// parameter types from it by reflection.
func withDeniedUnwrapped(proc sql.ExternalStoredProcedureDetails) sql.ExternalStoredProcedureDetails {
	fn := reflect.ValueOf(proc.Function)
	errType := reflect.TypeFor[error]()
	wrapped := reflect.MakeFunc(fn.Type(), func(args []reflect.Value) []reflect.Value {
		var out []reflect.Value
		if fn.Type().IsVariadic() {
			out = fn.CallSlice(args)
		} else {
			out = fn.Call(args)
		}
		last := out[len(out)-1]
		if last.Type() == errType && !last.IsNil() {
			out[len(out)-1] = reflect.ValueOf(unwrapDenied(last.Interface().(error))).Convert(errType)
		}
		return out
	})
	proc.Function = wrapped.Interface()
	return proc
}
