package segments_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/engine/ingest"
)

// loadGenerated fills the shop with a generated data set.
func loadGenerated(t testing.TB, d *shopDB, customers int) {
	t.Helper()
	var cust, orders, rates bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Customers: &cust, Orders: &orders, Products: io.Discard, Events: io.Discard, FxRates: &rates},
		gen.Config{Customers: customers, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	for table, data := range map[string]*bytes.Buffer{"customers": &cust, "orders": &orders, "fx_rates": &rates} {
		if _, err := d.e.Load(d.ctx(), engine.LoadRequest{DB: "shop", Table: table, Source: table + ".csv",
			Options: ingest.Options{Format: ingest.CSV, Header: true}}, data); err != nil {
			t.Fatalf("load %s: %v", table, err)
		}
	}
}

// The segments' definitions and their plain-SQL member lists.
const (
	defDE    = "SELECT customer_id FROM customers WHERE country = 'DE'"
	defBig   = "SELECT DISTINCT customer_id FROM orders WHERE status = 'valid' AND amount > 100"
	defOptIn = "SELECT customer_id FROM customers WHERE email_opt_in"
)

func create(d *shopDB, name, def string) {
	d.t.Helper()
	d.exec("CALL create_segment('" + name + "', '" + strings.ReplaceAll(def, "'", "''") + "')")
}

// TestSegmentsAgainstPlainSQL: members, set algebra and in_segment equal
// the same sets written in plain SQL on generated data.
func TestSegmentsAgainstPlainSQL(t *testing.T) {
	d := newShop(t)
	loadGenerated(t, d, 1500)
	create(d, "de", defDE)
	create(d, "big", defBig)
	create(d, "OptIn", defOptIn) // names are case-insensitive
	in := func(def string) string { return "customer_id IN (" + def + ")" }
	cases := []struct {
		name, members, plain string
	}{
		{"one", "segment_members('de')", defDE},
		{"and", "segment_members('de', 'AND', 'big')", "SELECT customer_id FROM customers WHERE " + in(defDE) + " AND " + in(defBig)},
		{"or", "segment_members('de', 'or', 'big')", "SELECT customer_id FROM customers WHERE " + in(defDE) + " OR " + in(defBig)},
		{"and not", "segment_members('de', 'AND NOT', 'big')", "SELECT customer_id FROM customers WHERE " + in(defDE) + " AND NOT " + in(defBig)},
		{"xor", "segment_members('de', 'XOR', 'big')", "SELECT customer_id FROM customers WHERE (" + in(defDE) + ") <> (" + in(defBig) + ")"},
		{"left to right", "segment_members('de', 'OR', 'big', 'and  not', 'optin')",
			"SELECT customer_id FROM customers WHERE (" + in(defDE) + " OR " + in(defBig) + ") AND NOT " + in(defOptIn)},
		{"in_segment", "customers WHERE in_segment(customer_id, 'big') AND country = 'DE'",
			"SELECT customer_id FROM customers WHERE " + in(defBig) + " AND country = 'DE'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := d.lines("SELECT customer_id FROM " + c.members + " ORDER BY customer_id")
			want := d.lines(c.plain + " ORDER BY customer_id")
			if len(want) == 0 {
				t.Fatal("the plain query is empty: a useless case")
			}
			same(t, c.name, got, want)
		})
	}
	// in_segment over order lines, against a join-free plain form.
	same(t, "orders in segment",
		d.lines("SELECT COUNT(*), SUM(amount) FROM orders WHERE in_segment(customer_id, 'de')"),
		d.lines("SELECT COUNT(*), SUM(amount) FROM orders WHERE "+in(defDE)))
	same(t, "segments table",
		d.lines("SELECT name, `sql`, size FROM segments ORDER BY name"),
		[]string{"big|" + defBig + "|" + count(d, defBig), "de|" + defDE + "|" + count(d, defDE), "optin|" + defOptIn + "|" + count(d, defOptIn)})
}

func count(d *shopDB, def string) string {
	return d.lines("SELECT COUNT(*) FROM (" + def + ") s")[0]
}

// TestRefreshAndDrop: a segment keeps its members until refreshed, and
// in_segment sees the refresh and the drop at once.
func TestRefreshAndDrop(t *testing.T) {
	d := newShop(t)
	d.exec("INSERT INTO customers (customer_id, country, signup_at) VALUES (1,'DE','2024-01-01'),(2,'FR','2024-01-01'),(3,'DE','2024-01-01')")
	create(d, "de", defDE)
	inDE := "SELECT customer_id FROM customers WHERE in_segment(customer_id, 'de') ORDER BY customer_id"
	same(t, "created", d.lines(inDE), []string{"1", "3"})
	d.exec("INSERT INTO customers (customer_id, country, signup_at) VALUES (4,'DE','2024-01-01')")
	d.exec("UPDATE customers SET country = 'AT' WHERE customer_id = 1")
	same(t, "before refresh", d.lines(inDE), []string{"1", "3"})
	d.exec("CALL refresh_segment('de')")
	same(t, "after refresh", d.lines(inDE), []string{"3", "4"})
	same(t, "table after refresh", d.lines("SELECT name, size FROM segments"), []string{"de|2"})
	// Redefining replaces the query.
	create(d, "de", "SELECT customer_id FROM customers WHERE country = 'FR'")
	same(t, "redefined", d.lines(inDE), []string{"2"})
	if got := d.lines("CALL drop_segment('de')"); len(got) != 1 || !strings.HasPrefix(got[0], "de|1|") {
		t.Fatalf("drop_segment returned %v, want the dropped segment's name and size", got)
	}
	same(t, "table after drop", d.lines("SELECT name FROM segments"), nil)
	_, err := d.query(inDE)
	if errCode(err) != 1105 || !strings.Contains(err.Error(), `segment "de" not found in database shop`) {
		t.Fatalf("in_segment after drop: %v", err)
	}
}
