package affinity

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

var topBySchema = sql.Schema{
	col("top_products_by", "level", varchar(12), false),
	col("top_products_by", "dimension_value", varchar(20), true),
	col("top_products_by", "rank", types.Int64, false),
	col("top_products_by", "item", varchar(200), false),
	col("top_products_by", "buyers", types.Int64, false),
	col("top_products_by", "buyer_share", types.Float64, false),
	col("top_products_by", "units", types.Int64, false),
	col("top_products_by", "revenue", moneyType, false),
	col("top_products_by", "orders", types.Int64, false),
	col("top_products_by", "to_first_time", types.Int64, false),
	col("top_products_by", "to_repeat", types.Int64, false),
}

// topByDimensions maps top_products_by's dimensions to lifecycle()'s
// columns.
var topByDimensions = map[string]string{
	"stage":        "emarsys_stage",
	"lifecycle":    "ometria_status",
	"value_tier":   "value_tier",
	"engagement":   "engagement_level",
	"buyer_status": "buyer_status",
}

// topByRows is top_products_by([dimension [, level [, from, to [,
// top_n]]]]): top_products within each group of customers of a
// lifecycle() dimension as of to (default: the latest order day) —
// the Emarsys stage by default — the top_n items of each group.
func topByRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // the history is garbage once the rows are built
	defer g.Release()
	const fn = "top_products_by"
	dim, err := sqlfn.String(fn, args, 0, "stage")
	if err != nil {
		return nil, err
	}
	column, ok := topByDimensions[strings.ToLower(dim)]
	if !ok {
		return nil, sqlfn.ErrArg(fn, "argument 1: dimension %q is not one of stage, lifecycle, value_tier, engagement, buyer_status", dim)
	}
	h, db, err := loadShop(g, env)
	if err != nil {
		return nil, err
	}
	def, err := primaryLevel(fn, env, db)
	if err != nil {
		return nil, err
	}
	level, err := levelArg(fn, args, 1, def)
	if err != nil {
		return nil, err
	}
	s := topScope{from: math.MinInt64, to: math.MaxInt64}
	asOf := "NULL"
	if d, ok, err := sqlfn.Date(fn, args, 2); err != nil {
		return nil, err
	} else if ok {
		s.from = d * calendar.MicrosPerDay
	}
	if d, ok, err := sqlfn.Date(fn, args, 3); err != nil {
		return nil, err
	} else if ok {
		s.to = (d+1)*calendar.MicrosPerDay - 1
		asOf = quote(calendar.DayString(d))
	}
	n, err := sqlfn.Int(fn, args, 4, 10)
	if err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, sqlfn.ErrArg(fn, "argument 5: top_n %d must be at least 1", n)
	}
	groups, names, err := lifecycleGroups(g, env, db, h, column, asOf)
	if err != nil {
		return nil, err
	}
	var rows []sql.Row
	for g, name := range names {
		s.keep = func(c int32) bool { return groups[c] == int32(g) }
		items, total, itemNames := h.topItems(level, s)
		var value any
		if name != nil {
			value = *name
		}
		for i, t := range items[:min(len(items), int(n))] {
			rows = append(rows, sql.Row{level.String(), value, int64(i + 1), itemNames[t.Item], int64(t.Buyers),
				float64(t.Buyers) / float64(total), t.Units, decimal.New(t.Revenue, -h.scale), int64(t.Orders),
				int64(t.ToFirstTime), int64(t.ToRepeat)})
		}
	}
	return rows, nil
}

// lifecycleGroups returns each customer's group (an index into names,
// -1 for a customer lifecycle() does not list) by the value of column of
// lifecycle(asOf), run as SQL in db so this package does not depend on
// how stages are computed. names are in text order, NULL first.
//
// lifecycle()'s rows, a map entry and a copy of the value per row, and a
// group per customer are charged to g.
func lifecycleGroups(g *sqlfn.Guard, env sqlfn.Env, db string, h *history, column, asOf string) ([]int32, []*string, error) {
	_, rows, err := env.ExecIn(db, "SELECT customer_id, "+column+" FROM lifecycle("+asOf+")")
	if err != nil {
		return nil, nil, err
	}
	const valueBytes = 16 + 16 // a stage or segment label and its string header
	if err := chargeRows(g, rows, 8+8+sqlfn.MapEntryOverhead+valueBytes); err != nil {
		return nil, nil, err
	}
	if err := g.Grow(int64(len(h.cID)) * 4); err != nil {
		return nil, nil, err
	}
	value := make(map[int64]*string, len(rows))
	seen := map[string]bool{}
	var names []*string
	hasNull := false
	for _, r := range rows {
		if len(r) != 2 || r[0] == nil {
			continue
		}
		id, err := sqlfn.Int("top_products_by", r, 0, 0)
		if err != nil {
			return nil, nil, fmt.Errorf("lifecycle: %w", err)
		}
		if r[1] == nil {
			value[id] = nil
			hasNull = true
			continue
		}
		v := fmt.Sprint(r[1])
		if !seen[v] {
			seen[v] = true
			names = append(names, &v)
		}
		value[id] = &v
	}
	slices.SortFunc(names, func(a, b *string) int { return cmp.Compare(*a, *b) })
	if hasNull {
		names = append([]*string{nil}, names...)
	}
	index := map[string]int32{}
	for i, n := range names {
		if n != nil {
			index[*n] = int32(i)
		}
	}
	groups := make([]int32, len(h.cID))
	for c, id := range h.cID {
		groups[c] = -1
		v, ok := value[id]
		switch {
		case !ok:
		case v == nil:
			groups[c] = 0
		default:
			groups[c] = index[*v]
		}
	}
	return groups, names, nil
}
