package affinity

import (
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

var intervalsSchema = sql.Schema{
	col("replenishment_intervals", "level", varchar(12), false),
	col("replenishment_intervals", "item", varchar(200), false),
	col("replenishment_intervals", "buyers", types.Int64, false),
	col("replenishment_intervals", "repeat_buyers", types.Int64, false),
	col("replenishment_intervals", "repeat_rate", types.Float64, false),
	col("replenishment_intervals", "intervals", types.Int64, false),
	col("replenishment_intervals", "median_interval_days", types.Float64, false),
}

var replenishSchema = sql.Schema{
	col("replenishment", "customer_id", types.Int64, false),
	col("replenishment", "item", varchar(200), false),
	col("replenishment", "purchases", types.Int64, false),
	col("replenishment", "last_purchase", types.Date, false),
	col("replenishment", "median_interval_days", types.Float64, false),
	col("replenishment", "due_date", types.Date, false),
}

// replenishArgs reads [level [, item]]; item is -1 when absent, and an
// unknown item name matches nothing (-2).
func replenishArgs(g *sqlfn.Guard, fn string, env sqlfn.Env, args []any) (*history, Level, int32, error) {
	h, db, err := loadShop(g, env)
	if err != nil {
		return nil, 0, 0, err
	}
	def, err := primaryLevel(fn, env, db)
	if err != nil {
		return nil, 0, 0, err
	}
	level, err := levelArg(fn, args, 0, def)
	if err != nil {
		return nil, 0, 0, err
	}
	name, err := sqlfn.String(fn, args, 1, "")
	if err != nil || name == "" {
		return h, level, -1, err
	}
	_, names := h.cat.items(level)
	for i, n := range names {
		if n == name {
			return h, level, int32(i), nil
		}
	}
	return h, level, -2, nil
}

// intervalsRows is replenishment_intervals([level [, item]]).
func intervalsRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // the history is garbage once the rows are built
	defer g.Release()
	h, level, only, err := replenishArgs(g, "replenishment_intervals", env, args)
	if err != nil || only == -2 {
		return nil, err
	}
	if err := g.Grow(h.replenishBytes()); err != nil {
		return nil, err
	}
	_, names := h.cat.items(level)
	ivs, _ := h.replenishment(level, only)
	rows := make([]sql.Row, len(ivs))
	for i, v := range ivs {
		rows[i] = sql.Row{level.String(), names[v.Item], int64(v.Buyers), int64(v.RepeatBuyers),
			float64(v.RepeatBuyers) / float64(v.Buyers), int64(v.Gaps), v.Median}
	}
	return rows, nil
}

// replenishRows is replenishment([level [, item]]): per customer and
// item with a known repurchase interval, when a re-stock reminder is due.
func replenishRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // the history is garbage once the rows are built
	defer g.Release()
	h, level, only, err := replenishArgs(g, "replenishment", env, args)
	if err != nil || only == -2 {
		return nil, err
	}
	if err := g.Grow(h.replenishBytes()); err != nil {
		return nil, err
	}
	_, names := h.cat.items(level)
	ivs, dues := h.replenishment(level, only)
	median := map[int32]float64{}
	for _, v := range ivs {
		median[v.Item] = v.Median
	}
	rows := make([]sql.Row, len(dues))
	for i, d := range dues {
		rows[i] = sql.Row{h.cID[d.Cust], names[d.Item], int64(d.Purchases), date(d.LastDay), median[d.Item], date(d.DueDay)}
	}
	return rows, nil
}

// date is a day number as a DATE value.
func date(day int64) time.Time { return time.Unix(day*86400, 0).UTC() }
