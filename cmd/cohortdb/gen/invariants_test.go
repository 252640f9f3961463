package gen

import (
	"strings"
	"testing"
)

// The invariants below hold for every seed; they are checked on a few.
var invariantConfigs = []Config{
	{Customers: 5000, Seed: 1},
	{Customers: 3000, Seed: 42, Products: 40},
	{Customers: 3000, Seed: 9, End: DefaultEnd.AddDate(-1, 5, 3)},
}

func TestInvariants(t *testing.T) {
	for _, cfg := range invariantConfigs {
		d := generate(t, cfg)
		for _, check := range []struct {
			name string
			fn   func(*testing.T, *dataset)
		}{
			{"customers", checkCustomers},
			{"orders", checkOrders},
			{"events", checkEvents},
		} {
			t.Run(check.name, func(t *testing.T) { check.fn(t, d) })
		}
	}
}

// checkCustomers: ids run 1..N in order, emails of original contacts are
// unique (a planted duplicate may repeat one of another duplicate's),
// updated_at is not before signup_at.
func checkCustomers(t *testing.T, d *dataset) {
	emails, dups := map[string]bool{}, map[string]bool{}
	for _, r := range d.rows[DuplicatesFile] {
		dups[r[0]] = true
	}
	for i, r := range d.rows[CustomersFile] {
		if id := atoi(t, r[0]); id != int64(i+1) {
			t.Fatalf("row %d has customer_id %d", i+1, id)
		}
		if dups[r[0]] {
			continue
		}
		if emails[r[1]] {
			t.Fatalf("duplicate email %q", r[1])
		}
		emails[r[1]] = true
		if signup, updated := r[colIndex(CustomerColumns, "signup_at")], r[colIndex(CustomerColumns, "updated_at")]; updated < signup {
			t.Fatalf("customer %s updated_at %s before signup_at %s", r[0], updated, signup)
		}
	}
}

// checkOrders: amount = quantity * unit_price; rows sorted by (customer_id,
// ordered_at); an order's lines are contiguous, numbered 1.., share
// customer, time, channel and currency, and its id appears nowhere else;
// customers and products exist; store_id is set exactly for store orders;
// no order precedes its customer's signup.
func checkOrders(t *testing.T, d *dataset) {
	col := func(c string) int { return colIndex(OrderColumns, c) }
	signup := map[string]string{}
	for _, r := range d.rows[CustomersFile] {
		signup[r[0]] = r[colIndex(CustomerColumns, "signup_at")]
	}
	products := map[string]bool{}
	for _, r := range d.rows[ProductsFile] {
		products[r[0]] = true
	}
	seen := map[string]bool{}
	var prev []string
	for i, r := range d.rows[OrdersFile] {
		if q, u, a := atoi(t, r[col("quantity")]), cents(t, r[col("unit_price")]), cents(t, r[col("amount")]); q*u != a {
			t.Fatalf("row %d: %d * %s != %s", i+1, q, r[col("unit_price")], r[col("amount")])
		}
		if _, ok := signup[r[col("customer_id")]]; !ok || !products[r[col("product_id")]] {
			t.Fatalf("row %d: unknown customer %s or product %s", i+1, r[col("customer_id")], r[col("product_id")])
		}
		if r[col("ordered_at")] < signup[r[col("customer_id")]] {
			t.Fatalf("row %d: ordered before signup", i+1)
		}
		if (r[col("channel")] == "store") != (r[col("store_id")] != "") {
			t.Fatalf("row %d: channel %s with store_id %q", i+1, r[col("channel")], r[col("store_id")])
		}
		sameOrder := prev != nil && prev[col("order_id")] == r[col("order_id")]
		switch {
		case sameOrder:
			for _, c := range []string{"customer_id", "ordered_at", "channel", "currency", "coupon_code"} {
				if prev[col(c)] != r[col(c)] {
					t.Fatalf("row %d: %s differs between lines of order %s", i+1, c, r[0])
				}
			}
			if atoi(t, r[col("line_no")]) != atoi(t, prev[col("line_no")])+1 {
				t.Fatalf("row %d: line_no %s after %s", i+1, r[col("line_no")], prev[col("line_no")])
			}
		case seen[r[col("order_id")]]:
			t.Fatalf("row %d: order_id %s is not contiguous", i+1, r[0])
		case r[col("line_no")] != "1":
			t.Fatalf("row %d: order %s starts at line %s", i+1, r[0], r[col("line_no")])
		}
		seen[r[col("order_id")]] = true
		if prev != nil && !sortedBy(prev, r, col("customer_id"), col("ordered_at")) {
			t.Fatalf("row %d: not sorted by (customer_id, ordered_at)", i+1)
		}
		prev = r
	}
	if int64(len(seen)) != d.stats.Orders {
		t.Errorf("Stats.Orders = %d, file has %d orders", d.stats.Orders, len(seen))
	}
}

// sortedBy reports whether a <= b by (integer column ci, text column ti).
func sortedBy(a, b []string, ci, ti int) bool {
	if len(a[ci]) != len(b[ci]) {
		return len(a[ci]) < len(b[ci])
	}
	if a[ci] != b[ci] {
		return a[ci] < b[ci]
	}
	return a[ti] <= b[ti]
}

// checkEvents: events with a customer_id are sorted by (customer_id,
// occurred_at), those without carry a visitor_id; campaign_id is set
// exactly for email_* types and product_id exactly for product_view and
// cart_add; channel is email exactly for email types and unsubscribe; no
// email goes out after its contact unsubscribed; email_opt_in is 0 after
// unsubscribing and 1 for contacts who get emails and never unsubscribed.
func checkEvents(t *testing.T, d *dataset) {
	col := func(c string) int { return colIndex(EventColumns, c) }
	ids, optIn := map[string]bool{}, map[string]string{}
	for _, r := range d.rows[CustomersFile] {
		ids[r[0]] = true
		optIn[r[0]] = r[colIndex(CustomerColumns, "email_opt_in")]
	}
	products := len(d.rows[ProductsFile])
	unsubscribed, seenEmail := map[string]bool{}, map[string]bool{}
	var prev []string
	for i, r := range d.rows[EventsFile] {
		if r[0] == "" {
			if r[col("visitor_id")] == "" || r[col("type")] != "site_visit" {
				t.Fatalf("row %d: an event without customer_id is a visitor's site_visit, got %v", i+1, r)
			}
			continue
		}
		typ := r[col("type")]
		email := strings.HasPrefix(typ, "email_")
		product := typ == "product_view" || typ == "cart_add"
		switch {
		case !ids[r[0]]:
			t.Fatalf("row %d: unknown customer %s", i+1, r[0])
		case email != (r[col("campaign_id")] != ""):
			t.Fatalf("row %d: %s with campaign_id %q", i+1, typ, r[col("campaign_id")])
		case product != (r[col("product_id")] != ""):
			t.Fatalf("row %d: %s with product_id %q", i+1, typ, r[col("product_id")])
		case product && atoi(t, r[col("product_id")]) > int64(products):
			t.Fatalf("row %d: unknown product %s", i+1, r[col("product_id")])
		case (email || typ == "unsubscribe") != (r[col("channel")] == "email"):
			t.Fatalf("row %d: %s on channel %s", i+1, typ, r[col("channel")])
		case typ == "email_sent" && unsubscribed[r[0]]:
			t.Fatalf("row %d: email sent to customer %s after unsubscribing", i+1, r[0])
		case prev != nil && !sortedBy(prev, r, 0, col("occurred_at")):
			t.Fatalf("row %d: not sorted by (customer_id, occurred_at)", i+1)
		}
		if typ == "unsubscribe" {
			unsubscribed[r[0]] = true
		}
		if typ == "email_sent" || typ == "unsubscribe" {
			seenEmail[r[0]] = true
		}
		prev = r
	}
	for id := range seenEmail {
		if want := map[bool]string{true: "0", false: "1"}[unsubscribed[id]]; optIn[id] != want {
			t.Fatalf("customer %s: email_opt_in %s, want %s", id, optIn[id], want)
		}
	}
}
