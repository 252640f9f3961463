package harness

import "fmt"

// Reference dates of the queries. Generated history ends on
// gen.DefaultEnd (2026-06-30), so "today" is the day after.
const (
	// AnalysisDate is "today" for recency.
	AnalysisDate = "2026-07-01"
	// ActiveSince is AnalysisDate minus 90 days: a last order at or after
	// it is "less than 90 days ago" (Q3, Q4).
	ActiveSince = "2026-04-02 00:00:00"
)

// Dialect selects the variant of a query text. Systems speaking MySQL
// (cohortdb, go-mysql-server memory, MariaDB) share one.
type Dialect int

const (
	MySQL Dialect = iota
	DuckDB
)

// Query is one benchmark query. Text is plain SQL every system accepts;
// DuckText replaces it for DuckDB only where a function differs (DATEDIFF).
// Every ORDER BY ... LIMIT has a total tie-breaker so results are
// deterministic and comparable across systems.
type Query struct {
	ID, Title string
	Text      string
	DuckText  string // "" means Text
	// Lookup marks Q6: Text has one ? (a customer id) and is timed as
	// many point lookups, reported as p50/p99.
	Lookup bool
	// RelTol, when > 0, compares numbers within this relative tolerance
	// (plus 1e-9) instead of half a cent (model outputs such as CLV).
	RelTol float64
	// Reconcile, when set, may adjust got where want and got legitimately
	// differ (ranks of values equal within RelTol) before comparing.
	Reconcile func(want, got *Result)
	// Ordered compares rows in the order returned (the query's ORDER BY
	// is total); otherwise both sides are sorted first.
	Ordered bool
}

// SQL returns the text for d.
func (q Query) SQL(d Dialect) string {
	if d == DuckDB && q.DuckText != "" {
		return q.DuckText
	}
	return q.Text
}

// rfmSelect is Q1: recency in days, frequency in distinct orders,
// monetary in currency units; recency is the dialect's day difference.
func rfmSelect(recency string) string {
	return `SELECT customer_id, ` + recency + ` AS recency, COUNT(DISTINCT order_id) AS frequency, SUM(amount) AS monetary
FROM orders WHERE status = 'valid' GROUP BY customer_id`
}

var (
	mysqlRecency = fmt.Sprintf("DATEDIFF('%s', MAX(ordered_at))", AnalysisDate)
	duckRecency  = fmt.Sprintf("date_diff('day', MAX(ordered_at), TIMESTAMP '%s 00:00:00')", AnalysisDate)
)

func q2(recency string) string {
	return `SELECT customer_id,
  NTILE(5) OVER (ORDER BY recency DESC, customer_id) AS r,
  NTILE(5) OVER (ORDER BY frequency, customer_id) AS f,
  NTILE(5) OVER (ORDER BY monetary, customer_id) AS m
FROM (` + rfmSelect(recency) + `) AS rfm`
}

// activeCustomers is Q3's set: last valid order less than 90 days ago and
// at least 3 valid orders.
const activeCustomers = `SELECT customer_id FROM orders WHERE status = 'valid' GROUP BY customer_id
HAVING MAX(ordered_at) >= '` + ActiveSince + `' AND COUNT(DISTINCT order_id) >= 3`

// Queries are Q1-Q7 of issue 4, in order.
var Queries = []Query{
	{ID: "Q1", Title: "per-customer recency/frequency/monetary over valid orders",
		Text: rfmSelect(mysqlRecency), DuckText: rfmSelect(duckRecency)},
	{ID: "Q2", Title: "quintile R/F/M scores with NTILE(5) over Q1",
		Text: q2(mysqlRecency), DuckText: q2(duckRecency)},
	{ID: "Q3", Title: "customers with last order < 90 days and >= 3 orders",
		Text: q3Count},
	{ID: "Q4", Title: "top 20 products by distinct buyers among Q3's customers",
		Text: `SELECT o.product_id, COUNT(DISTINCT o.customer_id) AS buyers
FROM orders o JOIN (` + activeCustomers + `) a ON o.customer_id = a.customer_id
WHERE o.status = 'valid'
GROUP BY o.product_id ORDER BY buyers DESC, o.product_id LIMIT 20`},
	{ID: "Q5", Title: "top 20 co-purchased product pairs (self-join of lines on order_id)",
		// a.product_id < b.product_id is in WHERE, not ON: with it in ON,
		// go-mysql-server v0.20.0 plans a nested-loop join (seen on both
		// cohortdb and memory tables: over 120 s on 20k lines).
		Text: `SELECT a.product_id AS p1, b.product_id AS p2, COUNT(DISTINCT a.order_id) AS orders
FROM orders a JOIN orders b ON a.order_id = b.order_id
WHERE a.product_id < b.product_id AND a.status = 'valid' AND b.status = 'valid'
GROUP BY a.product_id, b.product_id ORDER BY orders DESC, p1, p2 LIMIT 20`},
	{ID: "Q6", Title: "one customer's orders (point lookup)", Lookup: true,
		Text: `SELECT order_id, line_no, ordered_at, product_id, quantity, amount, status
FROM orders WHERE customer_id = ? ORDER BY ordered_at, order_id, line_no`},
	{ID: "Q7", Title: "revenue by month and channel",
		Text: `SELECT YEAR(ordered_at) * 100 + MONTH(ordered_at) AS month, channel, SUM(amount) AS revenue
FROM orders WHERE status = 'valid'
GROUP BY YEAR(ordered_at) * 100 + MONTH(ordered_at), channel`},
}
