package affinity

import (
	"cmp"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

var predictSchema = sql.Schema{
	col("predictive_affinity", "customer_id", types.Int64, false),
	col("predictive_affinity", "rank", types.Int64, false),
	col("predictive_affinity", "item", varchar(200), false),
	col("predictive_affinity", "score", types.Float64, false),
}

var reportSchema = sql.Schema{
	col("predictive_affinity_report", "rank", types.Int64, false),
	col("predictive_affinity_report", "item", varchar(200), false),
	col("predictive_affinity_report", "top_customers", types.Int64, false),
	col("predictive_affinity_report", "top_n_customers", types.Int64, false),
	col("predictive_affinity_report", "avg_top_score", types.Float64, false),
}

// Defaults of predictive_affinity.
const (
	defaultTopN = 3
	maxTopN     = 1000
	reportRows  = 30
	defaultRecs = 5
	maxRecs     = 1000
)

// predictArgs reads level and top_n, and loads the shop.
func predictArgs(g *sqlfn.Guard, fn string, env sqlfn.Env, args []any) (*history, Level, int, error) {
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
	n, err := sqlfn.Int(fn, args, 1, defaultTopN)
	if err != nil {
		return nil, 0, 0, err
	}
	if n < 1 || n > maxTopN {
		return nil, 0, 0, sqlfn.ErrArg(fn, "argument 2: top_n %d is not in 1..%d", n, maxTopN)
	}
	return h, level, int(n), nil
}

// predictAll calls fn with every customer's top-n items (customers in
// h's order, i.e. by first appearance in orders).
func predictAll(h *history, of []int32, names []string, n int, fn func(c int32, top []scored)) {
	s := newScorer(h, of, names, h.buildSimilarity(of, len(names)))
	var top []scored
	for c := range h.cID {
		s.run(int32(c))
		top = s.top(n, nil, top)
		fn(int32(c), top)
		s.reset()
	}
}

// predictRows is predictive_affinity([level [, top_n]]): per customer
// the top_n items they are most likely to buy next, by customer_id.
func predictRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // the history is garbage once the rows are built
	defer g.Release()
	h, level, n, err := predictArgs(g, "predictive_affinity", env, args)
	if err != nil {
		return nil, err
	}
	var rows []sql.Row
	of, names := h.cat.items(level)
	predictAll(h, of, names, n, func(c int32, top []scored) {
		for i, t := range top {
			rows = append(rows, sql.Row{h.cID[c], int64(i + 1), names[t.item], t.score})
		}
	})
	slices.SortStableFunc(rows, func(a, b sql.Row) int { return cmp.Compare(a[0].(int64), b[0].(int64)) })
	return rows, nil
}

// reportRowsFn is predictive_affinity_report([level [, top_n]]): the 30
// items that are the top prediction of the most customers.
func reportRowsFn(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // the history is garbage once the rows are built
	defer g.Release()
	h, level, n, err := predictArgs(g, "predictive_affinity_report", env, args)
	if err != nil {
		return nil, err
	}
	type agg struct {
		top, topN int64
		sum       float64
	}
	per := map[int32]*agg{}
	get := func(it int32) *agg {
		a := per[it]
		if a == nil {
			a = &agg{}
			per[it] = a
		}
		return a
	}
	of, names := h.cat.items(level)
	predictAll(h, of, names, n, func(c int32, top []scored) {
		for i, t := range top {
			a := get(t.item)
			a.topN++
			if i == 0 {
				a.top++
				a.sum += t.score
			}
		}
	})
	items := make([]int32, 0, len(per))
	for it, a := range per {
		if a.top > 0 {
			items = append(items, it)
		}
	}
	slices.SortFunc(items, func(x, y int32) int {
		return cmp.Or(cmp.Compare(per[y].top, per[x].top), cmp.Compare(per[y].topN, per[x].topN), cmp.Compare(names[x], names[y]))
	})
	rows := make([]sql.Row, 0, reportRows)
	for i, it := range items[:min(len(items), reportRows)] {
		a := per[it]
		rows = append(rows, sql.Row{int64(i + 1), names[it], a.top, a.topN, a.sum / float64(a.top)})
	}
	return rows, nil
}
