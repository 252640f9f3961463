package affinity_test

import (
	"os"
	"strconv"
	"testing"
)

// BenchmarkAffinity times each function over the wire-less SQL path on a
// generated shop of AFFINITY_BENCH_CUSTOMERS contacts (default 100000):
// scan, model and result rows included, the shop load excluded.
//
//	go test ./functions/affinity -run '^$' -bench Affinity -benchtime 3x
func BenchmarkAffinity(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("AFFINITY_BENCH_CUSTOMERS")); err == nil && v > 0 {
		n = v
	}
	d := generatedShop(b, n, 1)
	lines := d.exec("SELECT COUNT(*) FROM orders")[0][0]
	b.Logf("%d contacts, %v order lines", n, lines)
	for _, q := range []struct{ name, sql string }{
		{"rules/category_2", "SELECT COUNT(*) FROM affinity_rules('category_2', 0.0001)"},
		{"rules/category_3", "SELECT COUNT(*) FROM affinity_rules('category_3', 0.0001)"},
		{"rules/product", "SELECT COUNT(*) FROM affinity_rules('product', 0.0001)"},
		{"rules/product/customer", "SELECT COUNT(*) FROM affinity_rules('product', 0.001, 0, 'customer')"},
		{"rules/category_2/triples", "SELECT COUNT(*) FROM affinity_rules('category_2', 0.0001, 0, 'order', 3)"},
		{"top_products/product", "SELECT COUNT(*) FROM top_products('product')"},
		{"predictive/category_2", "SELECT COUNT(*) FROM predictive_affinity('category_2', 3)"},
		{"segment_recommendations", "SELECT COUNT(*) FROM segment_recommendations(NULL, 5)"},
	} {
		b.Run(q.name, func(b *testing.B) {
			var res any
			for b.Loop() {
				res = d.exec(q.sql)[0][0]
			}
			b.ReportMetric(float64(toInt(res)), "rows")
		})
	}
}

func toInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int:
		return int64(x)
	}
	return -1
}
