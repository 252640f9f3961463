package affinity

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

var moneyType = types.MustCreateDecimalType(20, 2)

var topSchema = sql.Schema{
	col("top_products", "level", varchar(12), false),
	col("top_products", "rank", types.Int64, false),
	col("top_products", "item", varchar(200), false),
	col("top_products", "buyers", types.Int64, false),
	col("top_products", "buyer_share", types.Float64, false),
	col("top_products", "units", types.Int64, false),
	col("top_products", "revenue", moneyType, false),
	col("top_products", "orders", types.Int64, false),
	col("top_products", "to_first_time", types.Int64, false),
	col("top_products", "to_repeat", types.Int64, false),
}

// topRows is top_products([level [, segment [, from, to]]]).
func topRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // the history is garbage once the rows are built
	defer g.Release()
	const fn = "top_products"
	h, db, err := loadShop(g, env)
	if err != nil {
		return nil, err
	}
	def, err := primaryLevel(fn, env, db)
	if err != nil {
		return nil, err
	}
	level, err := levelArg(fn, args, 0, def)
	if err != nil {
		return nil, err
	}
	seg, err := sqlfn.String(fn, args, 1, "")
	if err != nil {
		return nil, err
	}
	s := topScope{from: math.MinInt64, to: math.MaxInt64}
	if s.keep, err = segmentFilter(g, fn, env, h, seg); err != nil {
		return nil, err
	}
	if d, ok, err := sqlfn.Date(fn, args, 2); err != nil {
		return nil, err
	} else if ok {
		s.from = d * calendar.MicrosPerDay
	}
	if d, ok, err := sqlfn.Date(fn, args, 3); err != nil {
		return nil, err
	} else if ok {
		s.to = (d+1)*calendar.MicrosPerDay - 1
	}
	items, total, names := h.topItems(level, s)
	rows := make([]sql.Row, len(items))
	for i, t := range items {
		rows[i] = sql.Row{level.String(), int64(i + 1), names[t.Item], int64(t.Buyers),
			float64(t.Buyers) / float64(total), t.Units, decimal.New(t.Revenue, -h.scale), int64(t.Orders),
			int64(t.ToFirstTime), int64(t.ToRepeat)}
	}
	return rows, nil
}
