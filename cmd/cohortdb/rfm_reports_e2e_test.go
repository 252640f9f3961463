package main

// End-to-end tests of issue 5's reports (functions/rfm): dimension_matrix(),
// new_vs_returning(), customer_events() and revenue_impact(), over the wire
// on a generated shop and on the hand-worked fixtures. Each result is
// compared row by row with its definition in plain SQL (window functions,
// LAG, CASE, a recursive calendar) run on the same server.

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// historySQL numbers every customer's valid orders up to @MAX: k is the
// order's place by time then order_id, gap the days since the previous.
const historySQL = `
ord AS (
  SELECT customer_id, order_id, MIN(ordered_at) AS at, SUM(amount) AS rev
  FROM orders WHERE status = 'valid' AND DATE(ordered_at) <= @MAX GROUP BY customer_id, order_id),
h AS (
  SELECT customer_id, order_id, DATE(at) AS day, rev,
         ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY at, order_id) AS k,
         DATEDIFF(DATE(at), LAG(DATE(at)) OVER (PARTITION BY customer_id ORDER BY at, order_id)) AS gap
  FROM ord)`

// calendarSQL lists the periods of @F .. @T: bucket b (by @B(day)), first
// and last day.
const calendarSQL = `
cal AS (SELECT CAST(@F AS DATE) AS day UNION ALL SELECT DATE_ADD(day, INTERVAL 1 DAY) FROM cal WHERE day < @T),
per AS (SELECT @B(day) AS b, MIN(day) AS ps, MAX(day) AS pe FROM cal GROUP BY @B(day))`

// Period buckets of each grain.
var grainSQL = map[string]string{
	"day":   "day",
	"week":  "DATE_SUB(day, INTERVAL WEEKDAY(day) DAY)",
	"month": "DATE_FORMAT(day, '%Y-%m-01')",
}

// newVsReturningSQL is new_vs_returning(@F, @T, grain, @A, @L): buyers of
// a period are new (k = 1) or returning by their first order in it; a
// customer lapses on the day @L + 1 after an order not followed by another
// within @L days, and counts in the period holding that day.
const newVsReturningSQL = `WITH RECURSIVE ` + calendarSQL + `,` + historySQL + `,
x AS (
  SELECT customer_id, day, k, gap, rev, @B(day) AS b,
         ROW_NUMBER() OVER (PARTITION BY customer_id, @B(day) ORDER BY k) AS j
  FROM h WHERE day BETWEEN @F AND @T),
cls AS (
  SELECT customer_id, b, CASE WHEN k = 1 THEN 'new' ELSE 'returning' END AS c
  FROM x WHERE j = 1),
cc AS (
  SELECT b, COUNT(*) AS cu, SUM(CASE WHEN c = 'new' THEN 1 ELSE 0 END) AS n,
         SUM(CASE WHEN c = 'returning' THEN 1 ELSE 0 END) AS r
  FROM cls GROUP BY b),
rv AS (
  SELECT x.b, COUNT(*) AS o, SUM(x.rev) AS rev, SUM(CASE WHEN c = 'new' THEN x.rev ELSE 0 END) AS n,
         SUM(CASE WHEN c = 'returning' THEN x.rev ELSE 0 END) AS r
  FROM x JOIN cls ON cls.customer_id = x.customer_id AND cls.b = x.b GROUP BY x.b),
nx AS (
  SELECT customer_id, DATE_ADD(day, INTERVAL @L + 1 DAY) AS ld,
         LEAD(day) OVER (PARTITION BY customer_id ORDER BY k) AS nxt
  FROM h),
lp AS (
  SELECT @B(ld) AS b, COUNT(DISTINCT customer_id) AS l FROM nx
  WHERE (nxt IS NULL OR nxt >= ld) AND ld BETWEEN @F AND @T GROUP BY @B(ld))
SELECT per.ps, per.pe, COALESCE(cc.cu, 0), COALESCE(cc.n, 0), COALESCE(cc.r, 0), COALESCE(lp.l, 0),
       COALESCE(rv.o, 0), COALESCE(rv.rev, 0), COALESCE(rv.n, 0), COALESCE(rv.r, 0)
FROM per LEFT JOIN cc ON cc.b = per.b LEFT JOIN rv ON rv.b = per.b LEFT JOIN lp ON lp.b = per.b ORDER BY per.ps`

// customerEventsSQL is customer_events(@F, @T, breakdown, @CF, @CT, @A, @L);
// @V is the breakdown value of a valid line l (and its product p).
const customerEventsSQL = `WITH ` + historySQL + `,
ev AS (
  SELECT customer_id, order_id, day, 0 AS e FROM h
  UNION ALL SELECT customer_id, order_id, day, 1 FROM h WHERE k = 1
  UNION ALL SELECT customer_id, order_id, day, 2 FROM h WHERE k = 2
  UNION ALL SELECT customer_id, order_id, day, 3 FROM h WHERE k > 1 AND gap > @L
  UNION ALL SELECT customer_id, order_id, day, 4 FROM h WHERE k > 1 AND gap > @A AND gap <= @L),
lv AS (
  -- vk: v as a join key (NULL-safe joins are nested loops in GMS)
  SELECT ev.customer_id, ev.day, ev.e, @V AS v, COALESCE(@V, '(null)') AS vk
  FROM ev JOIN orders l ON l.order_id = ev.order_id AND l.status = 'valid' AND DATE(l.ordered_at) <= @MAX
       LEFT JOIN products p ON p.product_id = l.product_id
  WHERE ev.day BETWEEN @F AND @T OR ev.day BETWEEN @CF AND @CT),
vals AS (SELECT DISTINCT v, vk FROM lv),
evs AS (
  SELECT 0 AS e, 'unique_customers' AS name UNION ALL SELECT 1, 'gained' UNION ALL SELECT 2, 'second_order'
  UNION ALL SELECT 3, 'won_back' UNION ALL SELECT 4, 'saved'),
cnt AS (
  SELECT vk, e, COUNT(DISTINCT CASE WHEN day BETWEEN @F AND @T THEN customer_id END) AS cur,
         COUNT(DISTINCT CASE WHEN day BETWEEN @CF AND @CT THEN customer_id END) AS cmp
  FROM lv GROUP BY vk, e)
SELECT vals.v, evs.name, COALESCE(cnt.cur, 0), COALESCE(cnt.cmp, 0), COALESCE(cnt.cur, 0) - COALESCE(cnt.cmp, 0),
       CASE WHEN cnt.cmp > 0 THEN 100E0 * (cnt.cur - cnt.cmp) / cnt.cmp END
FROM vals CROSS JOIN evs LEFT JOIN cnt ON cnt.vk = vals.vk AND cnt.e = evs.e ORDER BY vals.v, evs.e`

// Breakdown values in customerEventsSQL.
var breakdownSQL = map[string]string{
	"all":      "'all'",
	"product":  "CAST(l.product_id AS CHAR)",
	"category": "p.category_1",
	"source":   "l.source_medium",
	"coupon":   "l.coupon_code",
	"channel":  "l.channel",
}

// revenueImpactSQL is revenue_impact(@F, @T, grain, <stage>, @A, @L):
// @S is the status just before an order of h, @VALS the values listed.
const revenueImpactSQL = `WITH RECURSIVE ` + calendarSQL + `,` + historySQL + `,
st AS (SELECT customer_id, order_id, rev, @B(day) AS b, @S AS v FROM h WHERE day BETWEEN @F AND @T),
vals AS (@VALS),
g AS (SELECT b, v, COUNT(*) AS o, COUNT(DISTINCT customer_id) AS cu, SUM(rev) AS rev FROM st GROUP BY b, v),
pt AS (SELECT b, SUM(rev) AS rev FROM st GROUP BY b)
SELECT per.ps, per.pe, vals.v, COALESCE(g.o, 0), COALESCE(g.cu, 0), COALESCE(g.rev, 0),
       g.rev * 1E0 / g.o, COALESCE(g.rev, 0) * 1E0 / pt.rev
FROM per CROSS JOIN vals LEFT JOIN g ON g.b = per.b AND g.v = vals.v LEFT JOIN pt ON pt.b = per.b
ORDER BY per.ps, vals.v`

var stageSQL = map[string][2]string{
	"lifecycle": {`CASE WHEN k = 1 THEN 'lead' WHEN gap > @L THEN 'lapsed' WHEN gap > @A THEN 'at risk'
       WHEN k = 2 THEN 'new' ELSE 'active' END`,
		`SELECT 'active' AS v UNION ALL SELECT 'at risk' UNION ALL SELECT 'lapsed' UNION ALL SELECT 'lead' UNION ALL SELECT 'new'`},
	"stage": {`CASE WHEN k = 1 THEN 'lead' WHEN gap > @L THEN 'inactive' WHEN gap > @A THEN 'defecting'
       WHEN k = 2 THEN 'first-time buyer' ELSE 'active' END`,
		`SELECT 'active' AS v UNION ALL SELECT 'defecting' UNION ALL SELECT 'first-time buyer' UNION ALL SELECT 'inactive' UNION ALL SELECT 'lead'`},
}

// channelImpactSQL is revenue_impact(@F, @T, grain, 'channel'): the
// valid lines of the range's orders, by the line's channel.
const channelImpactSQL = `WITH RECURSIVE ` + calendarSQL + `,` + historySQL + `,
st AS (
  SELECT h.customer_id, h.order_id, l.amount AS rev, @B(h.day) AS b, l.channel AS v
  FROM h JOIN orders l ON l.order_id = h.order_id AND l.status = 'valid' AND DATE(l.ordered_at) <= @MAX
  WHERE h.day BETWEEN @F AND @T),
vals AS (SELECT DISTINCT v FROM st),
g AS (SELECT b, v, COUNT(DISTINCT order_id) AS o, COUNT(DISTINCT customer_id) AS cu, SUM(rev) AS rev FROM st GROUP BY b, v),
pt AS (SELECT b, SUM(rev) AS rev FROM st GROUP BY b)
SELECT per.ps, per.pe, vals.v, COALESCE(g.o, 0), COALESCE(g.cu, 0), COALESCE(g.rev, 0),
       g.rev * 1E0 / g.o, COALESCE(g.rev, 0) * 1E0 / pt.rev
FROM per CROSS JOIN vals LEFT JOIN g ON g.b = per.b AND g.v <=> vals.v LEFT JOIN pt ON pt.b = per.b
ORDER BY per.ps, vals.v`

// matrixSQL is dimension_matrix(<a>, <b>, @M, @D, @A, @L) over the
// contacts of snapshotSQL: @VA and @VB are the dimensions, @M the measure.
const matrixSQL = `
WITH o AS (
  SELECT customer_id, COUNT(DISTINCT order_id) AS orders, SUM(amount) AS revenue, MAX(DATE(ordered_at)) AS last_day
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
c AS (
  SELECT c.customer_id, c.country, c.source, o.orders, o.revenue, DATEDIFF(@D, o.last_day) AS rec,
         COALESCE(e.engagement, 0) AS eng
  FROM customers c LEFT JOIN o ON o.customer_id = c.customer_id LEFT JOIN e ON e.customer_id = c.customer_id
  WHERE DATE(c.signup_at) <= @D),
v AS (SELECT c.*, @VA AS a, @VB AS b FROM c CROSS JOIN base),
g AS (
  SELECT a, b, COUNT(*) AS contacts, COUNT(orders) AS customers, COALESCE(SUM(orders), 0) AS orders,
         COALESCE(SUM(revenue), 0) AS revenue
  FROM v GROUP BY a, b),
ta AS (SELECT a, SUM(@M) AS t FROM g GROUP BY a),
tb AS (SELECT b, SUM(@M) AS t FROM g GROUP BY b),
tt AS (SELECT SUM(@M) AS t FROM g)
SELECT ta.a, tb.b, COALESCE(g.contacts, 0), COALESCE(g.customers, 0), COALESCE(g.orders, 0), COALESCE(g.revenue, 0),
       COALESCE(g.@M, 0) * 1E0 / NULLIF(tt.t, 0), COALESCE(g.@M, 0) * 1E0 / NULLIF(ta.t, 0),
       COALESCE(g.@M, 0) * 1E0 / NULLIF(tb.t, 0)
FROM ta CROSS JOIN tb CROSS JOIN tt LEFT JOIN g ON g.a <=> ta.a AND g.b <=> tb.b
ORDER BY ta.a, tb.b`

// rangeText fills a range query's placeholders.
func rangeText(q string, r map[string]string) string {
	var pairs []string
	for _, k := range []string{"@MAX", "@CF", "@CT", "@F", "@T", "@A", "@L", "@D"} { // longest first
		if v, ok := r[k]; ok {
			pairs = append(pairs, k, v)
		}
	}
	return strings.NewReplacer(pairs...).Replace(q)
}

// bucketed replaces @B(x) by the grain's bucket of x.
func bucketed(q, grain string) string {
	for {
		i := strings.Index(q, "@B(")
		if i < 0 {
			return q
		}
		j := i + strings.IndexByte(q[i:], ')')
		arg := q[i+3 : j]
		q = q[:i] + strings.ReplaceAll(grainSQL[grain], "day", arg) + q[j+1:]
	}
}

// reportRanges are the ranges the reports are compared over.
var reportRanges = []struct {
	db, from, to, cf, ct string
	a, l                 int64
}{
	{"shop", "2025-10-01", "2026-03-31", "2025-04-01", "2025-09-30", 30, 120},
	{"shop", "2026-01-15", "2026-02-20", "", "", 45, 180},
	{"px", "2024-03-01", "2024-04-30", "", "", 30, 90},
}

func TestRangeReportsMatchSQL(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, 1500)
	periodsFixtureDB(t, db)
	for _, rg := range reportRanges {
		q := connQ{s2conn(t, db, rg.db)}
		r := map[string]string{"@F": "'" + rg.from + "'", "@T": "'" + rg.to + "'",
			"@A": fmt.Sprint(rg.a), "@L": fmt.Sprint(rg.l), "@MAX": "'" + rg.to + "'"}
		name := rg.db + "/" + rg.from
		for _, grain := range []string{"day", "week", "month"} {
			t.Run(name+"/new_vs_returning/"+grain, func(t *testing.T) {
				got := cells(t, q, fmt.Sprintf("SELECT * FROM new_vs_returning('%s', '%s', '%s', %d, %d)", rg.from, rg.to, grain, rg.a, rg.l))
				sameTable(t, "new_vs_returning", got, cells(t, q, rangeText(bucketed(newVsReturningSQL, grain), r)))
			})
		}
		for _, by := range []string{"lifecycle", "stage", "channel"} {
			grain := map[string]string{"lifecycle": "month", "stage": "week", "channel": "month"}[by]
			t.Run(name+"/revenue_impact/"+by, func(t *testing.T) {
				sq := channelImpactSQL
				if by != "channel" {
					sq = strings.NewReplacer("@S", stageSQL[by][0], "@VALS", stageSQL[by][1]).Replace(revenueImpactSQL)
				}
				got := cells(t, q, fmt.Sprintf("SELECT * FROM revenue_impact('%s', '%s', '%s', '%s', %d, %d)", rg.from, rg.to, grain, by, rg.a, rg.l))
				sameTable(t, "revenue_impact", got, cells(t, q, rangeText(bucketed(sq, grain), r)))
			})
		}
		cf, ct, args := rg.cf, rg.ct, fmt.Sprintf("'%s', '%s'", rg.cf, rg.ct)
		if cf == "" { // the default: as many days, just before
			args = "NULL, NULL"
			row := cells(t, q, fmt.Sprintf("SELECT DATE_SUB('%s', INTERVAL DATEDIFF('%s', '%s') + 1 DAY), DATE_SUB('%s', INTERVAL 1 DAY)", rg.from, rg.to, rg.from, rg.from))[0]
			cf, ct = row[0][:10], row[1][:10]
		}
		r["@CF"], r["@CT"] = "'"+cf+"'", "'"+ct+"'"
		if ct > rg.to {
			r["@MAX"] = "'" + ct + "'"
		}
		for _, bd := range []string{"all", "product", "category", "source", "coupon", "channel"} {
			t.Run(name+"/customer_events/"+bd, func(t *testing.T) {
				got := cells(t, q, fmt.Sprintf("SELECT * FROM customer_events('%s', '%s', '%s', %s, %d, %d)", rg.from, rg.to, bd, args, rg.a, rg.l))
				if len(got) < 5 {
					t.Fatalf("only %d rows", len(got))
				}
				for _, row := range got[:5] { // the generated shop has every event
					if bd == "all" && rg.db == "shop" && row[2] == "0" {
						t.Fatalf("no customer for %s: the comparison would prove little", row[1])
					}
				}
				want := cells(t, q, rangeText(strings.ReplaceAll(customerEventsSQL, "@V", breakdownSQL[bd]), r))
				sameTable(t, "customer_events", got, want)
			})
		}
	}
}

// periodsFixtureDB creates database px with the canonical tables and the
// range reports' hand-worked fixture.
func periodsFixtureDB(t *testing.T, db *sql.DB) {
	loadFixtureDB(t, db, "px", "../../functions/rfm/testdata/periods.sql")
}

func TestMatrixMatchesSQL(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, 1000)
	rfmFixtureDB(t, db)
	dims := map[string]string{"source": "source"}
	for k, v := range snapshotDims {
		dims[k] = v
	}
	for _, tc := range []struct {
		db, asOf, a, b, m string
	}{
		{"shop", "2026-06-30", "lifecycle", "engagement", "contacts"},
		{"shop", "2025-12-31", "value_tier", "country", "revenue"},
		{"shop", "2026-06-30", "country", "source", "customers"},
		{"fx", "2024-06-30", "frequency_tier", "lifecycle", "orders"},
		{"fx", "2024-06-30", "country", "country", "contacts"},
	} {
		t.Run(strings.Join([]string{tc.db, tc.asOf, tc.a, tc.b, tc.m}, "/"), func(t *testing.T) {
			q := connQ{s2conn(t, db, tc.db)}
			sq := strings.NewReplacer("@VA", dims[tc.a], "@VB", dims[tc.b], "@M", tc.m).Replace(matrixSQL)
			want := cells(t, q, sqlText(sq, tc.asOf, 30, 120))
			got := cells(t, q, fmt.Sprintf("SELECT * FROM dimension_matrix('%s', '%s', '%s', '%s', 30, 120)", tc.a, tc.b, tc.m, tc.asOf))
			if len(got) < 2 {
				t.Fatalf("only %d rows", len(got))
			}
			sameTable(t, "dimension_matrix", got, want)
		})
	}
}
