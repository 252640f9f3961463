package main

// End-to-end tests of erfm_profile([years]) (issue 5): its full output on a
// generated shop, over the wire, against an independent computation in
// plain SQL run on the same server — Jenks natural breaks by exhaustive
// search over every choice of four break points, the lifecycle windows by
// window functions — plus rfm()'s explicit 'thresholds' and 'quintile'
// methods after CALL erfm_apply(), and the argument errors.

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// profileBaseSQL are the CTEs of the profile's input, following
// docs/analytics.md: valid orders (an order_id's valid lines: revenue their
// sum, time the earliest) dated in the @Y + 1 = years × 365 days ending @D,
// the latest order date; per customer with such an order its recency days
// (to its last order day), valid orders, revenue in integer cents (GMS
// v0.20.0 compares equal DECIMAL sums of different origin as different, so
// values are grouped by cents), and its 90-day engagement score.
const profileBaseSQL = `
ord AS (
  SELECT customer_id, order_id, MIN(ordered_at) AS at, SUM(amount) AS rev
  FROM orders WHERE status = 'valid' AND DATE(ordered_at) BETWEEN DATE_SUB(@D, INTERVAL @Y DAY) AND @D
  GROUP BY customer_id, order_id),
ev AS (
  SELECT customer_id, (201 * SUM(CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3
                                    WHEN 'site_visit' THEN 2 ELSE 0 END) + 10)
                                    DIV (2 * (SUM(CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3
                                    WHEN 'site_visit' THEN 2 ELSE 0 END) + 10)) AS engagement
  FROM events WHERE DATE(occurred_at) BETWEEN DATE_SUB(@D, INTERVAL 89 DAY) AND @D GROUP BY customer_id),
cu AS (
  SELECT customer_id, DATEDIFF(@D, MAX(DATE(at))) AS recency, COUNT(*) AS frequency,
         CAST(SUM(rev) * 100 AS SIGNED) AS cents
  FROM ord GROUP BY customer_id),
c AS (
  SELECT cu.customer_id, cu.recency, cu.frequency, cu.cents, COALESCE(ev.engagement, 0) AS engagement
  FROM cu LEFT JOIN ev ON ev.customer_id = cu.customer_id)`

// profileDims are the four dimensions in erfm_profile's row order: the
// setting, the value's key (equal keys are one distinct value, keys order
// the values), the value as DOUBLE, and its text as the profile prints it
// (shortest decimal: 95.5, 300, 12.05).
var profileDims = []struct{ name, key, x, label string }{
	{"rfm.recency_breaks", "recency", "recency * 1E0", "CAST(recency AS CHAR)"},
	{"rfm.frequency_breaks", "frequency", "frequency * 1E0", "CAST(frequency AS CHAR)"},
	{"rfm.monetary_breaks", "cents", "LN(1 + GREATEST(cents, 0) / 100E0)", `CONCAT(cents DIV 100, CASE WHEN cents % 100 = 0 THEN ''
     WHEN cents % 10 = 0 THEN CONCAT('.', (cents % 100) DIV 10) ELSE CONCAT('.', LPAD(cents % 100, 2, '0')) END)`},
	{"rfm.engagement_breaks", "engagement", "engagement * 1E0", "CAST(engagement AS CHAR)"},
}

// The Jenks search runs on tables of a scratch database jenks of the test
// server (GMS re-evaluates CTEs joined on inequalities for every row, and
// a subquery in a join condition defeats its index lookups; user variables
// @jn and @jbest hold the two constants).
var jenksSetup = []string{
	"CREATE DATABASE IF NOT EXISTS jenks",
	"DROP TABLE IF EXISTS jenks.v",
	"DROP TABLE IF EXISTS jenks.cls",
	// A dimension's distinct values: key k (equal keys are one value), the
	// value x, its text, w = how many customers have it, i = its 1-based
	// position ascending.
	"CREATE TABLE jenks.v (i BIGINT PRIMARY KEY, k BIGINT, x DOUBLE, label VARCHAR(64), w BIGINT)",
	// Every class of the consecutive distinct values s..e, its sum of
	// squared deviations from its own mean and its customers cw.
	"CREATE TABLE jenks.cls (s BIGINT, e BIGINT, ssd DOUBLE, cw BIGINT, PRIMARY KEY (s, e))",
}

// distinctSQL fills jenks.v; @K, @X, @L as in profileDims.
const distinctSQL = `INSERT INTO jenks.v (i, k, x, label, w) WITH ` + profileBaseSQL + `,
vals AS (SELECT @K AS k, @X AS x, @L AS label FROM c),
g AS (SELECT k, MIN(x) AS x, MIN(label) AS label, COUNT(*) AS w FROM vals GROUP BY k)
SELECT ROW_NUMBER() OVER (ORDER BY k), k, x, label, w FROM g`

// distinctCountSQL: how many distinct values, and how many customers.
const distinctCountSQL = `SELECT COUNT(*), COALESCE(SUM(w), 0) FROM jenks.v`

// fewBreaksSQL: with fewer than five distinct values every value but the
// smallest starts a class of its own (the docs: fewer breaks come back).
const fewBreaksSQL = `SELECT COALESCE(GROUP_CONCAT(label ORDER BY k SEPARATOR ','), '') FROM jenks.v WHERE i > 1`

// clsSQL fills jenks.cls: the mean of each class, then the squared
// deviations from it (two passes, so no cancellation).
const clsSQL = `INSERT INTO jenks.cls (s, e, ssd, cw)
WITH mu AS (
  SELECT a.i AS s, b.i AS e, SUM(m.w * m.x) / SUM(m.w) AS mu
  FROM jenks.v a JOIN jenks.v b ON b.i >= a.i JOIN jenks.v m ON m.i >= a.i AND m.i <= b.i GROUP BY a.i, b.i)
SELECT mu.s, mu.e, SUM(m.w * (m.x - mu.mu) * (m.x - mu.mu)), SUM(m.w)
FROM mu JOIN jenks.v m ON m.i >= mu.s AND m.i <= mu.e GROUP BY mu.s, mu.e`

// partsSQL is every partition of the n distinct values into five classes:
// the class starts 1 < s1 < s2 < s3 < s4 ≤ n, i.e. every choice of four
// break values b1 < b2 < b3 < b4 whose every class holds at least @jmin
// customers (5%, rounded up), with its total within-class SSD; @SEL and
// @WHERE complete it.
const partsSQL = `SELECT @SEL
  FROM jenks.cls c0 JOIN jenks.cls c1 ON c1.s = c0.e + 1 JOIN jenks.cls c2 ON c2.s = c1.e + 1
       JOIN jenks.cls c3 ON c3.s = c2.e + 1 JOIN jenks.cls c4 ON c4.s = c3.e + 1
  WHERE c0.s = 1 AND c4.e = @jn AND c0.cw >= @jmin AND c1.cw >= @jmin AND c2.cw >= @jmin
    AND c3.cw >= @jmin AND c4.cw >= @jmin @WHERE`

const partTotal = "c0.ssd + c1.ssd + c2.ssd + c3.ssd + c4.ssd"

// tieBound: totals within 1e-9 relative of the least are equal (floating
// point noise of either side's sums).
const tieBound = "@jbest * (1 + 1e-9) + 1e-9"

func parts(sel, where string) string {
	return strings.NewReplacer("@SEL", sel, "@WHERE", where).Replace(partsSQL)
}

// jenksBreaks returns the Jenks natural breaks of jenks.v into 5 classes
// by exhaustive search: the partition of least total. Ties: the
// implementation's dynamic program keeps, for every prefix, the earliest
// start of its last class among equally good ones (strict <, starts tried
// ascending), so among equally good partitions it returns the one with the
// smallest b4, then b3, b2, b1. Also returned, for the log: the least
// total, how many partitions tie with it, how many there are, and the
// least total of one that does not tie.
func jenksBreaks(t *testing.T, conn *sql.Conn) (breaks, best, ties, n, runner string) {
	t.Helper()
	q := connQ{conn}
	execConn(t, conn, clsSQL, "SET @jn = (SELECT MAX(i) FROM jenks.v)",
		"SET @jmin = (SELECT CEIL(0.05 * SUM(w)) FROM jenks.v)",
		"SET @jbest = ("+parts("MIN("+partTotal+")", "")+")")
	r := cells(t, q, `SELECT CONCAT(v1.label, ',', v2.label, ',', v3.label, ',', v4.label), b.ssd FROM (`+
		parts("c1.s AS s1, c2.s AS s2, c3.s AS s3, c4.s AS s4, "+partTotal+" AS ssd", "AND "+partTotal+" <= "+tieBound+
			" ORDER BY c4.s, c3.s, c2.s, c1.s LIMIT 1")+`) b
  JOIN jenks.v v1 ON v1.i = b.s1 JOIN jenks.v v2 ON v2.i = b.s2 JOIN jenks.v v3 ON v3.i = b.s3 JOIN jenks.v v4 ON v4.i = b.s4`)
	if len(r) != 1 {
		t.Fatalf("jenks: %d winners", len(r))
	}
	st := cells(t, q, parts("COUNT(*), SUM(CASE WHEN "+partTotal+" <= "+tieBound+" THEN 1 ELSE 0 END), "+
		"MIN(CASE WHEN "+partTotal+" > "+tieBound+" THEN "+partTotal+" END)", ""))[0]
	return r[0][0], r[0][1], st[1], st[0], st[2]
}

func execConn(t *testing.T, conn *sql.Conn, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := conn.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", firstLine(s), err)
		}
	}
}

// profileWindowsSQL: the lifecycle windows of the profile — the
// customer-weighted P80 (active, at least 1) and P95 (lapsed, at least
// active) of the days between consecutive distinct valid order days of
// each customer, both days in the window (the profile reads only the
// window's orders; an interval from an order before it does not count,
// unlike lifecycle()'s own derivation, windowsSQL), each customer's n
// intervals weighing 1/n; 180 and 365 without any interval.
const profileWindowsSQL = `,
d AS (SELECT DISTINCT customer_id, DATE(at) AS day FROM ord),
gp AS (SELECT customer_id, DATEDIFF(day, LAG(day) OVER (PARTITION BY customer_id ORDER BY day)) AS gap FROM d),
k AS (SELECT gap, 1E0 / COUNT(*) OVER (PARTITION BY customer_id) AS wt FROM gp WHERE gap IS NOT NULL),
cm AS (SELECT gap, SUM(wt) OVER (ORDER BY gap ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
              SUM(wt) OVER () AS total FROM k),
pc AS (SELECT COUNT(*) AS n, MIN(CASE WHEN cum >= 0.8 * total - 1e-9 * total THEN gap END) AS p80,
              MIN(CASE WHEN cum >= 0.95 * total - 1e-9 * total THEN gap END) AS p95 FROM cm)
SELECT n, CASE WHEN n = 0 THEN 180 ELSE GREATEST(1, p80) END,
       CASE WHEN n = 0 THEN 365 ELSE GREATEST(1, p80, p95) END FROM pc`

// profileSQL replaces @D (as-of date) and @Y (years × 365 − 1).
func profileSQL(q, asOf string, years int) string {
	return strings.NewReplacer("@D", "'"+asOf+"'", "@Y", strconv.Itoa(years*365-1)).Replace(q)
}

// wantProfile computes erfm_profile(years)'s (parameter, value) rows in
// plain SQL on conn (as of asOf, the latest order date).
func wantProfile(t *testing.T, conn *sql.Conn, asOf string, years int) [][]string {
	t.Helper()
	q := connQ{conn}
	var want [][]string
	strong := 0
	for _, dim := range profileDims {
		execConn(t, conn, jenksSetup...)
		execConn(t, conn, profileSQL(strings.NewReplacer("@K", dim.key, "@X", dim.x, "@L", dim.label).Replace(distinctSQL), asOf, years))
		cnt := cells(t, q, distinctCountSQL)[0]
		n, _ := strconv.Atoi(cnt[0])
		// Kept small on purpose: the exhaustive search enumerates C(n−1, 4)
		// partitions, and with fewer than 1024 customers no 512-run
		// grouping applies (every run is one distinct value: runs hold
		// len/512 values, at least one, and never split equal values), so
		// the search over distinct values is exactly the implementation's.
		if n > 45 {
			t.Fatalf("%s: %d distinct values; the shop is too big for an exhaustive search", dim.name, n)
		}
		if c, _ := strconv.Atoi(cnt[1]); c >= 1024 {
			t.Fatalf("%d customers: runs of several distinct values would apply", c)
		}
		var breaks string
		if n < 5 {
			breaks = cells(t, q, fewBreaksSQL)[0][0]
			t.Logf("years %d %s: %d distinct values of %s customers: %q", years, dim.name, n, cnt[1], breaks)
		} else {
			strong++
			var best, ties, parts, runner string
			breaks, best, ties, parts, runner = jenksBreaks(t, conn)
			// Every class must hold 5% of the customers: fewer partitions
			// than C(n−1, 4) qualify, and this search needs one.
			if p, _ := strconv.Atoi(parts); p == 0 || p > binom(n-1, 4) {
				t.Fatalf("%s: %d partitions of classes ≥ 5%% enumerated, want 1 to C(%d, 4) = %d", dim.name, p, n-1, binom(n-1, 4))
			}
			t.Logf("years %d %s: %d distinct values of %s customers, %s partitions: %s (SSD %s; %s tied, next best %s)",
				years, dim.name, n, cnt[1], parts, breaks, best, ties, runner)
		}
		want = append(want, []string{dim.name, breaks})
	}
	if strong == 0 {
		t.Fatalf("years %d: no dimension has 5 distinct values; the 4-break search is not exercised", years)
	}
	w := cells(t, q, profileSQL("WITH "+profileBaseSQL+profileWindowsSQL, asOf, years))[0]
	t.Logf("years %d: %s repurchase intervals in the window: active %s, lapsed %s", years, w[0], w[1], w[2])
	return append(want, []string{"lifecycle.active_days", w[1]}, []string{"lifecycle.lapsed_days", w[2]})
}

func binom(n, k int) int {
	if k < 0 || k > n {
		return 0
	}
	r := 1
	for i := 1; i <= k; i++ {
		r = r * (n - k + i) / i
	}
	return r
}

// sameExactly compares two results cell by cell as text.
func sameExactly(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got: %v\nwant: %v", what, got, want)
	}
}

// profileShopSize: 60 contacts of the generated shop (seed 5) are 38
// customers in the two years (31 in the last one), so every dimension has
// 11-37 distinct values — at most C(36, 4) = 58905 partitions, searched in
// seconds — and wantProfile fails rather than search a bigger one.
const profileShopSize = 60

// TestProfileMatchesSQL compares the full output of erfm_profile([years])
// with plain SQL — Jenks breaks by exhaustive search, windows by window
// functions — on a generated shop (every dimension with ≥ 5 distinct
// values: the 4-break search) and on the hand-worked fixture (three
// distinct order counts and engagement scores: fewer breaks; a
// future-dated order as the as-of day; cancelled lines; multi-line orders).
func TestProfileMatchesSQL(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, profileShopSize)
	rfmFixtureDB(t, db)
	tiesDB(t, db)
	for _, tc := range []struct {
		db, call string
		years    int
	}{
		{"shop", "erfm_profile()", 2}, {"shop", "erfm_profile(1)", 1}, {"shop", "erfm_profile(3)", 3},
		{"fx", "erfm_profile()", 2}, {"fx", "erfm_profile(1)", 1}, {"ties", "erfm_profile()", 2},
	} {
		t.Run(tc.db+"/"+tc.call, func(t *testing.T) {
			conn := s2conn(t, db, tc.db)
			q := connQ{conn}
			asOf := cells(t, q, "SELECT DATE(MAX(ordered_at)) FROM orders")[0][0][:10]
			got := cells(t, q, "SELECT parameter, value FROM "+tc.call)
			want := wantProfile(t, conn, asOf, tc.years)
			sameExactly(t, tc.db+" "+tc.call, got, want)
			if tc.db == "ties" { // every partition ties: smallest b4, then b3, …
				sameExactly(t, "ties by hand", want, [][]string{{"rfm.recency_breaks", "10,20,30,40"},
					{"rfm.frequency_breaks", "2,3,4,5"}, {"rfm.monetary_breaks", "20,30,40,50"}, {"rfm.engagement_breaks", ""},
					{"lifecycle.active_days", "3"}, {"lifecycle.lapsed_days", "3"}})
			}
		})
	}
}

// tiesDB creates database ties where every Jenks partition ties: customer
// i (1-6) has i valid orders of 10.00, three days apart, the last 10·(i−1)
// days before 2024-06-30, so recency days 0, 10, …, 50, orders 1-6 and
// revenue 10-60 are six evenly spaced values — five classes merge one
// adjacent pair, each equally good — and no events (engagement 0 for all:
// one distinct value, no break).
func tiesDB(t *testing.T, db *sql.DB) {
	t.Helper()
	mustExec(t, db, "CREATE DATABASE ties")
	for _, tb := range []string{"customers", "orders", "products", "events"} {
		mustExec(t, db, "CREATE TABLE ties."+tb+" LIKE shop."+tb)
	}
	var vals []string
	for i := 1; i <= 6; i++ {
		for j := 1; j <= i; j++ {
			vals = append(vals, fmt.Sprintf("(%d, 1, %d, DATE_SUB('2024-06-30 12:00:00', INTERVAL %d DAY), 1, 1, 10.00, 10.00, 'valid', 'web')",
				10*i+j, i, 10*(i-1)+3*(j-1)))
		}
	}
	mustExec(t, db, "INSERT INTO ties.orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, status, channel) VALUES "+
		strings.Join(vals, ", "))
}

// thresholdsSQL is rfm(@D, 'thresholds') in plain SQL: each score's class
// is the number of saved breaks the value reaches (@R, @F, @M, @E); f, m,
// e score 1 + class, recency 5 − class.
const thresholdsSQL = `
WITH o AS (
  SELECT customer_id, COUNT(DISTINCT order_id) AS frequency, SUM(amount) AS monetary,
         MAX(DATE(ordered_at)) AS last_day
  FROM orders WHERE status = 'valid' AND DATE(ordered_at) <= @D GROUP BY customer_id),
ev AS (
  SELECT customer_id, (201 * SUM(CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3
                                    WHEN 'site_visit' THEN 2 ELSE 0 END) + 10)
                                    DIV (2 * (SUM(CASE type WHEN 'email_open' THEN 1 WHEN 'email_click' THEN 3
                                    WHEN 'site_visit' THEN 2 ELSE 0 END) + 10)) AS engagement
  FROM events WHERE DATE(occurred_at) BETWEEN DATE_SUB(@D, INTERVAL 89 DAY) AND @D GROUP BY customer_id),
b AS (
  SELECT o.customer_id, o.last_day, DATEDIFF(@D, o.last_day) AS recency_days, o.frequency, o.monetary,
         COALESCE(ev.engagement, 0) AS engagement
  FROM o LEFT JOIN ev ON ev.customer_id = o.customer_id),
s AS (
  SELECT b.*, 5 - (@R) AS r, 1 + (@F) AS f, 1 + (@M) AS m, 1 + (@E) AS e FROM b)
SELECT customer_id, last_day, recency_days, frequency, monetary, engagement, r, f, m, e,
       CONCAT(r, f, m), ` + segmentCase + `
FROM s ORDER BY customer_id`

// columnsOf runs q and returns its column names.
func columnsOf(t *testing.T, db querier, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	return cols
}

// queryErr runs q to the end and returns its first error.
func queryErr(db querier, q string) error {
	rows, err := db.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// TestProfileMethodsOverWire: CALL erfm_apply() returns (parameter,
// value) = erfm_profile()'s rows and saves them; rfm(as_of, 'thresholds')
// then equals CASE scoring by the saved breaks (full rows: values, scores,
// code, segment) at the default as-of day and a year earlier, rfm(as_of)
// too, and rfm(as_of, 'quintile') still equals the quintile definition;
// CALL erfm_reset() returns (deleted) = 6, then 0, and 'thresholds' fails.
// Argument errors are 1210 over the wire.
func TestProfileMethodsOverWire(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, 500)
	conn := s2conn(t, db, "shop")
	q := connQ{conn}
	prof := cells(t, q, "SELECT parameter, value FROM erfm_profile()")
	if cols := columnsOf(t, q, "CALL erfm_apply()"); !reflect.DeepEqual(cols, []string{"parameter", "value"}) {
		t.Errorf("CALL erfm_apply() columns %v", cols)
	}
	sameExactly(t, "CALL erfm_apply() rows", cells(t, q, "CALL erfm_apply()"), prof)
	saved := map[string]string{}
	for _, r := range cells(t, q, "SELECT name, value FROM settings") {
		saved[r[0]] = r[1]
	}
	class := func(col, setting string) string { // number of breaks reached
		parts := []string{"0"}
		for _, b := range strings.Split(saved[setting], ",") {
			if b != "" {
				parts = append(parts, fmt.Sprintf("(%s >= %s)", col, b))
			}
		}
		return strings.Join(parts, " + ")
	}
	scoring := strings.NewReplacer("@R", class("recency_days", "rfm.recency_breaks"), "@F", class("frequency", "rfm.frequency_breaks"),
		"@M", class("monetary", "rfm.monetary_breaks"), "@E", class("engagement", "rfm.engagement_breaks")).Replace(thresholdsSQL)
	latest := cells(t, q, "SELECT DATE(MAX(ordered_at)) FROM orders")[0][0][:10]
	for _, asOf := range []string{latest, "2025-06-30"} {
		want := cells(t, q, sqlText(scoring, asOf, 0, 0))
		if len(want) < 50 {
			t.Fatalf("as of %s: only %d customers", asOf, len(want))
		}
		sameTable(t, "rfm(as_of, 'thresholds') as of "+asOf, cells(t, q, "SELECT * FROM rfm('"+asOf+"', 'thresholds')"), want)
		sameTable(t, "rfm(as_of) after apply as of "+asOf, cells(t, q, "SELECT * FROM rfm('"+asOf+"')"), want)
		sameTable(t, "rfm(as_of, 'quintile') after apply as of "+asOf, cells(t, q, "SELECT * FROM rfm('"+asOf+"', 'quintile')"),
			cells(t, q, sqlText(rfmSQL, asOf, 0, 0)))
	}
	if got := cells(t, q, "CALL erfm_reset()"); !reflect.DeepEqual(got, [][]string{{"6"}}) {
		t.Errorf("first CALL erfm_reset(): %v, want [[6]]", got)
	}
	if cols := columnsOf(t, q, "CALL erfm_reset()"); !reflect.DeepEqual(cols, []string{"deleted"}) {
		t.Errorf("CALL erfm_reset() columns %v", cols)
	}
	if got := cells(t, q, "CALL erfm_reset()"); !reflect.DeepEqual(got, [][]string{{"0"}}) {
		t.Errorf("CALL erfm_reset() with nothing saved: %v, want [[0]]", got)
	}
	wantErrNum(t, queryErr(q, "SELECT * FROM rfm('"+latest+"', 'thresholds')"), 1210, "rfm(as_of, 'thresholds') after erfm_reset")
	for _, bad := range []string{
		"SELECT * FROM erfm_profile(0)", "SELECT * FROM erfm_profile(21)", "SELECT * FROM erfm_profile('x')",
		"SELECT * FROM rfm('2024-01-01', 'nope')",
	} {
		wantErrNum(t, queryErr(q, bad), 1210, bad)
	}
}
