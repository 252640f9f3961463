package engine

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/engine/canonical"
	"github.com/cohortdb/cohortdb/engine/ingest"
	"github.com/cohortdb/cohortdb/storage"
)

// dailyFiles splits a generated orders CSV into days files in time order
// (sorted by ordered_at, as a shop's nightly export is), each with the
// header.
func dailyFiles(t *testing.T, data []byte, days int) [][]byte {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, lines := recs[0], recs[1:]
	at := slices.Index(header, "ordered_at")
	slices.SortStableFunc(lines, func(a, b []string) int { return strings.Compare(a[at], b[at]) })
	var out [][]byte
	per := (len(lines) + days - 1) / days
	for i := 0; i < len(lines); i += per {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(header)
		w.WriteAll(lines[i:min(i+per, len(lines))])
		out = append(out, buf.Bytes())
	}
	return out
}

func (d *testDB) load(table string, data []byte) {
	d.t.Helper()
	_, err := d.e.Load(d.ctx(), LoadRequest{DB: "shop", Table: table, Source: table + ".csv",
		Options: ingest.Options{Format: ingest.CSV, Header: true}}, bytes.NewReader(data))
	if err != nil {
		d.t.Fatalf("load %s: %v", table, err)
	}
}

// perCustomerQueries are the per-customer shapes the sort key is for.
var perCustomerQueries = []string{
	"SELECT customer_id, COUNT(*), SUM(amount), MIN(ordered_at), MAX(ordered_at) FROM orders GROUP BY customer_id",
	"SELECT customer_id, DATEDIFF(MAX(ordered_at), MIN(ordered_at)) / NULLIF(COUNT(DISTINCT order_id) - 1, 0) FROM orders WHERE status = 'valid' GROUP BY customer_id",
	"SELECT c.country, COUNT(DISTINCT o.customer_id), SUM(o.amount) FROM orders o JOIN customers c ON o.customer_id = c.customer_id GROUP BY c.country",
	"SELECT COUNT(*), SUM(quantity) FROM orders WHERE customer_id = 17",
	"SELECT customer_id, r, f, m FROM rfm()",
}

// answers runs the queries vectorised and with cohortdb_vectorize = 0,
// each result sorted.
func (d *testDB) answers() []string {
	var out []string
	for _, v := range []string{"1", "0"} {
		d.exec("SET cohortdb_vectorize = " + v)
		for _, q := range perCustomerQueries {
			lines := strings.Split(normRows(d.exec(q)), "\n")
			slices.Sort(lines)
			out = append(out, strings.Join(lines, "\n"))
		}
	}
	d.exec("SET cohortdb_vectorize = 1")
	return out
}

// checkSortedScan reads the orders table in scan order and fails unless
// (customer_id, ordered_at) never decreases across all segments.
func checkSortedScan(t *testing.T, st *storage.Table) {
	t.Helper()
	def := st.Def()
	c, at := def.ColumnIndex("customer_id"), def.ColumnIndex("ordered_at")
	var pc, pa int64 = -1 << 62, -1 << 62
	err := st.Snapshot().Scan(storage.ScanRequest{Columns: []int{c, at}}, func(b *storage.Batch) error {
		b.Each(func(i int) {
			cu, a := b.Cols[0].Ints[i], b.Cols[1].Ints[i]
			if cu < pc || cu == pc && a < pa {
				t.Fatalf("segment %d: (%d, %d) after (%d, %d)", b.Part.Seg, cu, a, pc, pa)
			}
			pc, pa = cu, a
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCompactDailyLoads: orders loaded as daily files in time order are
// compacted by OPTIMIZE TABLE into segments in the sort key; per-customer
// answers (vectorised and not) are the same before and after, the attempt
// is in compaction_history, and a day appended later writes only its own
// segments.
func TestCompactDailyLoads(t *testing.T) {
	d := newShopDB(t)
	var cust, orders, products, events, rates bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Customers: &cust, Orders: &orders, Products: &products, Events: &events, FxRates: &rates},
		gen.Config{Customers: 1500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	d.load("customers", cust.Bytes())
	d.load("products", products.Bytes())
	d.load("fx_rates", rates.Bytes())
	days := dailyFiles(t, orders.Bytes(), 12)
	for _, day := range days[:11] {
		d.load("orders", day)
	}
	st, err := d.store.Table("shop", "orders")
	if err != nil {
		t.Fatal(err)
	}
	var sortKey []string
	for _, o := range st.Def().SortKey {
		sortKey = append(sortKey, st.Def().Columns[o].Name)
	}
	if !slices.Equal(sortKey, canonical.SortKeys["orders"]) {
		t.Fatalf("orders sort key %v, want %v", sortKey, canonical.SortKeys["orders"])
	}
	segsBefore := st.Layout().Segments
	if l := st.Layout(); l.Runs < 11 || l.Unsorted == 0 {
		t.Fatalf("layout after daily loads: %+v", l)
	}
	before := d.answers()

	msgs, err := d.e.OptimizeTable(d.ctx(), "shop", "orders")
	if err != nil || len(msgs) != 2 || msgs[0].Type != "note" || msgs[1] != (OptimizeMessage{"status", "OK"}) {
		t.Fatalf("OPTIMIZE TABLE: %v %v", msgs, err)
	}
	if l := st.Layout(); l.Runs != 1 || l.Unsorted != 0 || l.SmallSegments > 1 {
		t.Fatalf("layout after OPTIMIZE: %+v", l)
	}
	checkSortedScan(t, st)
	if after := d.answers(); !slices.Equal(before, after) {
		t.Fatal("answers changed by compaction")
	}
	n := d.exec("SELECT COUNT(*) FROM orders")[0][0]
	d.check(step{q: "SELECT reason, status, rows_after = " + norm(n) + ", segments_before, finished_at IS NOT NULL FROM compaction_history",
		want: rows(r("optimize", "ok", true, int32(segsBefore), true))})
	if msgs, _ := d.e.OptimizeTable(d.ctx(), "shop", "orders"); msgs[0].Text != "Table is already up to date" {
		t.Fatalf("second OPTIMIZE: %v", msgs)
	}

	// One more day: its load writes its own segments, nothing else.
	written := d.counter("segments_written")
	d.load("orders", days[11])
	lines := int64(bytes.Count(days[11], []byte("\n")) - 1)
	if got, want := d.counter("segments_written")-written, (lines+testSegmentRows-1)/testSegmentRows; got != want {
		t.Fatalf("appending a day of %d lines wrote %d segments, want %d", lines, got, want)
	}
}

// TestBackgroundCompaction: the compactor picks the table its policy
// wants, shows itself in the process list while it works, records the
// attempt, and leaves a compacted table alone.
func TestBackgroundCompaction(t *testing.T) {
	d := newShopDB(t)
	var orders bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Orders: &orders}, gen.Config{Customers: 600, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	for _, day := range dailyFiles(t, orders.Bytes(), 6) {
		d.load("orders", day)
	}
	var seen []sql.Process
	cfg := CompactorConfig{pauseHook: func() {
		for _, p := range d.e.SQL().ProcessList.Processes() {
			if p.Connection == CompactorConnID {
				seen = append(seen, p)
			}
		}
	}}
	if n := d.e.CompactNeeded(context.Background(), cfg); n != 1 {
		t.Fatalf("compacted %d tables, want 1 (orders)", n)
	}
	if len(seen) == 0 || !strings.HasPrefix(seen[0].Query, "OPTIMIZE TABLE `shop`.`orders` /* background compaction: unsorted */") ||
		len(seen[0].Progress) != 1 || seen[0].Command != sql.ProcessCommandQuery {
		t.Fatalf("process list during background compaction: %+v", seen)
	}
	if len(d.e.SQL().ProcessList.Processes()) != 0 {
		t.Fatal("background compaction left a process-list entry")
	}
	d.check(step{q: "SELECT `table`, reason, status FROM compaction_history", want: rows(r("orders", "background: unsorted", "ok"))})
	if n := d.e.CompactNeeded(context.Background(), cfg); n != 0 {
		t.Fatalf("second round compacted %d tables", n)
	}
}

// TestCompactReclaimsUpsertsAndDeletes: REPLACE loads of changed contacts
// and the deletion of one contact's rows leave deleted rows behind;
// OPTIMIZE TABLE drops them, and every key still finds its row.
func TestCompactReclaimsUpsertsAndDeletes(t *testing.T) {
	d := newShopDB(t)
	var cust, orders bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Customers: &cust, Orders: &orders}, gen.Config{Customers: 3000, Seed: 8}); err != nil {
		t.Fatal(err)
	}
	d.load("customers", cust.Bytes())
	d.load("orders", orders.Bytes())
	// Every tenth contact changes, three days running: an upsert load each.
	recs, err := csv.NewReader(bytes.NewReader(cust.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	city := slices.Index(recs[0], "city")
	for day := 0; day < 3; day++ {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(recs[0])
		for i, rec := range recs[1:] {
			if i%10 == day {
				rec = slices.Clone(rec)
				rec[city] = "Moved" + itoa(day)
				w.Write(rec)
			}
		}
		w.Flush()
		_, err := d.e.Load(d.ctx(), LoadRequest{DB: "shop", Table: "customers", Source: "changes.csv",
			Options: ingest.Options{Format: ingest.CSV, Header: true, Mode: storage.LoadUpsert}}, &buf)
		if err != nil {
			t.Fatal(err)
		}
	}
	d.exec("DELETE FROM orders WHERE customer_id = 42")
	d.exec("DELETE FROM customers WHERE customer_id = 42")
	want := normRows(d.exec("SELECT customer_id, city FROM customers ORDER BY customer_id"))
	ct, _ := d.store.Table("shop", "customers")
	if l := ct.Layout(); l.Deleted != 901 {
		t.Fatalf("customers layout: %+v (want 900 replaced rows and 1 deleted)", l)
	}
	bytesBefore := ct.Snapshot().DataBytes()
	for _, table := range []string{"customers", "orders"} {
		if msgs, err := d.e.OptimizeTable(d.ctx(), "shop", table); err != nil || msgs[len(msgs)-1].Text != "OK" {
			t.Fatalf("OPTIMIZE TABLE %s: %v %v", table, msgs, err)
		}
	}
	if l := ct.Layout(); l.Deleted != 0 || l.Rows != 2999 {
		t.Fatalf("customers layout after OPTIMIZE: %+v", l)
	}
	if after := ct.Snapshot().DataBytes(); after >= bytesBefore {
		t.Fatalf("customers: %d bytes before, %d after", bytesBefore, after)
	}
	if got := normRows(d.exec("SELECT customer_id, city FROM customers ORDER BY customer_id")); got != want {
		t.Fatal("customers changed by compaction")
	}
	for _, id := range []string{"1", "10", "2999", "3000"} {
		d.check(step{q: "SELECT city FROM customers WHERE customer_id = " + id,
			want: d.exec("SELECT city FROM customers WHERE customer_id + 0 = " + id)})
	}
	d.check(step{q: "SELECT COUNT(*) FROM customers WHERE customer_id = 42", want: rows(r(int64(0)))})
	d.check(step{q: "SELECT COUNT(*) FROM orders WHERE customer_id = 42", want: rows(r(int64(0)))})
	d.exec("INSERT INTO customers (customer_id, signup_at) VALUES (42, '2026-01-01 00:00:00')")
}

// TestBackgroundRoundIsIncremental: daily loads into a compacted orders
// table make the background round merge the new days only (the history
// says so), and every per-customer answer stays the same.
func TestBackgroundRoundIsIncremental(t *testing.T) {
	d := newShopDB(t)
	var orders, rates bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Orders: &orders, FxRates: &rates}, gen.Config{Customers: 600, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	d.load("fx_rates", rates.Bytes())
	days := dailyFiles(t, orders.Bytes(), 120)
	for _, day := range days[:110] {
		d.load("orders", day)
	}
	if _, err := d.e.OptimizeTable(d.ctx(), "shop", "orders"); err != nil {
		t.Fatal(err)
	}
	st, err := d.store.Table("shop", "orders")
	if err != nil {
		t.Fatal(err)
	}
	base := st.Layout()
	for _, day := range days[110:118] {
		d.load("orders", day)
	}
	before := d.answers()
	if n := d.e.CompactNeeded(context.Background(), CompactorConfig{}); n != 1 {
		t.Fatalf("compacted %d tables, want 1 (orders)", n)
	}
	d.check(step{q: "SELECT reason, segments_before, segments_after, status FROM compaction_history",
		want: rows(r("optimize", 110, 5, "ok"), r("background: small segments", 8, 1, "ok"))})
	if l := st.Layout(); l.Segments != base.Segments+1 || l.Runs != 2 {
		t.Fatalf("layout after the round: %+v (before the days: %+v)", l, base)
	}
	if after := d.answers(); !slices.Equal(before, after) {
		t.Fatal("answers changed across the incremental round")
	}
}
