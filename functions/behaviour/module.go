package behaviour

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	sqltypes "github.com/dolthub/vitess/go/sqltypes"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// TimeoutVariable is the inactivity, in minutes, that ends a session.
const TimeoutVariable = "session_timeout_minutes"

const defaultTimeout = 30

// shared lets concurrent statements asking for the same result compute
// it once (sqlfn.Flights).
var shared sqlfn.Flights

// Module is the package's SQL surface.
func Module() sqlfn.Module {
	return sqlfn.Module{
		TableFunctions: []sqlfn.TableFunction{
			{Name: "abandoned_carts", MinArgs: 1, MaxArgs: 2, Schema: cartsSchema, Rows: sqlfn.SharedRows(&shared, "abandoned_carts", abandonedCartsRows)},
			{Name: "session_stats", MinArgs: 2, MaxArgs: 3, Schema: sessionsSchema, Rows: sqlfn.SharedRows(&shared, "session_stats", sessionStatsRows)},
			{Name: "category_shift", MinArgs: 0, MaxArgs: 3, Schema: shiftSchema, Rows: sqlfn.SharedRows(&shared, "category_shift", categoryShiftRows)},
		},
		Variables: []sql.SystemVariable{&sql.MysqlSystemVariable{
			Name:    TimeoutVariable,
			Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Both),
			Dynamic: true,
			Type:    types.NewSystemIntType(TimeoutVariable, 1, 24*60, false),
			Default: int64(defaultTimeout),
		}},
	}
}

func col(src, name string, t sql.Type) *sql.Column {
	return &sql.Column{Name: name, Type: t, Source: src, Nullable: true}
}

var (
	moneyType = types.MustCreateDecimalType(20, 2)
	datetime  = types.DatetimeMaxPrecision

	cartsSchema = sql.Schema{
		col("abandoned_carts", "customer_id", types.Int64),
		col("abandoned_carts", "cart_adds", types.Int64),
		col("abandoned_carts", "products", types.Int64),
		col("abandoned_carts", "value", moneyType),
		col("abandoned_carts", "first_added_at", datetime),
		col("abandoned_carts", "last_added_at", datetime),
		col("abandoned_carts", "hours_since", types.Float64),
	}
	sessionsSchema = sql.Schema{
		col("session_stats", "dimension_value", types.MustCreateStringWithDefaults(sqltypes.VarChar, 500)),
		col("session_stats", "sessions", types.Int64),
		col("session_stats", "visitors", types.Int64),
		col("session_stats", "bounce_rate", types.Float64),
		col("session_stats", "avg_session_seconds", types.Float64),
		col("session_stats", "conversions", types.Int64),
		col("session_stats", "conversion_rate", types.Float64),
		col("session_stats", "revenue", moneyType),
		col("session_stats", "revenue_per_visit", moneyType),
	}
	shiftSchema = sql.Schema{
		col("category_shift", "customer_id", types.Int64),
		col("category_shift", "usual_categories", types.Int64),
		col("category_shift", "new_categories", types.Int64),
		col("category_shift", "new_category_names", types.LongText),
		col("category_shift", "window_revenue", moneyType),
		col("category_shift", "new_category_revenue", moneyType),
		col("category_shift", "shift_share", types.Float64),
	}
)

// timeoutMicros is the session timeout of the statement in microseconds.
func timeoutMicros(env sqlfn.Env) int64 {
	m := int64(defaultTimeout)
	switch v := env.Variable(TimeoutVariable).(type) {
	case int64:
		m = v
	case int32:
		m = int64(v)
	case int:
		m = int64(v)
	case int8:
		m = int64(v)
	case int16:
		m = int64(v)
	case uint64:
		m = int64(v)
	}
	return m * 60_000_000
}
