package leads

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	sqltypes "github.com/dolthub/vitess/go/sqltypes"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// System variables the package reads.
const (
	// ReadyVariable is the score from which a lead is sales-ready.
	ReadyVariable = "lead_sales_ready_score"
	// RetentionVariable is the score below which a customer's engagement
	// since the first purchase puts them in the exit stage.
	RetentionVariable = "lead_retention_score"
	defaultReady      = 20.0
	defaultRetention  = 10.0
)

// shared lets concurrent statements asking for the same result compute
// it once (sqlfn.Flights).
var shared sqlfn.Flights

// Module is the package's SQL surface.
func Module() sqlfn.Module {
	return sqlfn.Module{
		TableFunctions: []sqlfn.TableFunction{
			{Name: "lead_score", MinArgs: 0, MaxArgs: 1, Schema: scoreSchema, Rows: sqlfn.SharedRows(&shared, "lead_score", leadScoreRows)},
			{Name: "lead_score_rules", MinArgs: 0, MaxArgs: 1, Schema: rulesSchema, Rows: sqlfn.SharedRows(&shared, "lead_score_rules", leadScoreRuleRows)},
			{Name: "sales_ready_leads", MinArgs: 0, MaxArgs: 1, Schema: readySchema, Rows: sqlfn.SharedRows(&shared, "sales_ready_leads", salesReadyRows)},
			{Name: "engagement_index", MinArgs: 0, MaxArgs: 1, Schema: indexSchema, Rows: sqlfn.SharedRows(&shared, "engagement_index", engagementIndexRows)},
		},
		Variables: []sql.SystemVariable{
			doubleVar(ReadyVariable, defaultReady),
			doubleVar(RetentionVariable, defaultRetention),
		},
	}
}

func doubleVar(name string, def float64) sql.SystemVariable {
	return &sql.MysqlSystemVariable{
		Name:    name,
		Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Both),
		Dynamic: true,
		Type:    types.NewSystemDoubleType(name, -1e12, 1e12),
		Default: def,
	}
}

// floatVariable is the session's value of a DOUBLE system variable.
func floatVariable(env sqlfn.Env, name string, def float64) float64 {
	switch v := env.Variable(name).(type) {
	case float64:
		return v
	case float32:
		return float64(v)
	case int64:
		return float64(v)
	}
	return def
}

func col(src, name string, t sql.Type) *sql.Column {
	return &sql.Column{Name: name, Type: t, Source: src, Nullable: true}
}

var (
	ruleName = types.MustCreateStringWithDefaults(sqltypes.VarChar, 64)

	scoreSchema = sql.Schema{
		col("lead_score", "customer_id", types.Int64),
		col("lead_score", "score", types.Float64),
		col("lead_score", "events", types.Int64),
		col("lead_score", "sales_ready", types.Boolean),
		col("lead_score", "top_rule", ruleName),
		col("lead_score", "contributions", types.LongText),
	}
	rulesSchema = sql.Schema{
		col("lead_score_rules", "customer_id", types.Int64),
		col("lead_score_rules", "rule", ruleName),
		col("lead_score_rules", "events", types.Int64),
		col("lead_score_rules", "points", types.Float64),
	}
	readySchema = sql.Schema{
		col("sales_ready_leads", "customer_id", types.Int64),
		col("sales_ready_leads", "score", types.Float64),
		col("sales_ready_leads", "events", types.Int64),
		col("sales_ready_leads", "top_rule", ruleName),
		col("sales_ready_leads", "contributions", types.LongText),
	}
	indexSchema = sql.Schema{
		col("engagement_index", "customer_id", types.Int64),
		col("engagement_index", "half", types.MustCreateStringWithDefaults(sqltypes.VarChar, 24)),
		col("engagement_index", "stage", types.MustCreateStringWithDefaults(sqltypes.VarChar, 12)),
		col("engagement_index", "score", types.Float64),
		col("engagement_index", "first_order_at", types.DatetimeMaxPrecision),
	}
)
