package main

import (
	"database/sql"
	"fmt"
	"maps"
	"testing"

	"github.com/shopspring/decimal"
)

// TestTableFunctionsCompose: a table function under IN, EXISTS and a join
// gives the same count as the same filter applied to it directly
// (these panicked in GMS's planner: "tableFunc is not sql.TableNode").
func TestTableFunctionsCompose(t *testing.T) {
	t.Parallel()
	_, db := rfmShop(t, 300)
	count := func(q string) int64 {
		t.Helper()
		var n int64
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	// The same rows filtered directly; every generated customer exists in customers.
	want := count(`SELECT COUNT(*) FROM rfm() WHERE customer_id % 3 = 0`)
	if want == 0 {
		t.Fatal("no scored customers: the fixture is too small to test anything")
	}
	for _, q := range []string{
		`SELECT COUNT(*) FROM rfm() r WHERE r.customer_id IN (SELECT customer_id FROM customers WHERE customer_id % 3 = 0)`,
		`SELECT COUNT(*) FROM customers c WHERE c.customer_id % 3 = 0 AND EXISTS (SELECT 1 FROM rfm() r WHERE r.customer_id = c.customer_id)`,
		`SELECT COUNT(*) FROM rfm() r JOIN customers c ON c.customer_id = r.customer_id WHERE c.customer_id % 3 = 0`,
	} {
		if got := count(q); got != want {
			t.Errorf("%s = %d, want %d (plain SQL)", q, got, want)
		}
	}
	lifecycleComposes(t, db)
	rfmGroupsCompose(t, db)
}

// rfmGroupsCompose groups rfm() by a score and its segment label — a
// dictionary that holds each label once per R×F×M cell — and checks
// each group's count against the client's own count of rfm()'s rows.
func rfmGroupsCompose(t *testing.T, db *sql.DB) {
	want := map[string]int64{}
	rows, err := db.Query(`SELECT r, segment FROM rfm()`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r int64
		var seg string
		if err := rows.Scan(&r, &seg); err != nil {
			t.Fatal(err)
		}
		want[fmt.Sprint(r, "/", seg)]++
	}
	rows.Close()
	got := map[string]int64{}
	rows, err = db.Query(`SELECT r, segment, COUNT(*) FROM rfm() GROUP BY r, segment`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r, n int64
		var seg string
		if err := rows.Scan(&r, &seg, &n); err != nil {
			t.Fatal(err)
		}
		k := fmt.Sprint(r, "/", seg)
		if _, dup := got[k]; dup {
			t.Errorf("rfm() GROUP BY r, segment: group %s twice", k)
		}
		got[k] += n
	}
	rows.Close()
	if !maps.Equal(got, want) {
		t.Errorf("rfm() GROUP BY r, segment = %v, want %v (the client's counts)", got, want)
	}
}

// lifecycleByStatus is, per ometria_status, the count, revenue, counts
// of non-NULL first_order_date, value_tier and emarsys_lead_status and
// the largest recency_days of lifecycle()'s rows, as text.
func lifecycleByStatus(t *testing.T, db *sql.DB, q string) map[string]string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var status string
		var n, first, tier, lead int64
		var revenue string
		var rec sql.NullInt64
		if err := rows.Scan(&status, &n, &revenue, &first, &tier, &lead, &rec); err != nil {
			t.Fatal(err)
		}
		out[status] = fmt.Sprint(n, revenue, first, tier, lead, rec)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// lifecycleComposes: lifecycle() enters the vectorised executor as
// column batches (codes, NULLs, scaled decimals, batch.Kept): a GROUP BY
// over it, alone and under EXISTS over events, agrees with the same sums
// taken by the client over its rows.
func lifecycleComposes(t *testing.T, db *sql.DB) {
	openers := map[int64]bool{}
	rows, err := db.Query(`SELECT DISTINCT customer_id FROM events WHERE type = 'email_open' AND customer_id IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		openers[id] = true
	}
	rows.Close()
	type acc struct {
		n, first, tier, lead int64
		revenue              decimal.Decimal
		rec                  sql.NullInt64
	}
	all, opened := map[string]*acc{}, map[string]*acc{}
	rows, err = db.Query(`SELECT customer_id, ometria_status, revenue, first_order_date, value_tier, emarsys_lead_status, recency_days FROM lifecycle(NULL, 30, 180)`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var status, revenue string
		var first, tier, lead sql.NullString
		var rec sql.NullInt64
		if err := rows.Scan(&id, &status, &revenue, &first, &tier, &lead, &rec); err != nil {
			t.Fatal(err)
		}
		add := func(m map[string]*acc) {
			a := m[status]
			if a == nil {
				a = &acc{}
				m[status] = a
			}
			a.n++
			a.revenue = a.revenue.Add(decimal.RequireFromString(revenue))
			a.first += b2i(first.Valid)
			a.tier += b2i(tier.Valid)
			a.lead += b2i(lead.Valid)
			if rec.Valid && (!a.rec.Valid || rec.Int64 > a.rec.Int64) {
				a.rec = rec
			}
		}
		add(all)
		if openers[id] {
			add(opened)
		}
	}
	rows.Close()
	text := func(m map[string]*acc) map[string]string {
		out := map[string]string{}
		for s, a := range m {
			out[s] = fmt.Sprint(a.n, a.revenue.StringFixed(2), a.first, a.tier, a.lead, a.rec)
		}
		return out
	}
	if len(opened) == 0 {
		t.Fatal("no e-mail openers: the fixture is too small to test anything")
	}
	const sel = `SELECT l.ometria_status, COUNT(*), SUM(l.revenue), COUNT(l.first_order_date), COUNT(l.value_tier), COUNT(l.emarsys_lead_status), MAX(l.recency_days) FROM lifecycle(NULL, 30, 180) l`
	for q, want := range map[string]map[string]string{
		sel + ` GROUP BY l.ometria_status`: text(all),
		sel + ` WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = l.customer_id AND e.type = 'email_open') GROUP BY l.ometria_status`: text(opened),
	} {
		if got := lifecycleByStatus(t, db, q); !maps.Equal(got, want) {
			t.Errorf("%s:\n got %v\nwant %v (the client's sums over its rows)", q, got, want)
		}
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
