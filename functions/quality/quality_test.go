package quality_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/engine/ingest"
	"github.com/cohortdb/cohortdb/storage"
)

func query(t *testing.T, e *engine.Engine, ctx *sql.Context, q string) []sql.Row {
	t.Helper()
	_, iter, _, err := e.SQL().Query(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	rows, err := sql.RowIterToRows(ctx, iter)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return rows
}

// TestDataQuality compares data_quality() with the same checks written in
// plain SQL, on generated data with planted problems.
func TestDataQuality(t *testing.T) {
	e, err := engine.Open("q", engine.Options{Store: storage.Options{FS: vfs.NewMem(), SegmentRows: 1024}})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx := e.NewContext(context.Background())
	ctx.SetCurrentDatabase("shop")
	var cust, orders, products bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Customers: &cust, Orders: &orders, Products: &products}, gen.Config{Customers: 1500, Seed: 3, DuplicateShare: -1}); err != nil {
		t.Fatal(err)
	}
	for table, data := range map[string]*bytes.Buffer{"customers": &cust, "orders": &orders, "products": &products} {
		if _, err := e.Load(ctx, engine.LoadRequest{DB: "shop", Table: table, Options: ingest.Options{Format: ingest.CSV, Header: true}}, data); err != nil {
			t.Fatal(err)
		}
	}
	query(t, e, ctx, "UPDATE customers SET email = NULL WHERE customer_id % 3 = 0")
	query(t, e, ctx, "UPDATE customers SET country = '' WHERE customer_id % 10 = 1")
	// One contact signed up four times, the address written three ways.
	query(t, e, ctx, "UPDATE customers SET email = 'same@x.example' WHERE customer_id IN (1, 2)")
	query(t, e, ctx, "UPDATE customers SET email = ' SAME@x.example ' WHERE customer_id IN (4, 5)")
	query(t, e, ctx, "INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount) VALUES (999999, 1, 424242, '2026-01-01', 1, 1, 1, 1), (999999, 2, 424242, '2026-01-01', 777777, 1, 1, 1)")
	// An anonymous visitor's event (visitor_id set) misses no customer_id.
	query(t, e, ctx, "INSERT INTO events (customer_id, visitor_id, occurred_at, type) VALUES (1, NULL, '2026-01-01', 'site_visit'), (NULL, 'v-1', '2026-01-01', 'site_visit'), (NULL, NULL, '2026-01-01', 'site_visit'), (NULL, '', '2026-01-01', 'site_visit')")

	got := map[string][]any{}
	for _, r := range query(t, e, ctx, "SELECT table_name, check_name, column_name, `rows`, problem_rows, flagged, last_load_at IS NOT NULL FROM data_quality()") {
		got[fmt.Sprintf("%v.%v.%v", r[0], r[1], r[2])] = []any{r[3], r[4], r[5], r[6]}
	}
	scalar := func(q string) int64 { return toInt(query(t, e, ctx, q)[0][0]) }
	want := map[string][]any{
		"customers.rows.<nil>":                {scalar("SELECT COUNT(*) FROM customers"), int64(0), false, true},
		"customers.missing.email":             {scalar("SELECT COUNT(*) FROM customers"), scalar("SELECT COUNT(*) FROM customers WHERE email IS NULL OR email = ''"), true, true},
		"customers.missing.country":           {scalar("SELECT COUNT(*) FROM customers"), scalar("SELECT COUNT(*) FROM customers WHERE country IS NULL OR country = ''"), false, true},
		"orders.unknown_customer.customer_id": {scalar("SELECT COUNT(*) FROM orders"), scalar("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = o.customer_id)"), false, true},
		"orders.unknown_product.product_id":   {scalar("SELECT COUNT(*) FROM orders"), scalar("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.product_id = o.product_id)"), false, true},
		"events.missing.customer_id":          {int64(4), scalar("SELECT COUNT(*) FROM events WHERE customer_id IS NULL AND (visitor_id IS NULL OR visitor_id = '')"), true, false},
		"customers.duplicate.email": {scalar("SELECT COUNT(*) FROM customers"),
			scalar("SELECT COUNT(*) - COUNT(DISTINCT LOWER(TRIM(email))) FROM customers WHERE email IS NOT NULL AND TRIM(email) <> ''"), false, true},
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Fatalf("data_quality() has no row %s; got %v", k, got)
		}
		if toInt(g[0]) != w[0] || toInt(g[1]) != w[1] || g[2] != w[2] || g[3] != w[3] {
			t.Errorf("%s: got rows=%v problems=%v flagged=%v loaded=%v, want %v", k, g[0], g[1], g[2], g[3], w)
		}
	}
	if toInt(got["orders.unknown_customer.customer_id"][1]) != 2 || toInt(got["orders.unknown_product.product_id"][1]) != 1 ||
		toInt(got["customers.duplicate.email"][1]) != 3 {
		t.Fatalf("planted unknown references not counted: %v", got)
	}
}

func toInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case uint64:
		return int64(x)
	}
	panic(fmt.Sprintf("not an int: %T", v))
}

// TestFlagThreshold: Dynamics 365 asks for "less than 20% of missing
// values", so exactly 20% is flagged by default and a threshold argument
// moves the boundary. Five contacts, one without an e-mail: share 0.2.
func TestFlagThreshold(t *testing.T) {
	e, err := engine.Open("q", engine.Options{Store: storage.Options{FS: vfs.NewMem()}})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx := e.NewContext(context.Background())
	ctx.SetCurrentDatabase("shop")
	query(t, e, ctx, "INSERT INTO customers (customer_id, email, country, signup_at) VALUES "+
		"(1, 'a@x', 'DE', '2024-01-01'), (2, NULL, 'DE', '2024-01-01'), (3, 'c@x', 'DE', '2024-01-01'), "+
		"(4, 'd@x', 'DE', '2024-01-01'), (5, 'e@x', 'DE', '2024-01-01')")
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"SELECT share, flagged FROM data_quality() WHERE check_name = 'missing' AND column_name = 'email'", true},
		{"SELECT share, flagged FROM data_quality('shop', 0.2) WHERE check_name = 'missing' AND column_name = 'email'", true},
		{"SELECT share, flagged FROM data_quality('shop', 0.25) WHERE check_name = 'missing' AND column_name = 'email'", false},
	} {
		r := query(t, e, ctx, c.q)
		if len(r) != 1 || r[0][0] != 0.2 || r[0][1] != c.want {
			t.Errorf("%s: %v, want share 0.2 flagged %v", c.q, r, c.want)
		}
	}
	for _, bad := range []string{"SELECT * FROM data_quality('shop', 0)", "SELECT * FROM data_quality('shop', 1.5)"} {
		if _, iter, _, err := e.SQL().Query(ctx, bad); err == nil {
			if _, err = sql.RowIterToRows(ctx, iter); err == nil {
				t.Errorf("%s accepted", bad)
			}
		}
	}
}
