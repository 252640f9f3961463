package clv

import (
	"errors"
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Session variables that bound what clv_fit and clv_evaluate accept.
const (
	VarMinHistoryDays   = "clv_min_history_days"
	VarMinRepeat        = "clv_min_repeat_customers"
	VarHighValuePercent = "clv_high_value_percent"
)

// Defaults of the limits. Dynamics 365 Customer Insights asks for "at
// least one year of transaction history, preferably two to three years"
// and "at least 100 customer records, preferably 1,000" (docs/clv.md):
// with less than a year a model sees neither seasonality nor the slower
// customers' return, and its parameters come out implausible without a
// word. cohortdb counts repeat customers, the ones that identify the
// purchase and spend parameters.
const (
	DefaultMinHistoryDays = 365
	DefaultMinRepeat      = 100
)

// ErrShortHistory: the calibration period is shorter than the limit.
var ErrShortHistory = errors.New("clv: calibration period too short")

// RefusedError is a fit refused by Limits: its message names the reason
// and the override; it wraps ErrShortHistory or ErrInsufficientData.
type RefusedError struct{ err error }

func (e *RefusedError) Error() string { return e.err.Error() }
func (e *RefusedError) Unwrap() error { return e.err }

// Limits are the least history and repeat customers a fit accepts; 0
// turns a check off (MinRepeatCustomers still applies).
type Limits struct {
	MinHistoryDays int64 // days from the first valid order to calibration_end, both included
	MinRepeat      int64 // customers with a repeat transaction by calibration_end
}

// check reports why the orders cannot support a fit at calEnd, if they
// cannot; repeat is the number of repeat customers at calEnd.
func (l Limits) check(o *Orders, calEnd int64, customers, repeat int64) error {
	if days := calEnd - o.FirstDay + 1; days < l.MinHistoryDays {
		return &RefusedError{fmt.Errorf("%w: the calibration period %s to %s holds %d days of orders; a fit needs at least %d "+
			"(with less than a year the model sees neither seasonality nor the customers who return slowly, "+
			"and its parameters are not to be trusted); choose a later calibration_end, load more history, "+
			"or SET %s = %d to fit anyway",
			ErrShortHistory, dayString(o.FirstDay), dayString(calEnd), days, l.MinHistoryDays, VarMinHistoryDays, days)}
	}
	if repeat < l.MinRepeat {
		return &RefusedError{fmt.Errorf("%w: %d of %d customers bought again by %s; a fit needs at least %d repeat customers "+
			"(fewer leave the dropout and spend parameters to chance); choose a later calibration_end, load more orders, "+
			"or SET %s = %d to fit anyway (%d is the least any fit accepts)",
			ErrInsufficientData, repeat, customers, dayString(calEnd), l.MinRepeat, VarMinRepeat, repeat, MinRepeatCustomers)}
	}
	return nil
}

// limitsOf reads the session's limits.
func limitsOf(env sqlfn.Env) Limits {
	return Limits{
		MinHistoryDays: intVar(env, VarMinHistoryDays, DefaultMinHistoryDays),
		MinRepeat:      intVar(env, VarMinRepeat, DefaultMinRepeat),
	}
}

// highValueShareOf reads the session's high-value percentage as a share.
func highValueShareOf(env sqlfn.Env) float64 {
	switch v := env.Variable(VarHighValuePercent).(type) {
	case float64:
		return v / 100
	case float32:
		return float64(v) / 100
	}
	return HighValueShare
}

func intVar(env sqlfn.Env, name string, def int64) int64 {
	switch v := env.Variable(name).(type) {
	case int64:
		return v
	case int:
		return int64(v)
	case int32:
		return int64(v)
	case uint64:
		return int64(v)
	}
	return def
}

// SystemVariables are the package's session variables (SET name = …,
// or SET GLOBAL for every new session).
func SystemVariables() []sql.SystemVariable {
	scope := sql.GetMysqlScope(sql.SystemVariableScope_Both)
	return []sql.SystemVariable{
		&sql.MysqlSystemVariable{Name: VarMinHistoryDays, Scope: scope, Dynamic: true,
			Type: types.NewSystemIntType(VarMinHistoryDays, 0, 36500, false), Default: int64(DefaultMinHistoryDays)},
		&sql.MysqlSystemVariable{Name: VarMinRepeat, Scope: scope, Dynamic: true,
			Type: types.NewSystemIntType(VarMinRepeat, 0, 1<<40, false), Default: int64(DefaultMinRepeat)},
		&sql.MysqlSystemVariable{Name: VarHighValuePercent, Scope: scope, Dynamic: true,
			Type: types.NewSystemDoubleType(VarHighValuePercent, 1, 100), Default: 100 * HighValueShare},
	}
}
