package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

// clvModel is one row of cohortdb's clv_models, as CALL clv_fit left it.
type clvModel struct {
	ID             int64
	CalibrationEnd string // YYYY-MM-DD
	Unit           string
	Params         map[string]float64 // r, alpha, a, b, p, q, gamma
}

// latestCLVModel reads the newest model of clv_models.
func latestCLVModel(ctx context.Context, c *Cohort) (clvModel, error) {
	var m clvModel
	var model, params string
	err := c.db.QueryRowContext(ctx, `SELECT id, CAST(calibration_end AS CHAR), model, time_unit, parameters
FROM clv_models ORDER BY id DESC LIMIT 1`).Scan(&m.ID, &m.CalibrationEnd, &model, &m.Unit, &params)
	if err != nil {
		return m, fmt.Errorf("read clv_models: %w", err)
	}
	if model != "bgnbd" || m.Unit != "day" {
		return m, fmt.Errorf("clv_models %d: model %s in %ss; the DuckDB equivalent is written for bgnbd in days", m.ID, model, m.Unit)
	}
	if len(m.CalibrationEnd) > 10 {
		m.CalibrationEnd = m.CalibrationEnd[:10] // the DATE, sent as DATETIME text
	}
	if err := json.Unmarshal([]byte(params), &m.Params); err != nil {
		return m, fmt.Errorf("clv_models %d: parameters %q: %w", m.ID, params, err)
	}
	for _, k := range []string{"r", "alpha", "a", "b", "p", "q", "gamma"} {
		if !(m.Params[k] > 0) {
			return m, fmt.Errorf("clv_models %d: parameter %s missing or not positive in %s", m.ID, k, params)
		}
	}
	if m.Params["a"]+m.Params["b"] <= 1 {
		// For x = 0 the 2F1's c = a+b-1 must be positive for the
		// log-gamma series below.
		return m, fmt.Errorf("clv_models %d: a + b = %g <= 1: the SQL 2F1 series needs c > 0", m.ID, m.Params["a"]+m.Params["b"])
	}
	return m, nil
}

// clvHorizonDays and clvDiscount are the fixed parameters of the timed
// clv() call.
const (
	clvHorizonDays = 365
	clvDiscount    = 0.10
)

// duckCLV is clv(365, 0.10, model) in DuckDB SQL, from docs/clv.md:
// transactions are customer-days of valid lines up to calibration_end;
// BG/NBD P(alive) (FHL eq. 12) and E[Y(t)] (eq. 10) with 2F1 summed as
// a series in log-gamma form. The terms grow like n^s z^n (s = r+x-a)
// and peak near n = s/-ln z; summing to (|s| + 6 sqrt(|s|+1) + 28)/-ln z
// + 30 terms leaves E[Y] within 1e-12 relative (checked in Python against
// 4x as many terms over x 0-60, T 0-900 days, t 1-12 months, with a
// fitted model's r, alpha = 2.3 days, a, b). The Pochhammer symbols are
// differences of log-gamma values read from one table by x + n and n
// (lgamma per term was about 3x slower on S1). The horizon is cut into
// 12 months of 365/12 days, each month's expected purchases valued at
// Gamma-Gamma's E[M] and discounted to the month's end. E[Y]/P(alive) depends on (x, T)
// only, so the series runs once per distinct (x, T) and month.
func duckCLV(m clvModel) string {
	p := m.Params
	f := func(k string) string { return fmt.Sprintf("CAST(%v AS DOUBLE)", p[k]) }
	r := strings.NewReplacer("{R}", f("r"), "{ALPHA}", f("alpha"), "{A}", f("a"), "{B}", f("b"),
		"{P}", f("p"), "{Q}", f("q"), "{G}", f("gamma"), "{CAL}", m.CalibrationEnd,
		"{D}", fmt.Sprint(clvDiscount), "{H}", fmt.Sprint(clvHorizonDays))
	return r.Replace(duckCLVTemplate)
}

const duckCLVTemplate = `WITH t AS (SELECT customer_id, CAST(ordered_at AS DATE) AS d, CAST(SUM(amount) AS DOUBLE) AS v FROM orders_reporting
  WHERE status = 'valid' AND CAST(ordered_at AS DATE) <= DATE '{CAL}' GROUP BY customer_id, CAST(ordered_at AS DATE)),
tk AS (SELECT t.*, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY d) AS k FROM t),
s AS (SELECT customer_id, COUNT(*) - 1 AS x, date_diff('day', MIN(d), MAX(d)) AS tx,
  date_diff('day', MIN(d), DATE '{CAL}') AS tt,
  COALESCE(SUM(v) FILTER (WHERE k > 1) / NULLIF(COUNT(*) - 1, 0), 0) AS zbar FROM tk GROUP BY customer_id),
h AS (SELECT DISTINCT x, tt FROM s),
mo AS (SELECT range AS k, LEAST(range / 12.0, {H} / 365.0) * 365 AS t FROM range(1, CAST(ceil({H} / 365.0 * 12 - 1e-9) AS BIGINT) + 1)),
hz AS (SELECT x, tt, k, t, t / ({ALPHA} + tt + t) AS z, {R} + x AS aa, {B} + x AS bb, {A} + {B} + x - 1 AS cc FROM h, mo),
nz AS (SELECT *, CAST(ceil((abs(aa + bb - cc - 1) + 6 * sqrt(abs(aa + bb - cc - 1) + 1) + 28) / -ln(z)) AS BIGINT) + 30 AS nt FROM hz),
lg AS (SELECT range AS j, lgamma({R} + range) AS la, lgamma({B} + range) AS lb, lgamma({A} + {B} - 1 + range) AS lc,
  lgamma(range + 1) AS l1 FROM range(0, (SELECT MAX(x + nt) + 1 FROM nz))),
nzc AS (SELECT nz.x, nz.tt, nz.k, nz.nt, lg.la AS la0, lg.lb AS lb0, lg.lc AS lc0, ln(nz.z) AS lz FROM nz JOIN lg ON lg.j = nz.x),
terms AS (SELECT x, tt, k, la0, lb0, lc0, lz, unnest(generate_series(0, nt)) AS n FROM nzc),
f21 AS (SELECT x, tt, k, SUM(exp(g.la - la0 + g.lb - lb0 - g.lc + lc0 - h.l1 + n * lz)) AS f
  FROM terms JOIN lg g ON g.j = terms.x + terms.n JOIN lg h ON h.j = terms.n GROUP BY x, tt, k),
ey AS (SELECT f21.x, f21.tt, f21.k, mo.t,
  ({A} + {B} + f21.x - 1) / ({A} - 1) * (1 - pow(({ALPHA} + f21.tt) / ({ALPHA} + f21.tt + mo.t), {R} + f21.x) * f21.f) AS ey
  FROM f21 JOIN mo ON mo.k = f21.k),
ed AS (SELECT x, tt, k, t, ey, ey - COALESCE(LAG(ey) OVER (PARTITION BY x, tt ORDER BY k), 0) AS inc FROM ey),
dp AS (SELECT x, tt, SUM(inc * exp(-(t / 365.0) * ln(1 + {D}))) AS disc, arg_max(ey, k) AS ey FROM ed GROUP BY x, tt),
c AS (SELECT s.customer_id, s.x, s.tx, s.tt, s.zbar,
  1 / (1 + CASE WHEN s.x > 0 THEN {A} / ({B} + s.x - 1) * pow(({ALPHA} + s.tt) / ({ALPHA} + s.tx), {R} + s.x) ELSE 0 END) AS p_alive,
  dp.disc, dp.ey, CASE WHEN {Q} > 1 THEN {P} * ({G} + s.x * s.zbar) / ({P} * s.x + {Q} - 1) END AS em
  FROM s JOIN dp ON dp.x = s.x AND dp.tt = s.tt),
v AS (SELECT c.*, ey * p_alive AS expected_purchases, em * disc * p_alive AS clv, COUNT(*) OVER () AS n FROM c)
SELECT customer_id, x AS frequency, CAST(tx AS DOUBLE) AS recency, CAST(tt AS DOUBLE) AS T, zbar AS monetary_value, p_alive,
  expected_purchases, em AS expected_avg_order_value, clv AS predicted_clv,
  100 * PERCENT_RANK() OVER (ORDER BY clv) AS clv_percentile,
  ROW_NUMBER() OVER (ORDER BY clv DESC, customer_id) <= CAST(ceil(0.2 * n - 1e-9) AS BIGINT) AS high_value,
  CASE WHEN p_alive >= 0.7 THEN 'low' WHEN p_alive >= 0.3 THEN 'medium' ELSE 'high' END AS churn_risk
FROM v`

// reconcileCLVRanks accepts rank-derived columns that differ only because
// predicted CLVs equal within float noise (1e-9 relative) were ordered
// differently: a clv_percentile may differ by the share of such near-ties,
// and high_value may flip for a customer whose CLV is a near-tie of the
// top-20% boundary. Rows are matched by customer_id (the first column).
func reconcileCLVRanks(want, got *Result) {
	ci, pi, hi := want.col("predicted_clv"), want.col("clv_percentile"), want.col("high_value")
	if ci < 0 || pi < 0 || hi < 0 || len(want.Rows) < 2 {
		return
	}
	vals := make([]float64, 0, len(want.Rows))
	byID := make(map[string][]Cell, len(want.Rows))
	for _, r := range want.Rows {
		vals = append(vals, r[ci].Num)
		byID[r[0].String()] = r
	}
	sort.Float64s(vals)
	n := len(vals)
	boundary := vals[n-1-int(math.Ceil(0.2*float64(n)-1e-9))+1] // smallest high-value CLV
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))+1e-9 }
	for _, g := range got.Rows {
		w, ok := byID[g[0].String()]
		if !ok || !near(w[ci].Num, g[ci].Num) {
			continue
		}
		v := w[ci].Num
		tol := 1e-9*math.Abs(v) + 1e-9
		ties := sort.SearchFloat64s(vals, v+tol) - sort.SearchFloat64s(vals, v-tol) - 1
		if slack := 100 * float64(ties) / float64(n-1); math.Abs(g[pi].Num-w[pi].Num) <= slack+1e-9 {
			g[pi] = w[pi]
		}
		if g[hi] != w[hi] && near(v, boundary) {
			g[hi] = w[hi]
		}
	}
}

func (r *Result) col(name string) int {
	for i, c := range r.Columns {
		if c == name {
			return i
		}
	}
	return -1
}
