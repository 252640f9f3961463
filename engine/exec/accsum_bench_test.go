package exec

import (
	"math/rand/v2"
	"testing"

	"github.com/dolthub/go-mysql-server/sql/types"
)

// BenchmarkDecSumScattered adds DECIMAL values to 300k groups in random
// order (B91's SUM(o.amount) per country and product, the group state
// larger than the caches).
func BenchmarkDecSumScattered(b *testing.B) {
	const groups, n = 300_000, 2048
	r := rand.New(rand.NewPCG(1, 2))
	gids := make([][]int32, 64)
	for k := range gids {
		gids[k] = make([]int32, n)
		for i := range gids[k] {
			gids[k][i] = int32(r.IntN(groups))
		}
	}
	v := &Vec{T: ColType{Phys: PDec, Scale: 2, SQL: types.MustCreateDecimalType(12, 2)}, I: make([]int64, n)}
	for i := range v.I {
		v.I[i] = r.Int64N(100000)
	}
	a := &decSumAcc{scale: 2}
	a.resize(groups)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := a.update(gids[i%len(gids)], []*Vec{v}, n); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
}
