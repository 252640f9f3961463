package clv

import (
	"errors"
	"math"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Defaults of clv().
const (
	DefaultHorizonDays = 365
	DefaultDiscount    = 0.10
)

// clvSchema is one row per customer; see docs/clv.md for every column.
var clvSchema = sql.Schema{
	{Name: "customer_id", Type: types.Int64},
	{Name: "frequency", Type: types.Int64},
	{Name: "recency", Type: types.Float64},
	{Name: "T", Type: types.Float64},
	{Name: "monetary_value", Type: types.Float64},
	{Name: "p_alive", Type: types.Float64, Nullable: true},
	{Name: "expected_purchases", Type: types.Float64, Nullable: true},
	{Name: "expected_avg_order_value", Type: types.Float64, Nullable: true},
	{Name: "predicted_clv", Type: types.Float64, Nullable: true},
	{Name: "clv_percentile", Type: types.Float64},
	{Name: "high_value", Type: types.Boolean},
	{Name: "churn_risk", Type: types.Text},
}

// clvRows is SELECT * FROM clv([horizon_days [, discount_rate_annual [,
// model_id [, high_value_percent]]]]): the newest model of clv_models (or
// the one named) scores every customer with a valid order on or before its
// calibration_end, as of that day.
//
// Concurrent statements asking for the same clv() compute it once
// (shared); each gets its own slice of the shared rows, which nothing
// mutates.
var clvRows = sqlfn.SharedRows(&shared, "clv", computeCLV)

// shared is where concurrent clv() statements of one scope and arguments
// meet (sqlfn.Flights).
var shared sqlfn.Flights

// computeCLV is clvRows' computation.
func computeCLV(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	const fn = "clv"
	horizon, err := sqlfn.Float(fn, args, 0, DefaultHorizonDays)
	if err != nil {
		return nil, err
	}
	if !(horizon > 0) || math.IsInf(horizon, 0) {
		return nil, sqlfn.ErrArg(fn, "horizon_days must be positive, got %v", horizon)
	}
	discount, err := sqlfn.Float(fn, args, 1, DefaultDiscount)
	if err != nil {
		return nil, err
	}
	if !(discount > -1) || math.IsInf(discount, 0) {
		return nil, sqlfn.ErrArg(fn, "discount_rate_annual must be greater than -1 (0.1 is 10%%), got %v", discount)
	}
	id, err := sqlfn.Int(fn, args, 2, 0)
	if err != nil {
		return nil, err
	}
	share, err := highValueArg(fn, env, args, 3)
	if err != nil {
		return nil, err
	}
	db := sqlfn.ShopDB(env)
	f, err := loadModel(env, db, id)
	if errors.Is(err, errNoModel) {
		if id != 0 {
			return nil, sqlfn.ErrArg(fn, "no model %d in %s.clv_models", id, db)
		}
		return nil, sqlfn.ErrNoData(fn, "no model in %s.clv_models: run CALL clv_fit() first", db)
	}
	if err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	// The orders, summaries and scores are charged to the statement while
	// they are built; they are garbage once the rows are (which the engine
	// charges).
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	_, o, err := readShopOrders(g, fn, env, f.CalibrationEnd)
	if err != nil {
		return nil, err
	}
	if err := g.Grow(sortBytes(o)); err != nil {
		return nil, err
	}
	cs := Summarize(o.IDs, o.Days, o.Values, f.CalibrationEnd, f.UnitDays())
	// The summaries (fewer than the orders, charged after they are made)
	// and the scores to come.
	if err := g.Grow(int64(len(cs)) * (summaryBytes + scoreBytes)); err != nil {
		return nil, err
	}
	scores, err := ScoreCustomersContext(ctx, g, f, cs, horizon, discount, share)
	if err != nil {
		return nil, err
	}
	rows := make([]sql.Row, len(scores))
	for i := range scores {
		rows[i] = scores[i].row()
	}
	return rows, nil
}

// Bytes charged for what clv() builds from its orders: a summary, a
// score and a rank entry per customer.
var (
	summaryBytes = int64(unsafe.Sizeof(CustomerSummary{}))
	scoreBytes   = int64(unsafe.Sizeof(Score{})) + 16
)

// sortBytes is what Summarize allocates to sort orders that are not
// sorted by customer and day: a copy of the three columns and a
// permutation.
func sortBytes(o *Orders) int64 {
	if sortedByCustomerDay(o.IDs, o.Days) {
		return 0
	}
	return int64(len(o.IDs)) * (3*8 + 8)
}

// highValueArg reads a high_value_percent argument (default: the session
// variable clv_high_value_percent, 20) as a share: more than 0, at most 100.
func highValueArg(fn string, env sqlfn.Env, args []any, i int) (float64, error) {
	pct, err := sqlfn.Float(fn, args, i, 100*highValueShareOf(env))
	if err != nil {
		return 0, err
	}
	if !(pct > 0 && pct <= 100) {
		return 0, sqlfn.ErrArg(fn, "high_value_percent must be more than 0 and at most 100, got %v", pct)
	}
	return pct / 100, nil
}

// row renders a Score as a clv() row; NaN becomes NULL.
func (s *Score) row() sql.Row {
	return sql.Row{s.ID, int64(s.X), s.Tx, s.T, s.MeanValue, nullNaN(s.PAlive), nullNaN(s.ExpectedPurchases),
		nullNaN(s.ExpectedAvgValue), nullNaN(s.CLV), s.Percentile, boolInt(s.HighValue), s.ChurnRisk}
}

// boolInt is a BOOLEAN value as GMS holds it (int8 1 or 0).
func boolInt(b bool) int8 {
	if b {
		return 1
	}
	return 0
}

// nullNaN maps a non-finite float to NULL.
func nullNaN(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}
