package harness

import (
	"fmt"
	"strings"
	"time"
)

// DuckDB SQL computing what cohortdb's analytics functions compute, from
// the definitions in docs/analytics.md, docs/affinity.md and
// docs/segments.md (not from cohortdb's code): the harness checks the two
// agree before timing either. Dates come back as 'YYYY-MM-DD' text, the
// way the MySQL wire sends a DATE.

// reportingCurrency is the currency cohortdb's analytics report money in
// when neither the session nor the settings table names one (the bench
// sets neither).
const reportingCurrency = "EUR"

// duckOrdersReporting is the view orders_reporting: orders with every
// amount converted into reportingCurrency as docs/analytics.md and
// functions/fx define it. A line is converted at the rate in force on its
// UTC order day (the currency's latest fx_rates row with valid_from on or
// before it; names compared trimmed, without case); when the reporting
// currency has rates of its own, through them (rate / reporting's rate).
// The cents are multiplied by that double and rounded half away from zero
// to a cent, line by line. Lines in the reporting currency are kept as
// they are; a line without a rate is an error, as in cohortdb.
var duckOrdersReporting = strings.ReplaceAll(`CREATE VIEW orders_reporting AS
WITH fx AS (SELECT upper(trim(currency)) AS currency, valid_from, CAST(rate AS DOUBLE) AS rate FROM fx_rates),
rep AS (SELECT * FROM fx WHERE currency = '{REP}')
SELECT o.* REPLACE (CASE
  WHEN COALESCE(upper(trim(o.currency)), '') IN ('', '{REP}') THEN CAST(o.amount AS DECIMAL(18,2))
  WHEN c.rate IS NULL OR (b.rate IS NULL AND EXISTS (SELECT 1 FROM rep))
    THEN error('no exchange rate for ' || o.currency || ' on ' || CAST(CAST(o.ordered_at AS DATE) AS VARCHAR))
  ELSE CAST(round(CAST(o.amount * 100 AS BIGINT) * (c.rate / COALESCE(b.rate, 1))) / 100 AS DECIMAL(18,2)) END AS amount)
FROM orders o
ASOF LEFT JOIN fx c ON c.currency = upper(trim(o.currency)) AND CAST(o.ordered_at AS DATE) >= c.valid_from
ASOF LEFT JOIN rep b ON CAST(o.ordered_at AS DATE) >= b.valid_from`, "{REP}", reportingCurrency)

// rfmAsOf is the analysis day of rfm(): the last day of generated history.
const rfmAsOf = "2026-06-30"

// engagementCase is the 90-day engagement weight of an event type.
const engagementCase = `CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3 WHEN 'site_visit' THEN 2 ELSE 0 END`

// segmentGrid is rfm_segment's map: segmentGrid[5-r][fm-1], with fm the
// mean of f and m rounded half up.
var segmentGrid = [5][5]string{
	{"New", "Potential Loyalist", "Potential Loyalist", "Champions", "Champions"},
	{"Promising", "Potential Loyalist", "Potential Loyalist", "Loyal", "Champions"},
	{"About to Sleep", "Need Attention", "Need Attention", "Loyal", "Loyal"},
	{"Hibernating", "About to Sleep", "At Risk", "At Risk", "Can't Lose Them"},
	{"Lost", "Hibernating", "At Risk", "Can't Lose Them", "Can't Lose Them"},
}

// segmentCase is rfm_segment(r, f, m) as a DuckDB CASE expression.
func segmentCase() string {
	var b strings.Builder
	b.WriteString("CASE r * 10 + (f + m + 1) // 2")
	for i, row := range segmentGrid {
		for j, name := range row {
			fmt.Fprintf(&b, " WHEN %d THEN '%s'", (5-i)*10+j+1, strings.ReplaceAll(name, "'", "''"))
		}
	}
	return b.String() + " END"
}

// quintile is q = 1 + FLOOR(5 (rank - 1) / n) of a RANK() column, less
// the DENSE_RANK column dense: the score is q without gaps, dense +
// MIN(q - dense) over the values no better (gapless).
func quintile(rank, dense string) string {
	return "1 + (5 * (" + rank + " - 1)) // n - " + dense
}

// gapless is the score of a value ordered by order, from quintile's qd.
func gapless(dense, qd, order string) string {
	return dense + " + MIN(" + qd + ") OVER (ORDER BY " + order + ")"
}

// duckRFM is rfm(asOf) with quintile scores: ranks count strictly worse
// customers (more recency days; fewer orders, less revenue, engagement);
// scores without gaps; engagement is the 0-100 score ROUND(100 p/(p+10)).
func duckRFM(asOf string) string {
	day, _ := time.Parse(time.DateOnly, asOf)
	from := day.AddDate(0, 0, -89).Format(time.DateOnly)
	return `WITH o AS (
  SELECT customer_id, order_id, MIN(ordered_at) AS ot, SUM(amount) AS rev FROM orders_reporting
  WHERE status = 'valid' AND CAST(ordered_at AS DATE) <= DATE '` + asOf + `'
  GROUP BY customer_id, order_id),
c AS (SELECT customer_id, CAST(MAX(ot) AS DATE) AS last_day, COUNT(*) AS frequency, SUM(rev) AS monetary
  FROM o GROUP BY customer_id),
e AS (SELECT customer_id, (201 * SUM(` + engagementCase + `) + 10) // (2 * (SUM(` + engagementCase + `) + 10)) AS engagement FROM events
  WHERE CAST(occurred_at AS DATE) BETWEEN DATE '` + from + `' AND DATE '` + asOf + `' GROUP BY customer_id),
v AS (SELECT c.customer_id, c.last_day, date_diff('day', c.last_day, DATE '` + asOf + `') AS recency_days,
  c.frequency, c.monetary, COALESCE(e.engagement, 0) AS engagement FROM c LEFT JOIN e ON e.customer_id = c.customer_id),
s AS (SELECT v.*, COUNT(*) OVER () AS n,
  RANK() OVER (ORDER BY recency_days DESC) AS rr, RANK() OVER (ORDER BY frequency) AS fr,
  RANK() OVER (ORDER BY monetary) AS mr, RANK() OVER (ORDER BY engagement) AS er,
  DENSE_RANK() OVER (ORDER BY recency_days DESC) AS rd, DENSE_RANK() OVER (ORDER BY frequency) AS fd,
  DENSE_RANK() OVER (ORDER BY monetary) AS md, DENSE_RANK() OVER (ORDER BY engagement) AS ed FROM v),
qd AS (SELECT s.*, ` + quintile("rr", "rd") + ` AS qr, ` + quintile("fr", "fd") + ` AS qf,
  ` + quintile("mr", "md") + ` AS qm, ` + quintile("er", "ed") + ` AS qe FROM s),
q AS (SELECT customer_id, last_day, recency_days, frequency, monetary, engagement,
  ` + gapless("rd", "qr", "recency_days DESC") + ` AS r, ` + gapless("fd", "qf", "frequency") + ` AS f,
  ` + gapless("md", "qm", "monetary") + ` AS m, ` + gapless("ed", "qe", "engagement") + ` AS e FROM qd)
SELECT customer_id, CAST(last_day AS VARCHAR) AS last_order_date, recency_days, frequency, monetary, engagement,
  r, f, m, e, CAST(r AS VARCHAR) || CAST(f AS VARCHAR) || CAST(m AS VARCHAR) AS rfm_code,
  ` + segmentCase() + ` AS segment
FROM q`
}

// duckSnapshot is customer_snapshot() with its defaults: by Ometria
// lifecycle status, as of the latest order day, windows derived from the
// customer-weighted P80/P95 of the repurchase intervals (days between a
// customer's consecutive distinct valid order days) whose later day lies
// in the two years ending on as-of, each of a customer's n intervals
// weighing 1/n: the smallest interval whose cumulative weight reaches 80%
// (95%) of the total; 180/365 when there is none.
const duckSnapshot = `WITH p AS (SELECT MAX(CAST(ordered_at AS DATE)) AS asof FROM orders),
l AS (SELECT o.customer_id, o.order_id, o.ordered_at, o.amount, o.status FROM orders_reporting o, p
  WHERE CAST(o.ordered_at AS DATE) <= p.asof),
att AS (SELECT customer_id, COUNT(DISTINCT order_id) AS attempted FROM l GROUP BY customer_id),
vo AS (SELECT customer_id, order_id, MIN(ordered_at) AS ot, SUM(amount) AS rev FROM l
  WHERE status = 'valid' GROUP BY customer_id, order_id),
cu AS (SELECT customer_id, COUNT(*) AS orders, SUM(rev) AS revenue, CAST(MIN(ot) AS DATE) AS first_day,
  CAST(MAX(ot) AS DATE) AS last_day FROM vo GROUP BY customer_id),
sec AS (SELECT customer_id, CAST(ot AS DATE) AS second_day FROM
  (SELECT customer_id, ot, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ot, order_id) AS k FROM vo) WHERE k = 2),
days AS (SELECT DISTINCT customer_id, CAST(ot AS DATE) AS d FROM vo),
iv AS (SELECT customer_id, d, date_diff('day', LAG(d) OVER (PARTITION BY customer_id ORDER BY d), d) AS gap FROM days),
ivk AS (SELECT customer_id, gap FROM iv, p WHERE gap IS NOT NULL AND iv.d >= p.asof - 729),
ivw AS (SELECT gap, 1.0 / COUNT(*) OVER (PARTITION BY customer_id) AS wt FROM ivk),
tot AS (SELECT COUNT(*) AS cnt, COALESCE(SUM(wt), 0) AS total FROM ivw),
cum AS (SELECT gap, SUM(wt) OVER (ORDER BY gap ROWS UNBOUNDED PRECEDING) AS c FROM ivw),
w0 AS (SELECT tot.cnt, (SELECT MIN(gap) FROM cum WHERE c >= 0.80 * tot.total - 1e-9 * tot.total) AS p80,
  (SELECT MIN(gap) FROM cum WHERE c >= 0.95 * tot.total - 1e-9 * tot.total) AS p95 FROM tot),
w AS (SELECT CASE WHEN cnt = 0 THEN 180 ELSE GREATEST(1, p80) END AS active,
  CASE WHEN cnt = 0 THEN 365 ELSE GREATEST(1, p80, p95) END AS lapsed FROM w0),
x AS (SELECT c.customer_id, COALESCE(cu.orders, 0) AS orders, COALESCE(cu.revenue, 0) AS revenue,
  COALESCE(att.attempted, 0) AS attempted, date_diff('day', cu.last_day, p.asof) AS rec,
  date_diff('day', CAST(c.signup_at AS DATE), cu.first_day) AS first_delay,
  date_diff('day', cu.first_day, sec.second_day) AS second_delay
  FROM customers c CROSS JOIN p LEFT JOIN cu ON cu.customer_id = c.customer_id
  LEFT JOIN sec ON sec.customer_id = c.customer_id LEFT JOIN att ON att.customer_id = c.customer_id
  WHERE CAST(c.signup_at AS DATE) <= p.asof),
g AS (SELECT x.*, CASE WHEN orders = 0 THEN 'lead' WHEN rec > w.lapsed THEN 'lapsed' WHEN rec > w.active THEN 'at risk'
  WHEN orders = 1 THEN 'new' ELSE 'active' END AS dim FROM x CROSS JOIN w),
a AS (SELECT dim, COUNT(*) AS contacts, COUNT(*) FILTER (WHERE orders > 0) AS customers,
  COUNT(*) FILTER (WHERE orders >= 2) AS repeat_customers, SUM(orders) AS total_orders,
  SUM(attempted) AS total_orders_attempted, SUM(revenue) AS total_clv, AVG(rec) AS avg_recency_days,
  AVG(first_delay) AS avg_first_order_delay_days, AVG(second_delay) AS avg_second_order_delay_days FROM g GROUP BY dim)
SELECT dim AS dimension_value, contacts, customers, repeat_customers, customers - repeat_customers AS one_time_customers,
  total_orders, total_orders_attempted, total_clv,
  CAST(total_clv AS DOUBLE) / NULLIF(customers, 0) AS avg_clv, total_orders / NULLIF(customers, 0) AS avg_orders,
  CAST(total_clv AS DOUBLE) / NULLIF(total_orders, 0) AS avg_order_value,
  customers / NULLIF(contacts, 0) AS contact_conversion_rate, repeat_customers / NULLIF(customers, 0) AS customer_repeat_rate,
  avg_recency_days, avg_first_order_delay_days, avg_second_order_delay_days
FROM a`

// duckRules is affinity_rules(level, minSupport) with basket = order and
// max_size 2: every ordered pair of distinct items held by at least
// minSupport of the baskets (count / N ≥ share, as a double division).
// item is the SQL of the item of a line o (joined to products p when
// the level is a category).
func duckRules(level string, minSupport float64) string {
	item, from := "CAST(o.product_id AS VARCHAR)", "orders o"
	if level != "product" {
		item, from = "p."+level, "orders o JOIN products p ON p.product_id = o.product_id"
	}
	return fmt.Sprintf(`WITH b AS (SELECT DISTINCT o.order_id AS bk, %[1]s AS item FROM %[2]s
  WHERE o.status = 'valid' AND %[1]s IS NOT NULL),
n AS (SELECT COUNT(DISTINCT bk) AS n FROM b),
c AS (SELECT item, COUNT(*) AS cnt FROM b GROUP BY item),
pr AS (SELECT x.item AS a, y.item AS c, COUNT(*) AS k FROM b x JOIN b y ON x.bk = y.bk AND x.item <> y.item
  GROUP BY x.item, y.item)
SELECT '%[3]s' AS level, 'order' AS basis, pr.a AS antecedent, CAST(NULL AS VARCHAR) AS antecedent_2, pr.c AS consequent,
  pr.k AS baskets, ca.cnt AS antecedent_baskets, cc.cnt AS consequent_baskets, n.n AS total_baskets,
  pr.k / n.n AS support, pr.k / ca.cnt AS confidence, pr.k * n.n / (ca.cnt * cc.cnt) AS lift
FROM pr JOIN c ca ON ca.item = pr.a JOIN c cc ON cc.item = pr.c CROSS JOIN n
WHERE pr.k / n.n >= %[4]v`, item, from, level, minSupport)
}
