package affinity

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

func recSchema(src string) sql.Schema {
	return sql.Schema{
		col(src, "customer_id", types.Int64, false),
		col(src, "rank", types.Int64, false),
		col(src, "product_id", types.Int64, false),
		col(src, "score", types.Float64, false),
		col(src, "reason_product_id", types.Int64, true),
	}
}

// recArgs reads k (argument i), the exclusion level (i+1, default the
// primary level) and days (i+2, default 0: no category exclusion).
func recArgs(fn string, env sqlfn.Env, db string, args []any, i int) (k int, excl Level, days int64, err error) {
	n, err := sqlfn.Int(fn, args, i, defaultRecs)
	if err != nil {
		return 0, 0, 0, err
	}
	if n < 1 || n > maxRecs {
		return 0, 0, 0, sqlfn.ErrArg(fn, "argument %d: k %d is not in 1..%d", i+1, n, maxRecs)
	}
	def, err := primaryLevel(fn, env, db)
	if err != nil {
		return 0, 0, 0, err
	}
	if excl, err = levelArg(fn, args, i+1, def); err != nil {
		return 0, 0, 0, err
	}
	if days, err = sqlfn.Int(fn, args, i+2, 0); err != nil {
		return 0, 0, 0, err
	}
	if days < 0 {
		return 0, 0, 0, sqlfn.ErrArg(fn, "argument %d: days %d must be ≥ 0", i+3, days)
	}
	return int(n), excl, days, nil
}

// recRows renders one customer's recommendations.
func recRows(rows []sql.Row, h *history, c int32, recs []scored) []sql.Row {
	for i, r := range recs {
		var reason any
		if r.reason >= 0 {
			reason = h.cat.ids[r.reason]
		}
		rows = append(rows, sql.Row{h.cID[c], int64(i + 1), h.cat.ids[r.item], r.score, reason})
	}
	return rows
}

// recommendationsRows is recommendations(customer_id [, k [, level [,
// days]]]): the customer's top k products not bought yet.
func recommendationsRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // the history is garbage once the rows are built
	defer g.Release()
	const fn = "recommendations"
	if len(args) == 0 || args[0] == nil {
		return nil, sqlfn.ErrArg(fn, "argument 1: customer_id is required (use segment_recommendations for many customers)")
	}
	id, err := sqlfn.Int(fn, args, 0, 0)
	if err != nil {
		return nil, err
	}
	h, db, err := loadShop(g, env)
	if err != nil {
		return nil, err
	}
	k, excl, days, err := recArgs(fn, env, db, args, 1)
	if err != nil {
		return nil, err
	}
	c := int32(-1)
	for i, cid := range h.cID { // one lookup: cheaper than building a map
		if cid == id {
			c = int32(i)
			break
		}
	}
	r := newRecommender(h, excl, days)
	if c < 0 { // no purchases: the best sellers
		return coldStart(h, r, id, k), nil
	}
	return recRows(nil, h, c, r.recommend(c, k)), nil
}

// coldStart recommends the best sellers to a customer without purchases.
func coldStart(h *history, r *recommender, id int64, k int) []sql.Row {
	var rows []sql.Row
	for i, p := range r.popular[:min(k, len(r.popular))] {
		rows = append(rows, sql.Row{id, int64(i + 1), h.cat.ids[p], float64(0), nil})
	}
	return rows
}

// segmentRecommendationsRows is segment_recommendations([segment [, k [,
// level [, days]]]]): recommendations for every buyer of a saved segment
// (NULL: every buyer), by customer_id.
func segmentRecommendationsRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // the history is garbage once the rows are built
	defer g.Release()
	const fn = "segment_recommendations"
	h, db, err := loadShop(g, env)
	if err != nil {
		return nil, err
	}
	seg, err := sqlfn.String(fn, args, 0, "")
	if err != nil {
		return nil, err
	}
	keep, err := segmentFilter(g, fn, env, h, seg)
	if err != nil {
		return nil, err
	}
	k, excl, days, err := recArgs(fn, env, db, args, 1)
	if err != nil {
		return nil, err
	}
	r := newRecommender(h, excl, days)
	// k rows for each of millions of buyers: the result is charged to
	// the statement's memory budget as it grows (and handed back at the
	// end: the engine charges the finished result), and KILL QUERY is
	// looked for every 64 customers.
	t := membudget.NewTally(membudget.FromContext(ctx))
	defer t.Release()
	var rows []sql.Row
	for i, c := range h.customersByID() {
		if i%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if keep == nil || keep(c) {
			n := len(rows)
			rows = recRows(rows, h, c, r.recommend(c, k))
			for _, row := range rows[n:] {
				if err := t.Add(membudget.RowSize(row)); err != nil {
					return nil, err
				}
			}
		}
	}
	return rows, nil
}
