package server

import (
	"reflect"
	"strings"
	"testing"
)

// TestExplainAccesses: the table accesses of GMS plan trees (as EXPLAIN
// FORMAT=TREE prints them), for EXPLAIN's traditional rows.
func TestExplainAccesses(t *testing.T) {
	cases := []struct {
		tree string
		want []explainAccess
	}{
		{`Project
 ├─ columns: [1]
 └─ Table
     └─ name: `, nil},
		{`Project
 └─ HashJoin
     ├─ (c.customer_id = o.customer_id)
     ├─ Filter
     │   ├─ (o.amount > 10)
     │   └─ TableAlias(o)
     │       └─ Table
     │           ├─ name: orders
     │           ├─ columns: [customer_id amount]
     │           └─ filters: [(o.amount > 10)]
     └─ HashLookup
         └─ TableAlias(c)
             └─ Table
                 ├─ name: customers
                 └─ columns: [customer_id country]`,
			[]explainAccess{{table: "o", where: true}, {table: "c"}}},
		{`Project
 └─ IndexedTableAccess(customers)
     ├─ index: [customers.customer_id]
     ├─ filters: [{[3, 3]}]
     └─ columns: [customer_id country]`,
			[]explainAccess{{table: "customers", key: "customers.customer_id", indexed: true, where: true}}},
		{`Limit(1)
 └─ HashJoin
     ├─ TableAlias(r)
     │   └─ rfm()
     └─ Table
         └─ name: products`,
			[]explainAccess{{table: "r"}, {table: "products"}}},
	}
	for _, c := range cases {
		if got := explainAccesses(strings.Split(c.tree, "\n")); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s\n got %+v\nwant %+v", c.tree, got, c.want)
		}
	}
}
