package gen

import (
	"strconv"
	"testing"
)

// TestFlaws: with Config.Flaws exactly the planted rows differ — contacts
// 997, 1994, … have no e-mail, the lines of orders 1009, 2018, … name
// product Products + 1 — and nothing else.
func TestFlaws(t *testing.T) {
	cfg := Config{Customers: 5000, Seed: 1}
	clean := generate(t, cfg)
	cfg.Flaws = true
	flawed := generate(t, cfg)
	email := colIndex(CustomerColumns, "email")
	cs, fs := clean.rows[CustomersFile], flawed.rows[CustomersFile]
	if len(cs) != len(fs) {
		t.Fatalf("%d contacts, %d with flaws", len(cs), len(fs))
	}
	missing := 0
	for i := range cs {
		id := atoi(t, cs[i][0])
		want := cs[i][email]
		if id%flawNoEmail == 0 {
			want, missing = "", missing+1
		}
		if fs[i][email] != want {
			t.Fatalf("contact %d: e-mail %q, want %q", id, fs[i][email], want)
		}
		for k := range cs[i] {
			if k != email && fs[i][k] != cs[i][k] {
				t.Fatalf("contact %d column %d changed", id, k)
			}
		}
	}
	if missing != len(cs)/flawNoEmail && missing != len(cs)/flawNoEmail+1 {
		t.Fatalf("%d without e-mail of %d", missing, len(cs))
	}
	order, product := colIndex(OrderColumns, "order_id"), colIndex(OrderColumns, "product_id")
	co, fo := clean.rows[OrdersFile], flawed.rows[OrdersFile]
	unknown := 0
	products := len(clean.rows[ProductsFile])
	for i := range co {
		want := co[i][product]
		if atoi(t, co[i][order])%flawUnknownProduct == 0 {
			want, unknown = strconv.Itoa(products+1), unknown+1
		}
		if fo[i][product] != want {
			t.Fatalf("order line %d: product %s, want %s", i+1, fo[i][product], want)
		}
	}
	if unknown == 0 {
		t.Fatal("no order of an unknown product")
	}
	if len(flawed.rows[EventsFile]) != len(clean.rows[EventsFile]) {
		t.Fatal("events changed")
	}
}
