package affinity_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/affinity"
)

// The product catalogue every affinity function reads is charged as it
// is read: 30,000 products, each in its own category, hold about 3 MB
// (ids, dense index, three category columns, 30,000 names and their
// dictionary entries) beside a history of two order lines, so under a
// limit of 1 MiB top_products() fails with the memory error; without a
// limit it answers.
func TestCatalogCharged(t *testing.T) {
	d := enginetest.NewShop(t)
	for lo := 1; lo <= 30000; lo += 1000 {
		var b strings.Builder
		b.WriteString("INSERT INTO products (product_id, name, category_1, price) VALUES ")
		for i := lo; i < lo+1000; i++ {
			if i > lo {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(%d, 'p%d', 'category %d', 1.00)", i, i, i)
		}
		d.Exec(b.String())
	}
	d.Exec("INSERT INTO customers (customer_id, email, signup_at) VALUES (1, 'a@example.com', '2024-01-01 00:00:00')")
	d.Exec("INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, status) VALUES " +
		"(1, 1, 1, '2024-02-01 00:00:00', 7, 1, 1.00, 1.00, 'valid'), (1, 2, 1, '2024-02-01 00:00:00', 9, 1, 1.00, 1.00, 'valid')")
	a := membudget.NewPool(0).NewAccount(1 << 20)
	defer a.Close()
	if _, err := d.CallTableFunction(membudget.NewContext(context.Background(), a), affinity.Module(), "top_products"); !errors.Is(err, membudget.ErrExceeded) {
		t.Fatalf("top_products under 1 MiB: %v (peak %d), want membudget.ErrExceeded", err, a.Peak())
	}
	if _, err := d.CallTableFunction(context.Background(), affinity.Module(), "top_products"); err != nil {
		t.Fatalf("top_products without a limit: %v", err)
	}
}
