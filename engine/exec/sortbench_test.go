package exec

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// q2Keys is Q2's window keys over n customers in customer order: the
// days since the last order DESC, the orders and the revenue (a
// DECIMAL(p,2)), each then customer_id.
func q2Keys(n int, which int) ([]*Vec, sql.SortFields) {
	r := rand.New(rand.NewPCG(uint64(n), uint64(which)))
	id := &Vec{T: ColType{Phys: PInt, SQL: types.Int64}, I: make([]int64, n)}
	k := &Vec{T: ColType{Phys: PInt, SQL: types.Int64}, I: make([]int64, n)}
	for i := range n {
		id.I[i] = int64(i + 1)
		switch which {
		case 0: // recency in days
			k.I[i] = r.Int64N(1500)
		case 1: // frequency
			k.I[i] = 1 + r.Int64N(30)
		default: // monetary, cents
			k.T = ColType{Phys: PDec, Scale: 2, SQL: types.MustCreateDecimalType(20, 2)}
			k.I[i] = r.Int64N(500_000_00)
		}
	}
	order := sql.Ascending
	if which == 0 {
		order = sql.Descending
	}
	return []*Vec{k, id}, sql.SortFields{
		{Order: order, NullOrdering: map[sql.SortOrder]sql.NullOrdering{sql.Ascending: sql.NullsFirst, sql.Descending: sql.NullsLast}[order]},
		{Order: sql.Ascending, NullOrdering: sql.NullsFirst},
	}
}

// BenchmarkWindowSort is a window group's sort and bounds over Q2's keys.
func BenchmarkWindowSort(b *testing.B) {
	for _, n := range []int{1_000_000, 10_000_000} {
		for which, name := range []string{"recency", "frequency", "monetary"} {
			keys, fields := q2Keys(n, which)
			b.Run(fmt.Sprintf("%s/%dM", name, n/1_000_000), func(b *testing.B) {
				cpu := cpuTime()
				for range b.N {
					sortWindow(keys, fields, n, 0).release()
				}
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// BenchmarkSortPerm is the sort alone.
func BenchmarkSortPerm(b *testing.B) {
	for _, n := range []int{1_000_000, 10_000_000} {
		for which, name := range []string{"recency", "frequency", "monetary"} {
			keys, fields := q2Keys(n, which)
			b.Run(fmt.Sprintf("%s/%dM", name, n/1_000_000), func(b *testing.B) {
				cpu := cpuTime()
				for range b.N {
					sortPerm(keys, fields, n, -1)
				}
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// cpuTime is the process's user and system CPU time in nanoseconds (the
// machine is shared: wall time says little).
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkPackedThreshold compares the two ways of sorting packed words
// with the position in the low bits (packMinRows): pdqsort and the radix
// passes, at sizes around the threshold, for keys of 20 and 40 bits.
func BenchmarkPackedThreshold(b *testing.B) {
	for _, n := range []int{1024, 2048, 4096, 8192} {
		for _, kb := range []uint{20, 40} {
			r := rand.New(rand.NewPCG(1, uint64(n)))
			pos := uint(bitsFor(n))
			src := make([]uint64, n)
			for i := range src {
				src[i] = r.Uint64N(1<<kb)<<pos | uint64(i)
			}
			words, tmp := make([]uint64, n), make([]uint64, n)
			b.Run(fmt.Sprintf("pdq/%d/%dbits", n, kb), func(b *testing.B) {
				cpu := cpuTime()
				for range b.N {
					copy(words, src)
					slices.Sort(words)
				}
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			})
			b.Run(fmt.Sprintf("radix/%d/%dbits", n, kb), func(b *testing.B) {
				cpu := cpuTime()
				for range b.N {
					copy(words, src)
					radixKeyWords(words, tmp, pos, kb)
				}
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
