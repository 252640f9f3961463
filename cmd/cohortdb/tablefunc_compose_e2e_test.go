package main

import "testing"

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
}
