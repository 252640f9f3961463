package rfm

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

func varchar(n int64) sql.Type { return types.MustCreateStringWithDefaults(sqltypes.VarChar, n) }

var lifecycleSchema = sql.Schema{
	{Name: "customer_id", Type: types.Int64, Source: "lifecycle"},
	{Name: "signup_date", Type: types.Date, Source: "lifecycle"},
	{Name: "orders", Type: types.Int64, Source: "lifecycle"},
	{Name: "revenue", Type: moneyType, Source: "lifecycle"},
	{Name: "first_order_date", Type: types.Date, Source: "lifecycle", Nullable: true},
	{Name: "last_order_date", Type: types.Date, Source: "lifecycle", Nullable: true},
	{Name: "recency_days", Type: types.Int64, Source: "lifecycle", Nullable: true},
	{Name: "emarsys_stage", Type: varchar(20), Source: "lifecycle"},
	{Name: "ometria_status", Type: varchar(10), Source: "lifecycle"},
	{Name: "buyer_status", Type: varchar(10), Source: "lifecycle", Nullable: true},
	{Name: "value_tier", Type: varchar(10), Source: "lifecycle", Nullable: true},
	{Name: "engagement_level", Type: varchar(10), Source: "lifecycle"},
	{Name: "emarsys_buyer_status", Type: varchar(12), Source: "lifecycle", Nullable: true},
	{Name: "emarsys_lead_status", Type: varchar(14), Source: "lifecycle", Nullable: true},
}

// intervalYears is how much history sets the default lifecycle windows.
const intervalYears = 2

// monetaryScores is rfm()'s m of every buyer of d, by index into d.cs (0
// for leads), as rfm() scores by default: by the saved monetary breaks
// when CALL erfm_apply() saved thresholds, else by quintiles.
func monetaryScores(d *data, p *Params) []uint8 {
	out := make([]uint8, len(d.cs))
	var idx []int32
	var mon []int64
	for i := range d.cs {
		if c := &d.cs[i]; c.Orders > 0 {
			idx, mon = append(idx, int32(i)), append(mon, c.Revenue)
		}
	}
	ms := make([]uint8, len(mon))
	if p.hasBreaks() {
		unit := pow10(d.scale)
		for k, v := range mon {
			ms[k] = ThresholdScore(float64(v)/unit, p.Monetary, true)
		}
	} else {
		QuintileScores(mon, true, ms, nil)
	}
	for k, i := range idx {
		out[i] = ms[k]
	}
	return out
}

// windows resolves the lifecycle windows: call arguments args[i] (active)
// and args[i+1] (lapsed), else saved settings, else derived from the
// repurchase intervals of the last two years (read only when an argument
// is missing: windowsGiven).
func windows(fn string, env sqlfn.Env, d *data, args []any, i int) (Windows, error) {
	p, err := loadParams(fn, env, d.db)
	if err != nil {
		return Windows{}, err
	}
	var w Windows
	if !windowsGiven(args, i) {
		iv, err := d.b.intervals(d.asOf - intervalYears*365 + 1)
		if err != nil {
			return Windows{}, err
		}
		w = DeriveWindows(iv)
		if p.ActiveDays > 0 {
			w.Active = p.ActiveDays
		}
		if p.LapsedDays > 0 {
			w.Lapsed = p.LapsedDays
		}
	}
	a, err := sqlfn.Int(fn, args, i, w.Active)
	if err != nil {
		return w, err
	}
	l, err := sqlfn.Int(fn, args, i+1, w.Lapsed)
	if err != nil {
		return w, err
	}
	switch {
	case a < 1 || a > 36500:
		return w, sqlfn.ErrArg(fn, "argument %d: active_days %d is out of range 1-36500", i+1, a)
	case l < a || l > 36500:
		return w, sqlfn.ErrArg(fn, "argument %d: lapsed_days %d must be between active_days (%d) and 36500", i+2, l, a)
	}
	return Windows{Active: a, Lapsed: l}, nil
}

// windowsGiven reports whether the call gives both windows (args[i] and
// args[i+1]): the repurchase intervals that derive the defaults are then
// not needed (gather's need.days), a sort of every valid order's day.
func windowsGiven(args []any, i int) bool {
	return i+1 < len(args) && args[i] != nil && args[i+1] != nil
}

// nullStr maps "" to NULL.
func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}
