package web

import (
	"fmt"
	"time"
)

// endpoint is one JSON endpoint, /api/<name>: a read statement over
// cohortdb's own SQL functions, built from validated URL parameters.
// Endpoints whose params include as_of get it resolved to the latest
// order day when the URL leaves it out, so every response names the day
// it was computed for.
type endpoint struct {
	name   string
	doc    string
	params []param
	sql    func(a args) string
	// derive, when set, computes the rows of sql from a statement the
	// endpoint shares with others of its page (shared.go).
	derive *derived
}

// usesAsOf reports whether e takes the as_of parameter.
func (e *endpoint) usesAsOf() bool {
	for _, p := range e.params {
		if p.name == asOfParam.name {
			return true
		}
	}
	return false
}

// rfmWidthParam is the width of rfm_monetary's revenue bands.
var rfmWidthParam = param{name: "width", kind: kindInt, def: "500", min: 1, max: 1e9, doc: "band width in the reporting currency"}

// rfmGroups is the eRFM page's shared statement: rfm() as of as_of,
// grouped by every key of the page's grid, segment and distribution
// charts (revenue bands of the width rfm_monetary asks for, else its
// default), with each group's customers and revenue.
var rfmGroups = &sharedStmt{sql: func(a args) string {
	w, ok := a["width"]
	if !ok {
		w = rfmWidthParam.def
	}
	fm := "(f + m + 1) DIV 2"
	return "SELECT r, " + fm + " AS fm, rfm_segment(r, " + fm + ", " + fm + ") AS grid_segment, segment, " +
		"recency_days DIV 30 * 30 AS recency_from, frequency, FLOOR(monetary / " + w + ") * " + w + " AS revenue_from, " +
		"COUNT(*) AS customers, SUM(monetary) AS revenue FROM rfm(" + a.lit("as_of") + ") " +
		"GROUP BY r, fm, grid_segment, segment, recency_from, frequency, revenue_from"
}}

// clvGroups is the CLV page's shared statement: clv() over the horizon,
// each customer with their Emarsys stage as of as_of (NULL for a lead or
// a customer lifecycle() does not know on that day), grouped by every
// key of the page's decile, high-value, churn and P(alive)-by-stage
// charts, with each group's customers, predicted CLV and P(alive) and the
// counts of their non-NULL values that AVG divides by. The left join
// keeps every clv() row once (lifecycle() has one row per customer), so
// the charts that ignore the stage add up exactly clv()'s rows.
var clvGroups = &sharedStmt{sql: func(a args) string {
	return "SELECT LEAST(FLOOR(c.clv_percentile / 10), 9) * 10 AS percentile_from, " +
		"CASE WHEN c.high_value THEN 'high value' ELSE 'other' END AS customer_group, c.churn_risk AS churn_risk, l.emarsys_stage AS stage, " +
		"COUNT(*) AS customers, SUM(c.predicted_clv) AS predicted_clv, COUNT(c.predicted_clv) AS clv_customers, " +
		"SUM(c.p_alive) AS p_alive, COUNT(c.p_alive) AS alive_customers FROM clv(" + a.num("horizon_days") + ") c " +
		"LEFT JOIN " + clvStages(a) + " ON l.customer_id = c.customer_id " +
		"GROUP BY percentile_from, customer_group, churn_risk, stage"
}}

// clvStages is the derived table l of the customers' Emarsys stages as
// of as_of, leads left out (they have no P(alive)): narrow, so a hash
// join keeps two columns a row, not lifecycle()'s twelve.
func clvStages(a args) string {
	return "(SELECT customer_id, emarsys_stage FROM lifecycle(" + a.lit("as_of") + ") WHERE emarsys_stage <> 'lead') l"
}

// clvParams are the parameters of the CLV page's clv() charts: the
// horizon, and the day of the stages in the statement they share.
var clvParams = []param{horizonParam, {name: "as_of", kind: kindDate,
	doc: "day of the lifecycle stages in the grouping these charts share (default the latest order day); clv() itself scores as of its model's calibration_end"}}

// endpoints lists every endpoint, in the order docs/web.md lists them.
var endpoints = []*endpoint{
	// Lifecycle
	{name: "lifecycle_stages", doc: "contacts, customers and revenue per Emarsys stage (customer_snapshot('stage'))",
		params: []param{asOfParam},
		sql: func(a args) string {
			return "SELECT dimension_value AS stage, contacts, customers, total_clv AS revenue " +
				"FROM customer_snapshot('stage', " + a.lit("as_of") + ")"
		}},
	{name: "lifecycle_movement", doc: "customers gained, with a second order, won back and saved in the 30 days to as_of, against the 30 days before (customer_events)",
		params: []param{asOfParam},
		sql: func(a args) string {
			to := a.date("as_of")
			return "SELECT event, customers, compare_customers FROM customer_events(" +
				dayLit(to.AddDate(0, 0, -29)) + ", " + dayLit(to) + ") WHERE event <> 'unique_customers'"
		}},
	{name: "lifecycle_lapsed", doc: "customers who lapsed (their last order lapsed_days + 1 days before a day of the range) in the 30 days to as_of, against the 30 days before (new_vs_returning by day)",
		params: []param{asOfParam},
		sql: func(a args) string {
			// One call over both ranges, so the lifecycle windows are
			// derived as of as_of for both, as customer_events does.
			to := a.date("as_of")
			from := to.AddDate(0, 0, -29)
			return "SELECT 'lapsed' AS event, " +
				"SUM(CASE WHEN period_start >= " + dayLit(from) + " THEN lapsed_customers ELSE 0 END) AS customers, " +
				"SUM(CASE WHEN period_start < " + dayLit(from) + " THEN lapsed_customers ELSE 0 END) AS compare_customers " +
				"FROM new_vs_returning(" + dayLit(from.AddDate(0, 0, -30)) + ", " + dayLit(to) + ", 'day')"
		}},
	{name: "lifecycle_aov", doc: "average order value per month by the Emarsys stage just before the order, the 12 months to as_of (revenue_impact)",
		params: []param{asOfParam, {name: "months", kind: kindInt, def: "12", min: 1, max: 120, doc: "months shown"}},
		sql: func(a args) string {
			to := a.date("as_of")
			from := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-atoi(a.num("months")), 0)
			return "SELECT period_start, dimension_value AS stage, orders, revenue, avg_order_value " +
				"FROM revenue_impact(" + dayLit(from) + ", " + dayLit(to) + ", 'month', 'stage')"
		}},
	// eRFM
	{name: "rfm_grid", doc: "customers and revenue per cell of the R × FM grid that names the 11 segments (rfm, rfm_segment)",
		params: []param{asOfParam},
		sql: func(a args) string {
			return "SELECT r, (f + m + 1) DIV 2 AS fm, rfm_segment(r, (f + m + 1) DIV 2, (f + m + 1) DIV 2) AS segment, " +
				"COUNT(*) AS customers, SUM(monetary) AS revenue FROM rfm(" + a.lit("as_of") + ") " +
				"GROUP BY r, fm, segment ORDER BY r DESC, fm"
		},
		derive: &derived{from: rfmGroups, keys: 3,
			cols:  []derivedCol{col("r", "r"), col("fm", "fm"), col("segment", "grid_segment"), col("customers", "customers"), col("revenue", "revenue")},
			order: []orderBy{{col: 0, num: true, desc: true}, {col: 1, num: true}}}},
	{name: "rfm_segments", doc: "customers and revenue per eRFM segment (rfm)",
		params: []param{asOfParam},
		sql: func(a args) string {
			return "SELECT segment, COUNT(*) AS customers, SUM(monetary) AS revenue FROM rfm(" + a.lit("as_of") + ") " +
				"GROUP BY segment ORDER BY customers DESC, segment"
		},
		derive: &derived{from: rfmGroups, keys: 1,
			cols:  []derivedCol{col("segment", "segment"), col("customers", "customers"), col("revenue", "revenue")},
			order: []orderBy{{col: 1, num: true, desc: true}, {col: 0}}}},
	{name: "rfm_cell", doc: "the customers of one cell of the R × FM grid, by revenue (rfm)",
		params: []param{asOfParam,
			{name: "r", kind: kindInt, def: "5", min: 1, max: 5, doc: "recency score"},
			{name: "fm", kind: kindInt, def: "5", min: 1, max: 5, doc: "FM score, (f + m + 1) DIV 2"},
			{name: "limit", kind: kindInt, def: "200", min: 1, max: 10000, doc: "rows"}},
		sql: func(a args) string {
			return "SELECT customer_id, last_order_date, recency_days, frequency, monetary, engagement, r, f, m, e, segment " +
				"FROM rfm(" + a.lit("as_of") + ") WHERE r = " + a.num("r") + " AND (f + m + 1) DIV 2 = " + a.num("fm") +
				" ORDER BY monetary DESC, customer_id LIMIT " + a.num("limit")
		}},
	{name: "erfm_profile", doc: "the profiler's recommended thresholds (erfm_profile)",
		params: []param{{name: "years", kind: kindInt, def: "2", min: 1, max: 20, doc: "years of history"}},
		sql: func(a args) string {
			return "SELECT parameter, value, explanation FROM erfm_profile(" + a.num("years") + ")"
		}},
	{name: "rfm_recency", doc: "customers per 30-day band of recency (rfm)",
		params: []param{asOfParam},
		sql: func(a args) string {
			return "SELECT recency_days DIV 30 * 30 AS recency_from, COUNT(*) AS customers FROM rfm(" + a.lit("as_of") + ") " +
				"GROUP BY recency_from ORDER BY recency_from"
		},
		derive: &derived{from: rfmGroups, keys: 1,
			cols:  []derivedCol{col("recency_from", "recency_from"), col("customers", "customers")},
			order: []orderBy{{col: 0, num: true}}}},
	{name: "rfm_frequency", doc: "customers per number of valid orders (rfm)",
		params: []param{asOfParam},
		sql: func(a args) string {
			return "SELECT frequency, COUNT(*) AS customers FROM rfm(" + a.lit("as_of") + ") GROUP BY frequency ORDER BY frequency"
		},
		derive: &derived{from: rfmGroups, keys: 1,
			cols:  []derivedCol{col("frequency", "frequency"), col("customers", "customers")},
			order: []orderBy{{col: 0, num: true}}}},
	{name: "rfm_monetary", doc: "customers per band of revenue, bands of width (rfm)",
		params: []param{asOfParam, rfmWidthParam},
		sql: func(a args) string {
			w := a.num("width")
			return "SELECT FLOOR(monetary / " + w + ") * " + w + " AS revenue_from, COUNT(*) AS customers FROM rfm(" + a.lit("as_of") + ") " +
				"GROUP BY revenue_from ORDER BY revenue_from"
		},
		derive: &derived{from: rfmGroups, keys: 1,
			cols:  []derivedCol{col("revenue_from", "revenue_from"), col("customers", "customers")},
			order: []orderBy{{col: 0, num: true}}}},
	// Snapshot
	{name: "snapshot", doc: "Ometria's customer snapshot for one dimension (customer_snapshot)",
		params: []param{{name: "dimension", kind: kindEnum, def: "lifecycle", choices: dimensions, doc: "dimension"}, asOfParam},
		sql: func(a args) string {
			return "SELECT * FROM customer_snapshot(" + a.str("dimension") + ", " + a.lit("as_of") + ")"
		}},
	{name: "matrix", doc: "two snapshot dimensions against each other (dimension_matrix)",
		params: []param{
			{name: "dim_a", kind: kindEnum, def: "lifecycle", choices: dimensions, doc: "rows"},
			{name: "dim_b", kind: kindEnum, def: "engagement", choices: dimensions, doc: "columns"},
			{name: "measure", kind: kindEnum, def: "contacts", choices: []string{"contacts", "customers", "orders", "revenue"}, doc: "measure"},
			asOfParam},
		sql: func(a args) string {
			return "SELECT a_value, b_value, contacts, customers, orders, revenue, share, share_of_a, share_of_b " +
				"FROM dimension_matrix(" + a.str("dim_a") + ", " + a.str("dim_b") + ", " + a.str("measure") + ", " + a.lit("as_of") + ")"
		}},
	{name: "value_tiers", doc: "contacts, customers and revenue per value tier (customer_snapshot('value_tier'))",
		params: []param{asOfParam},
		sql: func(a args) string {
			return "SELECT dimension_value AS value_tier, contacts, customers, total_clv AS revenue, avg_order_value " +
				"FROM customer_snapshot('value_tier', " + a.lit("as_of") + ")"
		}},
	// CLV and churn
	{name: "clv_distribution", doc: "customers and predicted CLV per decile of clv_percentile (clv)",
		params: clvParams,
		sql: func(a args) string {
			return "SELECT LEAST(FLOOR(clv_percentile / 10), 9) * 10 AS percentile_from, COUNT(*) AS customers, " +
				"SUM(predicted_clv) AS predicted_clv, AVG(predicted_clv) AS avg_predicted_clv FROM clv(" + a.num("horizon_days") + ") " +
				"GROUP BY percentile_from ORDER BY percentile_from"
		},
		derive: &derived{from: clvGroups, keys: 1,
			cols: []derivedCol{col("percentile_from", "percentile_from"), col("customers", "customers"),
				{name: "predicted_clv", from: "predicted_clv", how: sumDouble},
				{name: "avg_predicted_clv", from: "predicted_clv", how: avgDouble, per: "clv_customers"}},
			order: []orderBy{{col: 0, num: true}}}},
	{name: "clv_high_value", doc: "customers and predicted CLV of the high-value 20 % and the rest, and their shares of all (clv)",
		params: clvParams,
		sql: func(a args) string {
			return "SELECT customer_group, customers, predicted_clv, customers / SUM(customers) OVER () AS customer_share, " +
				"predicted_clv / SUM(predicted_clv) OVER () AS clv_share FROM (SELECT CASE WHEN high_value THEN 'high value' ELSE 'other' END AS customer_group, " +
				"COUNT(*) AS customers, SUM(predicted_clv) AS predicted_clv FROM clv(" + a.num("horizon_days") + ") GROUP BY customer_group) g ORDER BY customer_group"
		},
		derive: &derived{from: clvGroups, keys: 1,
			cols: []derivedCol{col("customer_group", "customer_group"), col("customers", "customers"),
				{name: "predicted_clv", from: "predicted_clv", how: sumDouble},
				{name: "customer_share", from: "customers", how: shareExact},
				{name: "clv_share", from: "predicted_clv", how: shareDouble}},
			order: []orderBy{{col: 0}}}},
	{name: "clv_churn", doc: "customers per churn risk (clv)",
		params: clvParams,
		sql: func(a args) string {
			return "SELECT churn_risk, COUNT(*) AS customers, AVG(p_alive) AS avg_p_alive FROM clv(" + a.num("horizon_days") + ") " +
				"GROUP BY churn_risk ORDER BY churn_risk"
		},
		derive: &derived{from: clvGroups, keys: 1,
			cols: []derivedCol{col("churn_risk", "churn_risk"), col("customers", "customers"),
				{name: "avg_p_alive", from: "p_alive", how: avgDouble, per: "alive_customers"}},
			order: []orderBy{{col: 0}}}},
	{name: "clv_alive_by_stage", doc: "customers and mean P(alive) per Emarsys stage as of as_of (clv joined with lifecycle)",
		params: clvParams,
		sql: func(a args) string {
			return "SELECT l.emarsys_stage AS stage, COUNT(*) AS customers, AVG(c.p_alive) AS avg_p_alive FROM " + clvStages(a) +
				" JOIN (SELECT customer_id, p_alive FROM clv(" + a.num("horizon_days") + ")) c ON c.customer_id = l.customer_id " +
				"GROUP BY l.emarsys_stage ORDER BY stage"
		},
		derive: &derived{from: clvGroups, keys: 1, skipNull: true,
			cols: []derivedCol{col("stage", "stage"), col("customers", "customers"),
				{name: "avg_p_alive", from: "p_alive", how: avgDouble, per: "alive_customers"}},
			order: []orderBy{{col: 0}}}},
	{name: "clv_models", doc: "the fitted models, newest first: parameters and fit statistics (the clv_models table)",
		sql: func(a args) string {
			return "SELECT id, fitted_at, calibration_end, model, time_unit, log_likelihood, spend_log_likelihood, customers, repeat_customers, parameters " +
				"FROM clv_models ORDER BY id DESC LIMIT 10"
		}},
	{name: "clv_evaluate", doc: "the model's grade: fit on orders up to as_of − holdout_days, compared with the holdout (clv_evaluate)",
		params: []param{asOfParam, {name: "holdout_days", kind: kindInt, def: "90", min: 1, max: 3650, doc: "holdout days"}},
		sql: func(a args) string {
			to := a.date("as_of")
			return "SELECT metric, model, baseline, actual, improvement_pct, grade FROM clv_evaluate(" +
				dayLit(to.AddDate(0, 0, -atoi(a.num("holdout_days")))) + ", " + dayLit(to) + ")"
		}},
	// Affinity
	{name: "top_products", doc: "items by distinct buyers in the days to as_of (top_products)",
		params: []param{levelParam, asOfParam,
			{name: "days", kind: kindInt, def: "365", min: 1, max: 36500, doc: "window"},
			{name: "segment", kind: kindName, doc: "only this saved segment's members"},
			{name: "limit", kind: kindInt, def: "20", min: 1, max: 1000, doc: "rows"}},
		sql: func(a args) string {
			to := a.date("as_of")
			return "SELECT `rank`, item, buyers, buyer_share, units, revenue, orders, to_first_time, to_repeat FROM top_products(" +
				a.str("level") + ", " + a.str("segment") + ", " + dayLit(to.AddDate(0, 0, 1-atoi(a.num("days")))) + ", " + dayLit(to) +
				") LIMIT " + a.num("limit")
		}},
	{name: "top_products_by_stage", doc: "the top items by distinct buyers among the customers of each Emarsys stage as of as_of, in the days to as_of (top_products_by)",
		params: []param{levelParam, asOfParam,
			{name: "days", kind: kindInt, def: "365", min: 1, max: 36500, doc: "window"},
			{name: "per_stage", kind: kindInt, def: "5", min: 1, max: 1000, doc: "items per stage"}},
		sql: func(a args) string {
			to := a.date("as_of")
			return "SELECT dimension_value AS stage, `rank`, item, buyers, buyer_share, revenue FROM top_products_by('stage', " +
				a.str("level") + ", " + dayLit(to.AddDate(0, 0, 1-atoi(a.num("days")))) + ", " + dayLit(to) + ", " + a.num("per_stage") + ")"
		}},
	{name: "affinity_rules", doc: "association rules between items bought together (affinity_rules)",
		params: []param{levelParam,
			{name: "min_support", kind: kindFloat, def: "0.01", min: 0, max: 1e9, doc: "share of baskets (< 1) or basket count"},
			{name: "min_confidence", kind: kindFloat, def: "0", min: 0, max: 1, doc: "minimum confidence"},
			{name: "limit", kind: kindInt, def: "30", min: 1, max: 1000, doc: "rows"}},
		sql: func(a args) string {
			return "SELECT antecedent, consequent, baskets, support, confidence, lift FROM affinity_rules(" +
				a.str("level") + ", " + a.num("min_support") + ", " + a.num("min_confidence") + ") LIMIT " + a.num("limit")
		}},
	{name: "recommendations", doc: "one customer's recommended products (recommendations)",
		params: []param{{name: "customer_id", kind: kindInt, def: "1", min: 0, max: 1 << 53, doc: "customer"},
			{name: "k", kind: kindInt, def: "5", min: 1, max: 1000, doc: "products"}},
		sql: func(a args) string {
			return "SELECT r.`rank`, r.product_id, p.name, r.score, r.reason_product_id FROM recommendations(" +
				a.num("customer_id") + ", " + a.num("k") + ") r LEFT JOIN products p ON p.product_id = r.product_id ORDER BY r.`rank`"
		}},
	// Segments
	{name: "segments", doc: "saved segments with sizes, refresh times and control groups (the segments table)",
		sql: func(a args) string {
			return "SELECT name, size, refreshed_at, control_percent, control_seed FROM segments ORDER BY name"
		}},
	{name: "segment_algebra", doc: "sizes of two segments and of their intersection, union and differences (segment_members)",
		params: []param{{name: "a", kind: kindName, def: "", doc: "segment A"}, {name: "b", kind: kindName, def: "", doc: "segment B"}},
		sql:    segmentAlgebraSQL},
	{name: "uplift", doc: "a segment's treated and control groups compared over an order window (uplift)",
		params: []param{{name: "segment", kind: kindName, doc: "segment with a control group"},
			{name: "from", kind: kindDate, doc: "first day; default 29 days before to"},
			{name: "to", kind: kindDate, doc: "last day; default the latest order day"}},
		sql: func(a args) string {
			return "SELECT 'treated' AS grp, treated_customers AS customers, treated_buyers AS buyers, treated_conversion AS conversion, " +
				"treated_revenue_per_customer AS revenue_per_customer, conversion_uplift, conversion_ci_low, conversion_ci_high, " +
				"conversion_p_value, revenue_uplift, revenue_ci_low, revenue_ci_high, revenue_p_value, incremental_revenue FROM " + upliftCall(a) +
				" UNION ALL SELECT 'control', control_customers, control_buyers, control_conversion, control_revenue_per_customer, " +
				"conversion_uplift, conversion_ci_low, conversion_ci_high, conversion_p_value, revenue_uplift, revenue_ci_low, " +
				"revenue_ci_high, revenue_p_value, incremental_revenue FROM " + upliftCall(a)
		}},
	{name: "uplift_interval", doc: "a segment's uplift of one measure, treated − control (conversion: a fraction; revenue: per customer), with its 95 % confidence interval and p-value (uplift)",
		params: []param{{name: "segment", kind: kindName, doc: "segment with a control group"},
			{name: "from", kind: kindDate, doc: "first day; default 29 days before to"},
			{name: "to", kind: kindDate, doc: "last day; default the latest order day"},
			{name: "measure", kind: kindEnum, def: "conversion", choices: []string{"conversion", "revenue"}, doc: "conversion or revenue per customer"}},
		sql: func(a args) string {
			m := upliftMeasures[a["measure"]]
			return "SELECT '" + a["measure"] + "' AS measure, " + m + "_uplift AS uplift, " + m + "_ci_low AS ci_low, " + m + "_ci_high AS ci_high, " +
				m + "_p_value AS p_value FROM " + upliftCall(a)
		}},
	// Data
	{name: "load_history", doc: "the latest loads (the load_history table)",
		params: []param{{name: "limit", kind: kindInt, def: "50", min: 1, max: 10000, doc: "rows"}},
		sql: func(a args) string {
			return "SELECT id, started_at, finished_at, `table`, source, rows_read, rows_loaded, rows_rejected, status, message " +
				"FROM load_history ORDER BY id DESC LIMIT " + a.num("limit")
		}},
	{name: "data_quality", doc: "data quality checks (data_quality)",
		params: []param{{name: "threshold", kind: kindFloat, def: "0.2", min: 0, max: 1, doc: "flag at this share"}},
		sql: func(a args) string {
			return "SELECT table_name, check_name, column_name, `rows`, last_load_at, problem_rows, share, flagged " +
				"FROM data_quality(NULL, " + a.num("threshold") + ")"
		}},
}

var horizonParam = param{name: "horizon_days", kind: kindInt, def: "365", min: 1, max: 36500, doc: "prediction horizon"}

// upliftMeasures maps uplift_interval's measure to the prefix of
// uplift()'s columns (the statement names no other column).
var upliftMeasures = map[string]string{"conversion": "conversion", "revenue": "revenue"}

func upliftCall(a args) string {
	return "uplift(" + a.str("segment") + ", " + a.lit("from") + ", " + a.lit("to") + ")"
}

func segmentAlgebraSQL(a args) string {
	if _, ok := a["a"]; !ok {
		return ""
	}
	sa := a.str("a")
	if _, ok := a["b"]; !ok {
		return "SELECT 'A' AS expression, COUNT(*) AS customers FROM segment_members(" + sa + ")"
	}
	sb := a.str("b")
	q := ""
	for i, e := range []struct{ label, args string }{
		{"A", sa}, {"B", sb},
		{"A AND B", sa + ", 'AND', " + sb}, {"A OR B", sa + ", 'OR', " + sb},
		{"A AND NOT B", sa + ", 'AND NOT', " + sb}, {"B AND NOT A", sb + ", 'AND NOT', " + sa},
	} {
		if i > 0 {
			q += " UNION ALL "
		}
		q += fmt.Sprintf("SELECT %d AS k, '%s' AS expression, COUNT(*) AS customers FROM segment_members(%s)", i, e.label, e.args)
	}
	// A UNION ALL has no order of its own (the executor runs its inputs
	// in parallel): the rows keep the order the chart lists them in.
	return "SELECT expression, customers FROM (" + q + ") u ORDER BY k"
}

// endpointByName finds an endpoint.
func endpointByName(name string) *endpoint {
	for _, e := range endpoints {
		if e.name == name {
			return e
		}
	}
	return nil
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}
