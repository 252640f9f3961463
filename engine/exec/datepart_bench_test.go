package exec

import (
	"math/rand/v2"
	"testing"

	"github.com/dolthub/go-mysql-server/sql/types"
)

// BenchmarkDatePart takes YEAR and QUARTER of datetimes over two years
// in no order (a table in customer order: each row's day differs from
// the last's).
func BenchmarkDatePart(b *testing.B) {
	const n = 2048
	r := rand.New(rand.NewPCG(1, 2))
	in := &Vec{T: ColType{Phys: PTime, SQL: types.DatetimeMaxPrecision}, I: make([]int64, n)}
	for i := range in.I {
		in.I[i] = 1719792000_000000 + r.Int64N(730*86400_000000)
	}
	batch := &Batch{Cols: []*Vec{in}, N: n}
	y := &datePart{part: 'y', arg: colRef{i: 0, t: in.T}, t: ColType{Phys: PInt, SQL: types.Int32}, slot: 0}
	q := &datePart{part: 'q', arg: colRef{i: 0, t: in.T}, t: ColType{Phys: PInt, SQL: types.Int32}, slot: 1}
	f := &Frame{tmp: make([]Vec, 2)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range []*datePart{y, q} {
			if _, err := d.Vec(nil, batch, f); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*2*n), "ns/row")
}
