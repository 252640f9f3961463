package rfm

import (
	"fmt"
	"strconv"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

var profileSchema = sql.Schema{
	{Name: "parameter", Type: varchar(40), Source: "erfm_profile"},
	{Name: "value", Type: types.LongText, Source: "erfm_profile"},
	{Name: "explanation", Type: types.LongText, Source: "erfm_profile"},
}

// profile is the profiler's recommendation: one row per setting.
type profile struct {
	rows [][3]string // name, value, explanation
}

// recommend computes the parameters from the last years of history:
// Jenks natural breaks (5 classes) of recency, frequency, monetary and
// engagement over the customers with a valid order in the window, and the
// lifecycle windows from the repurchase intervals in it.
func recommend(g *sqlfn.Guard, fn string, env sqlfn.Env, years int64) (*profile, string, error) {
	if years < 1 || years > 20 {
		return nil, "", sqlfn.ErrArg(fn, "argument 1: years %d is out of range 1-20", years)
	}
	d, err := gather(g, fn, env, 0, false, need{events: true, days: true, years: years})
	if err != nil {
		return nil, "", err
	}
	if d.empty {
		return nil, d.db, sqlfn.ErrNoData(fn, "no orders in %s: nothing to profile", d.db)
	}
	var rec, frq, mon, eng []float64
	unit := pow10(d.scale)
	for i := range d.cs {
		c := &d.cs[i]
		if c.Orders == 0 {
			continue
		}
		rec = append(rec, float64(d.recency(c)))
		frq = append(frq, float64(c.Orders))
		mon = append(mon, float64(c.Revenue)/unit)
		eng = append(eng, float64(d.engagement(c)))
	}
	if len(rec) == 0 {
		return nil, d.db, sqlfn.ErrNoData(fn, "no valid orders in the last %d years", years)
	}
	from := d.asOf - years*365 + 1
	iv, err := d.b.intervals(from)
	if err != nil {
		return nil, d.db, err
	}
	w := DeriveWindows(iv)
	p := &profile{}
	span := fmt.Sprintf("%d customers with a valid order in the %d days ending %s", len(rec), years*365, dateOf(d.asOf).Format("2006-01-02"))
	for _, s := range []struct {
		name, what string
		v          []float64
		log        bool
	}{{setRecency, "recency days (r = 5 − breaks reached)", rec, false}, {setFrequency, "valid orders (f = 1 + breaks reached)", frq, false},
		{setMonetary, "revenue (m = 1 + breaks reached), on a log scale", mon, true},
		{setEngagement, "90-day engagement score (e = 1 + breaks reached)", eng, false}} {
		bs := NaturalBreaks(s.v, 5, s.log)
		p.rows = append(p.rows, [3]string{s.name, formatBreaks(bs),
			fmt.Sprintf("Jenks natural breaks of %s into %d classes of at least %.0f%% of the %s", s.what, len(bs)+1,
				100*MinClassShare, span)})
	}
	ivText := fmt.Sprintf("%d repurchase intervals (days between consecutive distinct order days) of %d repeat customers in the window, "+
		"each customer weighing the same", len(iv), repeatCustomers(iv))
	if len(iv) == 0 {
		ivText = "no repurchase interval in the window: fallback"
	}
	p.rows = append(p.rows,
		[3]string{setActive, strconv.FormatInt(w.Active, 10), fmt.Sprintf("80th percentile of %s", ivText)},
		[3]string{setLapsed, strconv.FormatInt(w.Lapsed, 10), fmt.Sprintf("95th percentile of %s", ivText)})
	return p, d.db, nil
}

// repeatCustomers counts the customers of intervals (Σ 1/N, exactly).
func repeatCustomers(iv []Interval) int {
	var n float64
	for _, x := range iv {
		n += 1 / float64(x.N)
	}
	return int(n + 0.5)
}

// erfmProfileRows is erfm_profile([years]).
func erfmProfileRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	const fn = "erfm_profile"
	years, err := sqlfn.Int(fn, args, 0, 2)
	if err != nil {
		return nil, err
	}
	p, _, err := recommend(g, fn, env, years)
	if err != nil {
		return nil, err
	}
	rows := make([]sql.Row, len(p.rows))
	for i, r := range p.rows {
		rows[i] = sql.Row{r[0], r[1], r[2]}
	}
	return rows, nil
}

var applySchema = sql.Schema{
	{Name: "parameter", Type: varchar(40), Source: "erfm_apply"},
	{Name: "value", Type: types.LongText, Source: "erfm_apply"},
}

// erfmApply is CALL erfm_apply([years]): saves the profile to settings.
func erfmApply(ctx *sql.Context, years int64) (sql.RowIter, error) {
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	const fn = "erfm_apply"
	env, err := sqlfn.EnvOf(ctx)
	if err != nil {
		return nil, err
	}
	// Refuse before the profile is computed a caller who could not save it
	// (REPLACE INTO settings: INSERT and DELETE, and CREATE when settings
	// is missing).
	if err := sqlfn.CheckWrite(env, defaultDB(env), "settings", sql.PrivilegeType_Insert, sql.PrivilegeType_Delete); err != nil {
		return nil, err
	}
	p, db, err := recommend(g, fn, env, years)
	if err != nil {
		return nil, err
	}
	kv := make([][2]string, len(p.rows))
	rows := make([]sql.Row, len(p.rows))
	for i, r := range p.rows {
		kv[i] = [2]string{r[0], r[1]}
		rows[i] = sql.Row{r[0], r[1]}
	}
	if err := saveSettings(env, db, kv); err != nil {
		return nil, err
	}
	return sql.RowsToRowIter(rows...), nil
}

// erfmReset is CALL erfm_reset(): forget the saved parameters, so rfm()
// and lifecycle() go back to quintiles and derived windows.
func erfmReset(ctx *sql.Context) (sql.RowIter, error) {
	env, err := sqlfn.EnvOf(ctx)
	if err != nil {
		return nil, err
	}
	// Refuse before the settings table is created a caller who could not
	// delete from it (or create it): a refused CALL changes nothing.
	db := defaultDB(env)
	if err := sqlfn.CheckWrite(env, db, "settings", sql.PrivilegeType_Delete); err != nil {
		return nil, err
	}
	n, err := resetSettings(env, db)
	if err != nil {
		return nil, err
	}
	return sql.RowsToRowIter(sql.Row{n}), nil
}
