package segments_test

import "testing"

// Benchmarks on a generated shop of 20k customers: filtering order lines
// by a saved segment (in_segment) against the same filter as an IN
// subquery, and counting a segment intersection.
func benchShop(b *testing.B) *shopDB {
	d := newShop(b)
	loadGenerated(b, d, 20_000)
	create(d, "de", defDE)
	create(d, "big", defBig)
	return d
}

func BenchmarkInSegmentFilter(b *testing.B) {
	d := benchShop(b)
	b.ResetTimer()
	for range b.N {
		d.exec("SELECT COUNT(*) FROM orders WHERE in_segment(customer_id, 'de')")
	}
}

func BenchmarkInSubqueryFilter(b *testing.B) {
	d := benchShop(b)
	b.ResetTimer()
	for range b.N {
		d.exec("SELECT COUNT(*) FROM orders WHERE customer_id IN (" + defDE + ")")
	}
}

func BenchmarkSegmentAndCount(b *testing.B) {
	d := benchShop(b)
	b.ResetTimer()
	for range b.N {
		d.exec("SELECT COUNT(*) FROM segment_members('de', 'AND', 'big')")
	}
}
