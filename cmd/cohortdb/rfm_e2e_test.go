package main

// End-to-end tests of issue 5's SQL surface (functions/rfm): rfm(),
// rfm_segment(), lifecycle(), customer_snapshot(), erfm_profile() and
// CALL erfm_apply(), over the wire on generated data and on the hand-worked
// fixture. Every function's full output is compared row by row with an
// independent computation in plain SQL (CTEs, window functions, CASE) run
// on the same server: exact for counts, 1e-9 relative for money and means.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// rfmShop starts a server and loads a generated shop of n contacts.
func rfmShop(t *testing.T, n int, args ...string) (*testServer, *sql.DB) {
	t.Helper()
	s := startServer(t, serverOptions{Args: args})
	db := s.root(t, "shop")
	dir := t.TempDir()
	if _, err := gen.Generate(dir, gen.Config{Customers: n, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	convertedAmounts(t, db, dir)
	for table, cols := range map[string][]string{
		"customers": gen.CustomerColumns, "orders": gen.OrderColumns,
		"products": gen.ProductColumns, "events": gen.EventColumns,
	} {
		path := filepath.Join(dir, table+".csv")
		mustExec(t, db, fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE %s FIELDS TERMINATED BY ',' ENCLOSED BY '\"' IGNORE 1 LINES (%s)",
			path, table, strings.Join(cols, ", ")))
	}
	return s, db
}

// convertedAmounts loads the generator's exchange rates and rewrites
// orders.csv with every line converted into EUR beforehand (exact decimal
// arithmetic, see convertOrdersCSV), so that the tests' SQL, which sums
// amount, compares with the analytics on one currency. The conversion
// itself is compared in TestCurrencyConversionMatchesSQL.
func convertedAmounts(t *testing.T, db *sql.DB, dir string) {
	t.Helper()
	rates := filepath.Join(dir, gen.FxRatesFile)
	mustExec(t, db, fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE fx_rates FIELDS TERMINATED BY ',' IGNORE 1 LINES (currency, valid_from, rate)", rates))
	orders := filepath.Join(dir, gen.OrdersFile)
	b, err := os.ReadFile(orders)
	if err != nil {
		t.Fatal(err)
	}
	out, err := convertOrdersCSV(b, rates)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(orders, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// convertOrdersCSV converts the amount and unit_price of every line of a
// generated orders.csv into EUR at the generator's rate of its currency
// and month (fx_rates.csv), rounded half away from zero to cents, and
// sets its currency to EUR.
func convertOrdersCSV(orders []byte, ratesFile string) ([]byte, error) {
	rb, err := os.ReadFile(ratesFile)
	if err != nil {
		return nil, err
	}
	rates := map[string]decimal.Decimal{} // "SEK 2025-03" → rate
	rr, err := csv.NewReader(bytes.NewReader(rb)).ReadAll()
	if err != nil {
		return nil, err
	}
	for _, r := range rr[1:] {
		rates[r[0]+" "+r[1][:7]] = decimal.RequireFromString(r[2])
	}
	recs, err := csv.NewReader(bytes.NewReader(orders)).ReadAll()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	for _, r := range recs[1:] {
		cur := r[col["currency"]]
		if cur == "EUR" {
			continue
		}
		rate, ok := rates[cur+" "+r[col["ordered_at"]][:7]]
		if !ok {
			return nil, fmt.Errorf("no rate for %s in %s", cur, r[col["ordered_at"]])
		}
		for _, c := range []string{"amount", "unit_price"} {
			r[col[c]] = decimal.RequireFromString(r[col[c]]).Mul(rate).Round(2).StringFixed(2)
		}
		r[col["currency"]] = "EUR"
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	if err := w.WriteAll(recs); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// rfmFixtureDB creates database fx with the canonical tables and loads the
// hand-worked fixture into it.
func rfmFixtureDB(t *testing.T, db *sql.DB) {
	loadFixtureDB(t, db, "fx", "../../functions/rfm/testdata/fixture.sql")
}

// loadFixtureDB creates database name with shop's canonical tables and
// runs the statements of a fixture file in it.
func loadFixtureDB(t *testing.T, db *sql.DB, name, path string) {
	t.Helper()
	mustExec(t, db, "CREATE DATABASE "+name)
	for _, tb := range []string{"customers", "orders", "products", "events"} {
		mustExec(t, db, "CREATE TABLE "+name+"."+tb+" LIKE shop."+tb)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	conn := s2conn(t, db, name)
	var stmt strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		stmt.WriteString(line + "\n")
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			if _, err := conn.ExecContext(t.Context(), strings.TrimSuffix(strings.TrimSpace(stmt.String()), ";")); err != nil {
				t.Fatalf("fixture: %v", err)
			}
			stmt.Reset()
		}
	}
}

// s2conn returns a single connection of db using database name (USE).
func s2conn(t *testing.T, db *sql.DB, name string) *sql.Conn {
	t.Helper()
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(t.Context(), "USE "+name); err != nil {
		t.Fatal(err)
	}
	return conn
}

type querier interface {
	Query(q string, args ...any) (*sql.Rows, error)
}

// cells runs q and returns every value as text ("NULL" for NULL).
func cells(t *testing.T, db querier, q string) [][]string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", firstLine(q), err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "NULL"
			if v.Valid {
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", firstLine(q), err)
	}
	return out
}

func firstLine(q string) string {
	q = strings.TrimSpace(q)
	if i := strings.IndexByte(q, '\n'); i > 0 {
		return q[:i] + " …"
	}
	return q
}

// sameTable compares two results row by row: numbers exactly when both
// are integers, else within 1e-9 relative; text exactly.
func sameTable(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	bad := 0
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("%s row %d: %d columns, want %d", what, i, len(got[i]), len(want[i]))
		}
		for j := range want[i] {
			if !sameCell(got[i][j], want[i][j]) {
				t.Errorf("%s row %d col %d: got %q, want %q\n got: %v\nwant: %v", what, i, j, got[i][j], want[i][j], got[i], want[i])
				if bad++; bad > 5 {
					t.FailNow()
				}
			}
		}
	}
}

func sameCell(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	if x == math.Trunc(x) && y == math.Trunc(y) {
		return x == y
	}
	return math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y))
}

// sqlText replaces @D (as-of date), @A and @L (windows) in a query.
func sqlText(q, asOf string, a, l int64) string {
	return strings.NewReplacer("@D", "'"+asOf+"'", "@A", strconv.FormatInt(a, 10), "@L", strconv.FormatInt(l, 10)).Replace(q)
}

// rfmSQL is rfm(@D) in plain SQL, following docs/analytics.md.
const rfmSQL = `
WITH o AS (
  SELECT customer_id, COUNT(DISTINCT order_id) AS frequency, SUM(amount) AS monetary,
         MAX(DATE(ordered_at)) AS last_day
  FROM orders WHERE status = 'valid' AND DATE(ordered_at) <= @D GROUP BY customer_id),
e AS (
  SELECT customer_id, (201 * SUM(CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3
                                    WHEN 'site_visit' THEN 2 ELSE 0 END) + 10)
                                    DIV (2 * (SUM(CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3
                                    WHEN 'site_visit' THEN 2 ELSE 0 END) + 10)) AS engagement
  FROM events WHERE DATE(occurred_at) BETWEEN DATE_SUB(@D, INTERVAL 89 DAY) AND @D GROUP BY customer_id),
b AS (
  SELECT o.customer_id, o.last_day, DATEDIFF(@D, o.last_day) AS recency_days, o.frequency, o.monetary,
         COALESCE(e.engagement, 0) AS engagement
  FROM o LEFT JOIN e ON e.customer_id = o.customer_id),
k AS (
  -- GMS v0.20.0's RANK() gives equal DECIMAL sums of different origin
  -- (18.99+18.99 and 37.98) different ranks, so rank integer cents.
  SELECT b.*, COUNT(*) OVER () AS n, CAST(monetary * 100 AS SIGNED) AS cents,
         RANK() OVER (ORDER BY recency_days DESC) AS rr, RANK() OVER (ORDER BY frequency) AS fr,
         RANK() OVER (ORDER BY CAST(monetary * 100 AS SIGNED)) AS mr, RANK() OVER (ORDER BY engagement) AS er,
         DENSE_RANK() OVER (ORDER BY recency_days DESC) AS rd, DENSE_RANK() OVER (ORDER BY frequency) AS fd,
         DENSE_RANK() OVER (ORDER BY CAST(monetary * 100 AS SIGNED)) AS md, DENSE_RANK() OVER (ORDER BY engagement) AS ed
  FROM b),
q AS (
  -- q: the rank's quintile; the score is q without gaps,
  -- dr + MIN(q - dr) over the values no better (docs/analytics.md).
  SELECT k.*, 1 + FLOOR(5 * (rr - 1) / n) - rd AS qr, 1 + FLOOR(5 * (fr - 1) / n) - fd AS qf,
         1 + FLOOR(5 * (mr - 1) / n) - md AS qm, 1 + FLOOR(5 * (er - 1) / n) - ed AS qe
  FROM k),
s AS (
  SELECT customer_id, last_day, recency_days, frequency, monetary, engagement,
         rd + MIN(qr) OVER (ORDER BY recency_days DESC) AS r, fd + MIN(qf) OVER (ORDER BY frequency) AS f,
         md + MIN(qm) OVER (ORDER BY cents) AS m, ed + MIN(qe) OVER (ORDER BY engagement) AS e
  FROM q)
SELECT customer_id, last_day, recency_days, frequency, monetary, engagement, r, f, m, e,
       CONCAT(r, f, m), ` + segmentCase + `
FROM s ORDER BY customer_id`

// segmentCase is the 11-segment grid of docs/analytics.md on r and
// fm = (f + m + 1) div 2.
const segmentCase = `CASE r
  WHEN 5 THEN CASE FLOOR((f + m + 1) / 2) WHEN 1 THEN 'New' WHEN 2 THEN 'Potential Loyalist'
              WHEN 3 THEN 'Potential Loyalist' ELSE 'Champions' END
  WHEN 4 THEN CASE FLOOR((f + m + 1) / 2) WHEN 1 THEN 'Promising' WHEN 2 THEN 'Potential Loyalist'
              WHEN 3 THEN 'Potential Loyalist' WHEN 4 THEN 'Loyal' ELSE 'Champions' END
  WHEN 3 THEN CASE FLOOR((f + m + 1) / 2) WHEN 1 THEN 'About to Sleep' WHEN 2 THEN 'Need Attention'
              WHEN 3 THEN 'Need Attention' ELSE 'Loyal' END
  WHEN 2 THEN CASE FLOOR((f + m + 1) / 2) WHEN 1 THEN 'Hibernating' WHEN 2 THEN 'About to Sleep'
              WHEN 5 THEN 'Can''t Lose Them' ELSE 'At Risk' END
  ELSE CASE FLOOR((f + m + 1) / 2) WHEN 1 THEN 'Lost' WHEN 2 THEN 'Hibernating'
              WHEN 3 THEN 'At Risk' ELSE 'Can''t Lose Them' END
END`

// lifecycleSQL is lifecycle(@D, @A, @L) in plain SQL. The Emarsys buyer
// status names rfm(@D)'s m (checked against plain SQL by rfmSQL); a
// response of the lead statuses is an open, click or visit.
const lifecycleSQL = `
WITH o AS (
  SELECT customer_id, COUNT(DISTINCT order_id) AS orders, SUM(amount) AS revenue,
         MIN(DATE(ordered_at)) AS first_day, MAX(DATE(ordered_at)) AS last_day
  FROM orders WHERE status = 'valid' AND DATE(ordered_at) <= @D GROUP BY customer_id),
base AS (
  SELECT SUM(amount) AS rev, COUNT(DISTINCT order_id) AS n
  FROM orders WHERE status = 'valid' AND DATE(ordered_at) <= @D),
e AS (
  SELECT customer_id, (201 * SUM(CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3
                                    WHEN 'site_visit' THEN 2 ELSE 0 END) + 10)
                                    DIV (2 * (SUM(CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3
                                    WHEN 'site_visit' THEN 2 ELSE 0 END) + 10)) AS engagement
  FROM events WHERE DATE(occurred_at) BETWEEN DATE_SUB(@D, INTERVAL 89 DAY) AND @D GROUP BY customer_id),
r1 AS (
  SELECT DISTINCT customer_id FROM events WHERE type IN ('email_open', 'email_click', 'site_visit')
    AND DATE(occurred_at) BETWEEN DATE_SUB(@D, INTERVAL 89 DAY) AND @D),
r2 AS (
  SELECT DISTINCT customer_id FROM events WHERE type IN ('email_open', 'email_click', 'site_visit')
    AND DATE(occurred_at) BETWEEN DATE_SUB(@D, INTERVAL 179 DAY) AND DATE_SUB(@D, INTERVAL 90 DAY)),
c AS (
  SELECT c.customer_id, DATE(c.signup_at) AS signup, o.orders, o.revenue, o.first_day, o.last_day,
         DATEDIFF(@D, o.last_day) AS rec, COALESCE(e.engagement, 0) AS eng
  FROM customers c LEFT JOIN o ON o.customer_id = c.customer_id LEFT JOIN e ON e.customer_id = c.customer_id
  WHERE DATE(c.signup_at) <= @D)
SELECT c.customer_id, c.signup, COALESCE(c.orders, 0), COALESCE(c.revenue, 0), c.first_day, c.last_day, c.rec,
  CASE WHEN c.orders IS NULL THEN 'lead' WHEN c.rec > @L THEN 'inactive' WHEN c.rec > @A THEN 'defecting'
       WHEN c.orders = 1 THEN 'first-time buyer' ELSE 'active' END,
  CASE WHEN c.orders IS NULL THEN 'lead' WHEN c.rec > @L THEN 'lapsed' WHEN c.rec > @A THEN 'at risk'
       WHEN c.orders = 1 THEN 'new' ELSE 'active' END,
  CASE WHEN c.orders IS NULL THEN NULL WHEN c.orders = 1 THEN 'one-time' ELSE 'repeat' END,
  CASE WHEN c.orders IS NULL THEN NULL
       WHEN 4 * c.revenue * base.n < 3 * c.orders * base.rev THEN 'low'
       WHEN 4 * c.revenue * base.n < 5 * c.orders * base.rev THEN 'medium'
       WHEN 2 * c.revenue * base.n <= 5 * c.orders * base.rev THEN 'high' ELSE 'very high' END,
  CASE WHEN c.eng = 0 THEN 'none' WHEN c.eng < 33 THEN 'low' WHEN c.eng < 67 THEN 'medium' ELSE 'high' END,
  ELT(m.m, 'low spender', 'normal', 'silver', 'gold', 'platinum'),
  CASE WHEN c.orders IS NOT NULL THEN NULL WHEN r1.customer_id IS NOT NULL THEN 'active lead'
       WHEN DATEDIFF(@D, c.signup) < 90 THEN 'new lead'
       WHEN r2.customer_id IS NOT NULL OR DATEDIFF(@D, c.signup) < 180 THEN 'cold lead' ELSE 'inactive lead' END
FROM c CROSS JOIN base LEFT JOIN rfm(@D) m ON m.customer_id = c.customer_id
  LEFT JOIN r1 ON r1.customer_id = c.customer_id LEFT JOIN r2 ON r2.customer_id = c.customer_id
ORDER BY c.customer_id`

// windowsSQL derives the default lifecycle windows: nearest-rank P80 and
// P95 of the gaps between consecutive distinct valid order days whose
// later day is within the two years ending @D, each customer's n gaps
// weighing 1/n: the smallest gap whose cumulative weight reaches 80% (95%)
// of the total.
const windowsSQL = `
WITH d AS (
  SELECT DISTINCT customer_id, DATE(ordered_at) AS day
  FROM orders WHERE status = 'valid' AND DATE(ordered_at) <= @D),
g AS (
  SELECT customer_id, day, DATEDIFF(day, LAG(day) OVER (PARTITION BY customer_id ORDER BY day)) AS gap FROM d),
k AS (
  SELECT customer_id, gap FROM g WHERE gap IS NOT NULL AND day >= DATE_SUB(@D, INTERVAL 729 DAY)),
w AS (
  SELECT gap, 1E0 / COUNT(*) OVER (PARTITION BY customer_id) AS wt FROM k),
c AS (
  SELECT gap, SUM(wt) OVER (ORDER BY gap ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
         SUM(wt) OVER () AS total FROM w)
SELECT MIN(CASE WHEN cum >= 0.8 * total - 1e-9 * total THEN gap END),
       MIN(CASE WHEN cum >= 0.95 * total - 1e-9 * total THEN gap END) FROM c`

// TestRFMMatchesSQL compares rfm() and lifecycle() on a generated shop and
// on the fixture with their plain-SQL definitions.
func TestRFMMatchesSQL(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, 2000)
	rfmFixtureDB(t, db)
	fx := s2conn(t, db, "fx")
	shop := s2conn(t, db, "shop")
	for _, tc := range []struct {
		name string
		q    querier
		asOf string
	}{
		{"generated", connQ{shop}, ""},
		{"generated, a year earlier", connQ{shop}, "2025-06-30"},
		{"fixture", connQ{fx}, "2024-06-30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asOf := tc.asOf
			if asOf == "" { // the default: latest order date
				asOf = cells(t, tc.q, "SELECT DATE(MAX(ordered_at)) FROM orders")[0][0][:10]
			}
			arg := "'" + asOf + "'"
			if tc.asOf == "" {
				arg = ""
			}
			got := cells(t, tc.q, "SELECT * FROM rfm("+arg+")")
			if len(got) < 5 {
				t.Fatalf("only %d rfm rows", len(got))
			}
			// The server writes SELECT * FROM rfm() from column batches;
			// under LIMIT its rows go through sql.Row: same text, and
			// FOUND_ROWS counts the rows.
			if found := cells(t, tc.q, "SELECT FOUND_ROWS()")[0][0]; found != strconv.Itoa(len(got)) {
				t.Errorf("FOUND_ROWS() after rfm(): %s, want %d", found, len(got))
			}
			if rowPath := cells(t, tc.q, "SELECT * FROM rfm("+arg+") LIMIT 100000000"); !reflect.DeepEqual(got, rowPath) {
				t.Errorf("rfm() from batches differs from its rows under LIMIT")
			}
			sameTable(t, "rfm", got, cells(t, tc.q, sqlText(rfmSQL, asOf, 0, 0)))
			sameTable(t, "rfm_segment", cells(t, tc.q, "SELECT customer_id, rfm_segment(r, f, m) FROM rfm("+arg+")"),
				cells(t, tc.q, "SELECT customer_id, segment FROM rfm("+arg+")"))

			w := cells(t, tc.q, sqlText(windowsSQL, asOf, 0, 0))[0]
			a, _ := strconv.ParseInt(w[0], 10, 64)
			l, _ := strconv.ParseInt(w[1], 10, 64)
			t.Logf("as of %s: %d rfm rows, windows active %d lapsed %d", asOf, len(got), a, l)
			want := cells(t, tc.q, sqlText(lifecycleSQL, asOf, max(a, 1), max(l, a, 1)))
			sameTable(t, "lifecycle default windows", cells(t, tc.q, "SELECT * FROM lifecycle("+arg+")"), want)
			want = cells(t, tc.q, sqlText(lifecycleSQL, asOf, 30, 120))
			sameTable(t, "lifecycle(30, 120)", cells(t, tc.q, fmt.Sprintf("SELECT * FROM lifecycle('%s', 30, 120)", asOf)), want)
		})
	}
}

// connQ adapts a *sql.Conn to querier.
type connQ struct{ c *sql.Conn }

func (q connQ) Query(s string, args ...any) (*sql.Rows, error) {
	return q.c.QueryContext(context.Background(), s, args...)
}

// snapshotSQL is customer_snapshot(<dim>, @D, @A, @L) in plain SQL; @V is
// the dimension's value for one contact (columns of c). Means are taken in
// DOUBLE (1E0) so MySQL's 4-digit decimal division does not round them.
const snapshotSQL = `
WITH o AS (
  SELECT customer_id, COUNT(DISTINCT order_id) AS orders, SUM(amount) AS revenue,
         MIN(DATE(ordered_at)) AS first_day, MAX(DATE(ordered_at)) AS last_day
  FROM orders WHERE status = 'valid' AND DATE(ordered_at) <= @D GROUP BY customer_id),
ord AS (
  SELECT customer_id, order_id, MIN(ordered_at) AS at
  FROM orders WHERE status = 'valid' AND DATE(ordered_at) <= @D GROUP BY customer_id, order_id),
sec AS (
  SELECT customer_id, DATE(at) AS day, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY at, order_id) AS k FROM ord),
att AS (
  SELECT customer_id, COUNT(DISTINCT order_id) AS attempted FROM orders WHERE DATE(ordered_at) <= @D GROUP BY customer_id),
base AS (
  SELECT SUM(amount) AS rev, COUNT(DISTINCT order_id) AS n
  FROM orders WHERE status = 'valid' AND DATE(ordered_at) <= @D),
e AS (
  SELECT customer_id, (201 * SUM(CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3
                                    WHEN 'site_visit' THEN 2 ELSE 0 END) + 10)
                                    DIV (2 * (SUM(CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3
                                    WHEN 'site_visit' THEN 2 ELSE 0 END) + 10)) AS engagement
  FROM events WHERE DATE(occurred_at) BETWEEN DATE_SUB(@D, INTERVAL 89 DAY) AND @D GROUP BY customer_id),
c AS (
  SELECT c.customer_id, c.country, DATE(c.signup_at) AS signup, o.orders, o.revenue, o.first_day,
         DATEDIFF(@D, o.last_day) AS rec, s2.day AS second_day, COALESCE(att.attempted, 0) AS attempted,
         COALESCE(e.engagement, 0) AS eng
  FROM customers c LEFT JOIN o ON o.customer_id = c.customer_id
       LEFT JOIN sec s2 ON s2.customer_id = c.customer_id AND s2.k = 2
       LEFT JOIN att ON att.customer_id = c.customer_id
       LEFT JOIN e ON e.customer_id = c.customer_id
  WHERE DATE(c.signup_at) <= @D),
v AS (SELECT c.*, @V AS v FROM c CROSS JOIN base)
SELECT v, COUNT(*), COUNT(orders), SUM(CASE WHEN orders >= 2 THEN 1 ELSE 0 END),
       SUM(CASE WHEN orders = 1 THEN 1 ELSE 0 END), COALESCE(SUM(orders), 0), SUM(attempted),
       COALESCE(SUM(revenue), 0), SUM(revenue) * 1E0 / COUNT(orders), SUM(orders) * 1E0 / COUNT(orders),
       SUM(revenue) * 1E0 / SUM(orders), COUNT(orders) * 1E0 / COUNT(*),
       SUM(CASE WHEN orders >= 2 THEN 1 ELSE 0 END) * 1E0 / COUNT(orders), SUM(rec) * 1E0 / COUNT(rec),
       SUM(DATEDIFF(first_day, signup)) * 1E0 / COUNT(first_day),
       SUM(DATEDIFF(second_day, first_day)) * 1E0 / COUNT(second_day)
FROM v GROUP BY v ORDER BY v`

// snapshotDims maps dimensions to their SQL definition over v's columns.
var snapshotDims = map[string]string{
	"lifecycle": `CASE WHEN orders IS NULL THEN 'lead' WHEN rec > @L THEN 'lapsed' WHEN rec > @A THEN 'at risk'
       WHEN orders = 1 THEN 'new' ELSE 'active' END`,
	"value_tier": `CASE WHEN orders IS NULL THEN NULL
       WHEN 4 * revenue * base.n < 3 * orders * base.rev THEN 'low'
       WHEN 4 * revenue * base.n < 5 * orders * base.rev THEN 'medium'
       WHEN 2 * revenue * base.n <= 5 * orders * base.rev THEN 'high' ELSE 'very high' END`,
	"frequency_tier": `CASE WHEN orders IS NULL THEN '0' WHEN orders <= 2 THEN CAST(orders AS CHAR)
       WHEN orders <= 4 THEN '3-4' ELSE '5+' END`,
	"engagement": `CASE WHEN eng = 0 THEN 'none' WHEN eng < 33 THEN 'low' WHEN eng < 67 THEN 'medium' ELSE 'high' END`,
	"country":    `country`,
}

// TestSnapshotMatchesSQL compares customer_snapshot() by several
// dimensions with snapshotSQL, on a generated shop and on the fixture.
func TestSnapshotMatchesSQL(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, 1000)
	rfmFixtureDB(t, db)
	for _, tc := range []struct {
		db, asOf string
		a, l     int64
	}{{"shop", "2026-06-30", 30, 120}, {"shop", "2025-12-31", 60, 365}, {"fx", "2024-06-30", 30, 180}} {
		q := connQ{s2conn(t, db, tc.db)}
		for dim, expr := range snapshotDims {
			t.Run(tc.db+"/"+tc.asOf+"/"+dim, func(t *testing.T) {
				want := cells(t, q, sqlText(strings.ReplaceAll(snapshotSQL, "@V", expr), tc.asOf, tc.a, tc.l))
				got := cells(t, q, fmt.Sprintf("SELECT * FROM customer_snapshot('%s', '%s', %d, %d)", dim, tc.asOf, tc.a, tc.l))
				sameTable(t, dim, got, want)
			})
		}
	}
}

// TestProfileApplyOverWire: erfm_profile() recommends, CALL erfm_apply()
// saves to shop.settings, and rfm() then scores by those breaks exactly as
// a CASE over the saved numbers does; lifecycle() uses the saved windows.
func TestProfileApplyOverWire(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, 1000)
	q := connQ{s2conn(t, db, "shop")}
	prof := cells(t, q, "SELECT parameter, value, explanation FROM erfm_profile()")
	for _, r := range prof {
		t.Logf("%s = %s (%s)", r[0], r[1], r[2])
	}
	if len(prof) != 6 {
		t.Fatalf("profile has %d rows", len(prof))
	}
	mustExec(t, db, "CALL erfm_apply()")
	saved := map[string]string{}
	for _, r := range cells(t, q, "SELECT name, value FROM settings") {
		saved[r[0]] = r[1]
	}
	for _, r := range prof {
		if saved[r[0]] != r[1] {
			t.Fatalf("setting %s saved as %q, profile says %q", r[0], saved[r[0]], r[1])
		}
	}
	asOf := cells(t, q, "SELECT DATE(MAX(ordered_at)) FROM orders")[0][0][:10]
	class := func(col, setting string) string { // number of breaks reached
		parts := []string{"0"}
		for _, b := range strings.Split(saved[setting], ",") {
			if b != "" {
				parts = append(parts, fmt.Sprintf("(%s >= %s)", col, b))
			}
		}
		return strings.Join(parts, " + ")
	}
	scoreSQL := strings.NewReplacer("@R", class("recency_days", "rfm.recency_breaks"), "@F", class("frequency", "rfm.frequency_breaks"),
		"@M", class("monetary", "rfm.monetary_breaks"), "@E", class("engagement", "rfm.engagement_breaks")).Replace(`
SELECT customer_id, 5 - (@R), 1 + (@F), 1 + (@M), 1 + (@E) FROM (` + sqlText(rfmSQL, asOf, 0, 0) + `) x ORDER BY customer_id`)
	// rfmSQL's columns are unnamed past e; name the ones used above.
	scoreSQL = strings.Replace(scoreSQL, "SELECT customer_id, last_day, recency_days, frequency, monetary, engagement, r, f, m, e,\n       CONCAT(r, f, m), ",
		"SELECT customer_id, last_day, recency_days, frequency, monetary, engagement, r, f, m, e, CONCAT(r, f, m) AS code, ", 1)
	sameTable(t, "rfm() by saved thresholds", cells(t, q, "SELECT customer_id, r, f, m, e FROM rfm()"), cells(t, q, scoreSQL))
	a, _ := strconv.ParseInt(saved["lifecycle.active_days"], 10, 64)
	l, _ := strconv.ParseInt(saved["lifecycle.lapsed_days"], 10, 64)
	sameTable(t, "lifecycle() by saved windows", cells(t, q, "SELECT * FROM lifecycle()"), cells(t, q, sqlText(lifecycleSQL, asOf, a, l)))
	mustExec(t, db, "CALL erfm_reset()")
	if n := cells(t, q, "SELECT COUNT(*) FROM settings")[0][0]; n != "0" {
		t.Fatalf("%s settings left after erfm_reset", n)
	}
	_, err := db.Exec("CALL erfm_apply(0)")
	wantErrNum(t, err, 1210, "erfm_apply(0)")
}

// TestAggregatesOverWireMatchGMS: per-customer aggregates and NTILE
// scores over them, which the server writes from column batches (of the
// vectorised GROUP BY, of the window over its typed columns), reach a
// client as GMS's own GroupBy, Window and Project compute them
// (cohortdb_vectorize = 0), and FOUND_ROWS counts them.
func TestAggregatesOverWireMatchGMS(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, 2000)
	conn := s2conn(t, db, "shop")
	q := connQ{conn}
	for _, sq := range []string{
		"SELECT customer_id, DATEDIFF('2026-07-01', MAX(ordered_at)) AS recency, COUNT(DISTINCT order_id) AS frequency, SUM(amount) AS monetary FROM orders WHERE status = 'valid' GROUP BY customer_id",
		"SELECT customer_id, DATEDIFF(MIN(ordered_at), '2020-01-01') AS tenure, COUNT(*), SUM(amount) FROM orders WHERE status <> 'valid' GROUP BY customer_id",
		"SELECT product_id, COUNT(DISTINCT customer_id) AS buyers, SUM(amount) FROM orders GROUP BY product_id",
		"SELECT store_id, COUNT(*) FROM orders GROUP BY store_id",
		`SELECT customer_id, NTILE(5) OVER (ORDER BY recency DESC, customer_id) AS r, NTILE(5) OVER (ORDER BY frequency, customer_id) AS f,
		  NTILE(5) OVER (ORDER BY monetary, customer_id) AS m, monetary
		FROM (SELECT customer_id, DATEDIFF('2026-07-01', MAX(ordered_at)) AS recency, COUNT(DISTINCT order_id) AS frequency, SUM(amount) AS monetary
		  FROM orders WHERE status = 'valid' GROUP BY customer_id) AS rfm`,
	} {
		got := cells(t, q, sq)
		if found := cells(t, q, "SELECT FOUND_ROWS()")[0][0]; found != strconv.Itoa(len(got)) {
			t.Errorf("%s: FOUND_ROWS() %s, want %d", firstLine(sq), found, len(got))
		}
		if _, err := conn.ExecContext(context.Background(), "SET cohortdb_vectorize = 0"); err != nil {
			t.Fatal(err)
		}
		want := cells(t, q, sq)
		if _, err := conn.ExecContext(context.Background(), "SET cohortdb_vectorize = 1"); err != nil {
			t.Fatal(err)
		}
		if len(got) < 10 {
			t.Fatalf("%s: only %d rows", firstLine(sq), len(got))
		}
		sortCells(got)
		sortCells(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: vectorised result differs from GMS's", firstLine(sq))
		}
	}
}

func sortCells(rows [][]string) {
	slices.SortFunc(rows, func(a, b []string) int { return strings.Compare(strings.Join(a, "\x00"), strings.Join(b, "\x00")) })
}
