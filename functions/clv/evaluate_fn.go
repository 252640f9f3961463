package clv

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Evaluation compares a fitted model's holdout predictions with a naive
// baseline in which each customer keeps their calibration repeat rate
// (x/T transactions per time unit, at their mean repeat value mbar).
type Evaluation struct {
	Customers int
	// Totals of holdout transactions: predicted, baseline, actual.
	Predicted, Baseline, Actual float64
	// Errors of the per-customer transaction counts.
	MAE, BaselineMAE, RMSE, BaselineRMSE float64
	// Share of the actual top Share customers by holdout value that each
	// prediction of value ranks in its own top Share.
	TopFound, BaselineTopFound float64
	Share                      float64 // the high-value share, 0 < Share ≤ 1
}

// Evaluate predicts holdout transactions for t time units after the
// calibration period of cs (as Summarize built them, holdout included);
// share is the high-value share whose members the predictions should find.
func Evaluate(f *Fitted, cs []CustomerSummary, t, share float64) Evaluation {
	m := f.Purchases()
	n := len(cs)
	pred, base, actual := make([]float64, n), make([]float64, n), make([]float64, n)
	predV, baseV, actualV := make([]float64, n), make([]float64, n), make([]float64, n)
	e := Evaluation{Customers: n, Share: share}
	for i, c := range cs {
		pred[i] = m.ExpectedPurchases(t, c.Summary)
		if c.T > 0 {
			base[i] = c.X / c.T * t
		}
		actual[i] = c.HoldoutX
		predV[i] = pred[i] * f.Spend.ExpectedAvgValue(c.X, c.MeanValue)
		baseV[i] = base[i] * c.MeanValue
		actualV[i] = c.HoldoutValue
		e.Predicted, e.Baseline, e.Actual = e.Predicted+pred[i], e.Baseline+base[i], e.Actual+actual[i]
	}
	e.MAE, e.BaselineMAE = MAE(pred, actual), MAE(base, actual)
	e.RMSE, e.BaselineRMSE = RMSE(pred, actual), RMSE(base, actual)
	e.TopFound = TopShareFound(predV, actualV, share)
	e.BaselineTopFound = TopShareFound(baseV, actualV, share)
	return e
}

// GradeShare grades a share of high-value customers found (0–1, higher is
// better) as Dynamics 365 Customer Insights grades its CLV model: by the
// gap in percentage points to the baseline's share. "A" more than 5 points
// above the baseline, "B" 0–5 points above or equal, "C" below. (A
// relative gap would grade 21 % against a 20 % baseline A.)
func GradeShare(model, baseline float64) string {
	switch {
	case math.IsNaN(model) || math.IsNaN(baseline) || model < baseline:
		return "C"
	case 100*model-100*baseline > 5+1e-9:
		return "A"
	}
	return "B"
}

// evaluateSchema: one row per metric.
var evaluateSchema = sql.Schema{
	{Name: "metric", Type: types.Text},
	{Name: "model", Type: types.Float64, Nullable: true},
	{Name: "baseline", Type: types.Float64, Nullable: true},
	{Name: "actual", Type: types.Float64, Nullable: true},
	{Name: "improvement_pct", Type: types.Float64, Nullable: true},
	{Name: "grade", Type: types.Text, Nullable: true},
}

// rows renders the evaluation as clv_evaluate's rows.
func (e Evaluation) rows() []sql.Row {
	lower := func(name string, m, b float64) sql.Row {
		return sql.Row{name, nullNaN(m), nullNaN(b), nil, nullNaN(100 * (b - m) / b), Grade(m, b)}
	}
	return []sql.Row{
		{"customers", float64(e.Customers), float64(e.Customers), float64(e.Customers), nil, nil},
		{"purchases_total", e.Predicted, e.Baseline, e.Actual, nil, nil},
		lower("purchases_mae", e.MAE, e.BaselineMAE),
		lower("purchases_rmse", e.RMSE, e.BaselineRMSE),
		{"high_value_found", nullNaN(e.TopFound), nullNaN(e.BaselineTopFound), nil,
			nullNaN(100*e.TopFound - 100*e.BaselineTopFound), GradeShare(e.TopFound, e.BaselineTopFound)},
	}
}

// evaluateRows is SELECT * FROM clv_evaluate(calibration_end, holdout_end
// [, model [, time_unit [, high_value_percent]]]): fit on orders up to calibration_end, predict
// the transactions of the holdout (calibration_end, holdout_end], compare.
// Nothing is stored.
func evaluateRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	const fn = "clv_evaluate"
	kindArg, _ := sqlfn.String(fn, args, 2, "")
	kind, ok := parseKind(kindArg)
	if !ok {
		return nil, sqlfn.ErrArg(fn, "model %q: want 'mbgnbd', 'bgnbd' or 'paretonbd'", kindArg)
	}
	unitArg, _ := sqlfn.String(fn, args, 3, "")
	unit, ok := parseUnit(unitArg)
	if !ok {
		return nil, sqlfn.ErrArg(fn, "time_unit %q: want 'day' or 'week'", unitArg)
	}
	share, err := highValueArg(fn, env, args, 4)
	if err != nil {
		return nil, err
	}
	holdoutEnd, ok, err := sqlfn.Date(fn, args, 1)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, sqlfn.ErrArg(fn, "holdout_end is required")
	}
	if _, ok, err := sqlfn.Date(fn, args, 0); err != nil || !ok {
		return nil, firstErr(err, sqlfn.ErrArg(fn, "calibration_end is required"))
	}
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	_, o, err := readShopOrders(g, fn, env, holdoutEnd)
	if err != nil {
		return nil, err
	}
	calEnd, err := calibrationDay(fn, args, 0, o)
	if err != nil {
		return nil, err
	}
	switch {
	case holdoutEnd <= calEnd:
		return nil, sqlfn.ErrArg(fn, "holdout_end %s must be after calibration_end %s", dayString(holdoutEnd), dayString(calEnd))
	case holdoutEnd > o.LastDay:
		return nil, sqlfn.ErrArg(fn, "holdout_end %s is after the last order (%s): the actual purchases would be incomplete",
			dayString(holdoutEnd), dayString(o.LastDay))
	}
	f, cs, err := FitDataContext(ctx, g, o, calEnd, kind, unit, limitsOf(env))
	if err != nil {
		return nil, fitError(fn, err)
	}
	return Evaluate(f, cs, float64(holdoutEnd-calEnd)/f.UnitDays(), share).rows(), nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
