package engine

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkScanAggregate measures a GROUP BY over 100k rows, vectorised
// and through GMS's row-at-a-time GroupBy.
func BenchmarkScanAggregate(b *testing.B) {
	d := newTestDB(b)
	d.exec("CREATE TABLE o (id BIGINT PRIMARY KEY, cid BIGINT, at DATETIME, amount DECIMAL(12,2), status VARCHAR(16))")
	for base := 0; base < 100_000; base += 5000 {
		var sb strings.Builder
		sb.WriteString("INSERT INTO o VALUES ")
		for i := base; i < base+5000; i++ {
			if i > base {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "(%d,%d,'2024-05-01 10:00:00',%d.99,'%s')", i, i%977, i%300, []string{"valid", "cancelled"}[i%7/6])
		}
		d.exec(sb.String())
	}
	for _, on := range []int{1, 0} {
		b.Run(fmt.Sprintf("%s=%d", VectorizeVariable, on), func(b *testing.B) {
			d.exec(fmt.Sprintf("SET %s = %d", VectorizeVariable, on))
			for i := 0; i < b.N; i++ {
				d.exec("SELECT cid, COUNT(*), SUM(amount), MAX(at) FROM o WHERE status = 'valid' GROUP BY cid")
			}
			b.ReportMetric(float64(b.N*100_000)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
