package rfm_test

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/engine/ingest"
)

// benchShop is a generated shop loaded once per benchmark run; its size is
// RFM_BENCH_CUSTOMERS contacts (default 100000).
var benchShop = sync.OnceValues(func() (*shopDB, gen.Stats) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("RFM_BENCH_CUSTOMERS")); err == nil && v > 0 {
		n = v
	}
	t := &testing.T{}
	d := newShop(t)
	var cust, orders, products, events, rates bytes.Buffer
	st, err := gen.WriteTables(gen.Writers{Customers: &cust, Orders: &orders, Products: &products, Events: &events, FxRates: &rates},
		gen.Config{Customers: n, Seed: 42})
	if err != nil {
		panic(err)
	}
	for table, data := range map[string]*bytes.Buffer{"customers": &cust, "orders": &orders, "events": &events, "fx_rates": &rates} {
		_, err := d.e.Load(d.ctx(), engine.LoadRequest{DB: "shop", Table: table, Source: table + ".csv",
			Options: ingest.Options{Format: ingest.CSV, Header: true}}, data)
		if err != nil {
			panic(fmt.Sprintf("load %s: %v", table, err))
		}
	}
	return d, st
})

// BenchmarkFunctions times whole statements, rows returned to the caller
// included. Allocations should grow with customers, not with order lines.
func BenchmarkFunctions(b *testing.B) {
	d, st := benchShop()
	b.Logf("%d contacts, %d orders, %d order lines, %d events", st.Customers, st.Orders, st.OrderLines, st.Events)
	for _, q := range []string{
		"SELECT COUNT(*) FROM rfm()",
		"SELECT * FROM rfm()",
		"SELECT * FROM lifecycle()",
		"SELECT * FROM customer_snapshot()",
	} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.query(q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(st.OrderLines), "ns/line")
		})
	}
}
