package harness

// Breadth queries that compose cohortdb's table functions with tables and
// subqueries as analysts do (issue 19: rfm() under IN and EXISTS panicked
// with "*engine.tableFunc is not sql.TableNode"). DuckDB computes the
// function's rows in plain SQL: duckRFM (analytics_sql.go) and
// duckLifecycle below, written from docs/analytics.md. They read only
// columns that do not depend on money (counts, days, the R and F scores,
// the lifecycle status), so they hold whatever the reporting currency and
// exchange rates (fx_rates) are: the compositions are what is tested.

// lifecycleAsOf, lifecycleActive and lifecycleLapsed are the explicit
// arguments of the lifecycle() composition (explicit windows, so DuckDB
// need not derive them).
const (
	lifecycleAsOf   = "2026-06-30"
	lifecycleActive = "30"
	lifecycleLapsed = "180"
)

// duckLifecycle is lifecycle(asOf, active, lapsed)'s customer_id and
// ometria_status: contacts signed up by as-of; lead without a valid
// order by then, lapsed past lapsed days since the last one, at risk
// past active, new with one order, else active.
const duckLifecycle = `WITH vo AS (
  SELECT customer_id, order_id, MIN(ordered_at) AS ot FROM orders
  WHERE status = 'valid' AND CAST(ordered_at AS DATE) <= DATE '` + lifecycleAsOf + `'
  GROUP BY customer_id, order_id),
cu AS (SELECT customer_id, COUNT(*) AS orders,
  date_diff('day', CAST(MAX(ot) AS DATE), DATE '` + lifecycleAsOf + `') AS rec FROM vo GROUP BY customer_id)
SELECT c.customer_id,
  CASE WHEN cu.orders IS NULL THEN 'lead' WHEN cu.rec > ` + lifecycleLapsed + ` THEN 'lapsed' WHEN cu.rec > ` + lifecycleActive + ` THEN 'at risk'
    WHEN cu.orders = 1 THEN 'new' ELSE 'active' END AS ometria_status
FROM customers c LEFT JOIN cu ON cu.customer_id = c.customer_id
WHERE CAST(c.signup_at AS DATE) <= DATE '` + lifecycleAsOf + `'`

// functionQueries are the table-function compositions of the breadth set.
func functionQueries() []Query {
	rfm := "rfm('" + rfmAsOf + "')"
	duckRfm := "(" + duckRFM(rfmAsOf) + ")"
	lc := "lifecycle('" + lifecycleAsOf + "', " + lifecycleActive + ", " + lifecycleLapsed + ")"
	return []Query{
		{ID: "B45", Title: "rfm() customers in a country: COUNT(*) FROM rfm() r WHERE r.customer_id IN (SELECT ...)",
			Text:     `SELECT COUNT(*) AS customers FROM ` + rfm + ` r WHERE r.customer_id IN (SELECT customer_id FROM customers WHERE country = 'DE')`,
			DuckText: `SELECT COUNT(*) AS customers FROM ` + duckRfm + ` r WHERE r.customer_id IN (SELECT customer_id FROM customers WHERE country = 'DE')`},
		{ID: "B46", Title: "rfm() recency scores by country: rfm() JOIN customers GROUP BY country, r",
			Text: `SELECT c.country, r.r, COUNT(*) AS customers, SUM(r.frequency) AS orders, AVG(r.recency_days) AS avg_recency_days
FROM ` + rfm + ` r JOIN customers c ON c.customer_id = r.customer_id
GROUP BY c.country, r.r`,
			DuckText: `SELECT c.country, r.r, COUNT(*) AS customers, SUM(r.frequency) AS orders, AVG(r.recency_days) AS avg_recency_days
FROM ` + duckRfm + ` r JOIN customers c ON c.customer_id = r.customer_id
GROUP BY c.country, r.r`},
		{ID: "B47", Title: "rfm() frequency scores of recent clickers: rfm() r WHERE EXISTS (events ...)",
			Text: `SELECT r.f, COUNT(*) AS customers FROM ` + rfm + ` r
WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = r.customer_id AND e.type = 'email_click' AND e.occurred_at >= '2026-04-02')
GROUP BY r.f`,
			DuckText: `SELECT r.f, COUNT(*) AS customers FROM ` + duckRfm + ` r
WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = r.customer_id AND e.type = 'email_click' AND e.occurred_at >= '2026-04-02')
GROUP BY r.f`},
		{ID: "B48", Title: "lifecycle() status of e-mail openers: lifecycle() l WHERE EXISTS (events ...) GROUP BY status",
			Text: `SELECT l.ometria_status, COUNT(*) AS contacts FROM ` + lc + ` l
WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = l.customer_id AND e.type = 'email_open')
GROUP BY l.ometria_status`,
			DuckText: `SELECT l.ometria_status, COUNT(*) AS contacts FROM (` + duckLifecycle + `) l
WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = l.customer_id AND e.type = 'email_open')
GROUP BY l.ometria_status`},
	}
}
