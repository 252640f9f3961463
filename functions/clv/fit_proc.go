package clv

import (
	"context"
	"errors"
	"math"
	"time"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// FitData fits a purchase model (kind: KindMBGNBD, KindBGNBD or
// KindParetoNBD) and the Gamma-Gamma spend model to the orders as of
// calibrationEnd, in unit (UnitDay or UnitWeek). It returns the fitted
// model (ID 0: not stored) and the customer summaries it was fitted to.
// Customers whose mean repeat value is not positive (free repeat orders)
// are left out of the spend fit only: Gamma-Gamma models positive values.
// Orders that fail lim are refused before any fitting (ErrShortHistory,
// ErrInsufficientData).
func FitData(o *Orders, calibrationEnd int64, kind, unit string, lim Limits) (*Fitted, []CustomerSummary, error) {
	return FitDataContext(context.Background(), nil, o, calibrationEnd, kind, unit, lim)
}

// FitDataContext is FitData, stopped with ctx's error (unwrapped) once
// ctx is done: a fit of millions of customers takes long enough that KILL
// QUERY and max_execution_time must reach it. What it builds per customer
// — the summaries, the model's and the spend model's inputs, and the
// sorted copy of unsorted orders — is charged to g (nil: nothing).
func FitDataContext(ctx context.Context, g *sqlfn.Guard, o *Orders, calibrationEnd int64, kind, unit string, lim Limits) (*Fitted, []CustomerSummary, error) {
	if err := g.Grow(sortBytes(o)); err != nil {
		return nil, nil, err
	}
	cs := Summarize(o.IDs, o.Days, o.Values, calibrationEnd, unitDays(unit))
	if err := g.Grow(int64(len(cs)) * fitInputBytes); err != nil {
		return nil, nil, err
	}
	data := make([]Summary, len(cs))
	freq, mbar := make([]float64, len(cs)), make([]float64, len(cs))
	f := &Fitted{Kind: kind, Unit: unit, CalibrationEnd: calibrationEnd, Customers: int64(len(cs))}
	for i, c := range cs {
		data[i] = c.Summary
		if c.X > 0 {
			f.RepeatCustomers++
			if c.MeanValue > 0 {
				freq[i], mbar[i] = c.X, c.MeanValue
			}
		}
	}
	if err := lim.check(o, calibrationEnd, f.Customers, f.RepeatCustomers); err != nil {
		return nil, nil, err
	}
	var err error
	switch kind {
	case KindParetoNBD:
		f.Pareto, f.LogLikelihood, err = fitParetoNBD(ctx, data)
	case KindMBGNBD:
		f.MBG, f.LogLikelihood, err = fitMBGNBD(ctx, data)
	default:
		f.BG, f.LogLikelihood, err = fitBGNBD(ctx, data)
	}
	if err != nil {
		return nil, nil, err
	}
	if f.Spend, f.SpendLogLikelihood, err = fitGammaGamma(ctx, freq, mbar); err != nil {
		return nil, nil, err
	}
	return f, cs, nil
}

// fitInputBytes is what a fit holds per customer: a summary, the
// model's input and the spend model's frequency and mean value.
var fitInputBytes = summaryBytes + int64(unsafe.Sizeof(Summary{})) + 2*8

// fitError turns a fitting error into a client error that says what to do.
func fitError(fn string, err error) error {
	var refused *RefusedError
	switch {
	// The statement was stopped: the server answers these as they are
	// (KILL QUERY's 1317, max_execution_time's 3024).
	case errors.Is(err, context.Canceled):
		return context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return context.DeadlineExceeded
	case errors.Is(err, membudget.ErrExceeded):
		return err // the server answers it with 1038
	case errors.As(err, &refused):
		return sqlfn.ErrNoData(fn, "%v", err)
	case errors.Is(err, ErrInsufficientData):
		return sqlfn.ErrNoData(fn, "%v; choose a later calibration_end or load more orders", err)
	case errors.Is(err, ErrNoConvergence):
		return sqlfn.ErrNoData(fn, "%v; the orders may be too few or too regular for the model", err)
	}
	return sqlfn.ErrNoData(fn, "%v", err)
}

// readShopOrders reads the valid orders of the analysis database (see
// sqlfn.ShopDB) up to maxDay and fails when there are none.
func readShopOrders(g *sqlfn.Guard, fn string, env sqlfn.Env, maxDay int64) (string, *Orders, error) {
	db := sqlfn.ShopDB(env)
	sn, err := env.Snapshot(db, "orders")
	if err != nil {
		return "", nil, err
	}
	rates, err := fx.Load(env, db)
	if err != nil {
		return "", nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	o, err := ReadOrders(g, sn, maxDay, rates)
	if err != nil {
		return "", nil, sqlfn.ErrNoData(fn, "%s.orders: %v", db, err)
	}
	if o.Lines == 0 {
		return "", nil, sqlfn.ErrNoData(fn, "%s.orders has no valid orders (status = 'valid')", db)
	}
	return db, o, nil
}

// calibrationDay reads a calibration_end argument (default: the last order
// day) and checks that it lies within the orders.
func calibrationDay(fn string, args []any, i int, o *Orders) (int64, error) {
	day, ok, err := sqlfn.Date(fn, args, i)
	if err != nil {
		return 0, err
	}
	if !ok {
		return o.LastDay, nil
	}
	if day < o.FirstDay || day > o.LastDay {
		return 0, sqlfn.ErrArg(fn, "calibration_end %s is outside the orders (%s to %s)",
			dayString(day), dayString(o.FirstDay), dayString(o.LastDay))
	}
	return day, nil
}

// fitSchema is the result of CALL clv_fit: one row per parameter.
var fitSchema = sql.Schema{
	{Name: "model_id", Type: types.Int64},
	{Name: "model", Type: types.Text},
	{Name: "parameter", Type: types.Text},
	{Name: "value", Type: types.Float64, Nullable: true},
}

// clvFit is CALL clv_fit([calibration_end [, model [, time_unit]]]): it
// fits, stores the model in clv_models and returns its parameters.
// GMS passes NULL arguments as "" (the default).
func clvFit(ctx *sql.Context, params ...string) (sql.RowIter, error) {
	const fn = "clv_fit"
	if len(params) > 3 {
		return nil, sqlfn.ErrArg(fn, "takes at most 3 arguments (calibration_end, model, time_unit), got %d", len(params))
	}
	args := make([]any, len(params))
	for i, p := range params {
		if p != "" {
			args[i] = p
		}
	}
	kindArg, _ := sqlfn.String(fn, args, 1, "")
	kind, ok := parseKind(kindArg)
	if !ok {
		return nil, sqlfn.ErrArg(fn, "model %q: want 'mbgnbd', 'bgnbd' or 'paretonbd'", kindArg)
	}
	unitArg, _ := sqlfn.String(fn, args, 2, "")
	unit, ok := parseUnit(unitArg)
	if !ok {
		return nil, sqlfn.ErrArg(fn, "time_unit %q: want 'day' or 'week'", unitArg)
	}
	env, err := sqlfn.EnvOf(ctx)
	if err != nil {
		return nil, err
	}
	// Reading the orders and the fit may take minutes: refuse before them
	// a caller who could not store the model (INSERT, and CREATE when
	// clv_models is missing). Reads are checked first, as they always were.
	shop := sqlfn.ShopDB(env)
	if err := env.Check(shop, "orders", sql.PrivilegeType_Select); err != nil {
		return nil, err
	}
	if err := sqlfn.CheckWrite(env, shop, "clv_models", sql.PrivilegeType_Insert); err != nil {
		return nil, err
	}
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	db, o, err := readShopOrders(g, fn, env, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	calEnd, err := calibrationDay(fn, args, 0, o)
	if err != nil {
		return nil, err
	}
	f, _, err := FitDataContext(ctx, g, o, calEnd, kind, unit, limitsOf(env))
	if err != nil {
		return nil, fitError(fn, err)
	}
	if f.ID, err = saveModel(env, db, f, time.Now()); err != nil {
		return nil, err
	}
	return sql.RowsToRowIter(f.parameterRows()...), nil
}

// parameterRows lists a fitted model's parameters, log-likelihoods and
// customer counts as clv_fit's result rows.
func (f *Fitted) parameterRows() []sql.Row {
	var rows []sql.Row
	add := func(model, name string, v float64) {
		var val any = v
		if math.IsNaN(v) || math.IsInf(v, 0) {
			val = nil
		}
		rows = append(rows, sql.Row{f.ID, model, name, val})
	}
	if f.Kind == KindParetoNBD {
		m := f.Pareto
		add(f.Kind, "r", m.R)
		add(f.Kind, "alpha", m.Alpha)
		add(f.Kind, "s", m.S)
		add(f.Kind, "beta", m.Beta)
	} else {
		m := f.BG
		if f.Kind == KindMBGNBD {
			m = BGNBD(f.MBG)
		}
		add(f.Kind, "r", m.R)
		add(f.Kind, "alpha", m.Alpha)
		add(f.Kind, "a", m.A)
		add(f.Kind, "b", m.B)
	}
	add(f.Kind, "log_likelihood", f.LogLikelihood)
	add("gamma_gamma", "p", f.Spend.P)
	add("gamma_gamma", "q", f.Spend.Q)
	add("gamma_gamma", "gamma", f.Spend.Gamma)
	add("gamma_gamma", "log_likelihood", f.SpendLogLikelihood)
	add("data", "customers", float64(f.Customers))
	add("data", "repeat_customers", float64(f.RepeatCustomers))
	add("data", "unit_days", f.UnitDays())
	return rows
}
