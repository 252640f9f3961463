package rfm_test

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/engine/ingest"
	"github.com/cohortdb/cohortdb/functions/rfm"
)

// TestParallelOrdersScan: a generated shop loaded in customer order spans
// many segments, which the orders scan splits between workers at customer
// boundaries; the same lines loaded shuffled are read in one pass with a
// map of orders. Every function must give the same rows both ways.
func TestParallelOrdersScan(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var cust, orders, products, events, rates bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Customers: &cust, Orders: &orders, Products: &products, Events: &events, FxRates: &rates},
		gen.Config{Customers: 1000, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(orders.String(), "\n"), "\n")
	if len(lines) < 8*enginetest.SegmentRows {
		t.Fatalf("only %d order lines: too few segments to split", len(lines))
	}
	body := lines[1:]
	shuffled := append([]string{lines[0]}, body...)
	rand.New(rand.NewPCG(7, 8)).Shuffle(len(body), func(i, j int) {
		shuffled[1+i], shuffled[1+j] = shuffled[1+j], shuffled[1+i]
	})
	sorted, unsorted := newShop(t), newShop(t)
	for _, x := range []struct {
		d      *shopDB
		orders string
	}{{sorted, orders.String()}, {unsorted, strings.Join(shuffled, "\n") + "\n"}} {
		for table, data := range map[string]string{"customers": cust.String(), "orders": x.orders, "events": events.String(), "fx_rates": rates.String()} {
			_, err := x.d.e.Load(x.d.ctx(), engine.LoadRequest{DB: "shop", Table: table, Source: table + ".csv",
				Options: ingest.Options{Format: ingest.CSV, Header: true}}, strings.NewReader(data))
			if err != nil {
				t.Fatalf("load %s: %v", table, err)
			}
		}
	}
	for _, q := range []string{
		"SELECT * FROM rfm()",
		"SELECT * FROM lifecycle()",
		"SELECT * FROM customer_snapshot('value_tier')",
		"SELECT * FROM new_vs_returning('2025-01-01', '2026-06-30', 'month')",
		"SELECT * FROM erfm_profile()",
	} {
		before := rfm.ParallelOrderScans()
		want := text(unsorted.exec(q))
		if rfm.ParallelOrderScans() != before {
			t.Fatalf("%s: the shuffled load was split between workers", q)
		}
		got := text(sorted.exec(q))
		if rfm.ParallelOrderScans() == before {
			t.Fatalf("%s: the sorted load was not split between workers", q)
		}
		if len(got) < 2 || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%s: %d rows split between workers, %d in one pass; first difference:\n%s", q, len(got), len(want), firstDiff(got, want))
		}
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + "\n" + b[i]
		}
	}
	return "(one is a prefix of the other)"
}
