package engine

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkInsertMultiRow measures multi-row INSERT through the SQL layer
// (the slowest door), 1000 rows of 8 columns per statement.
func BenchmarkInsertMultiRow(b *testing.B) {
	d := newTestDB(b)
	d.exec("CREATE TABLE o (id BIGINT PRIMARY KEY, cid BIGINT, at DATETIME, amount DECIMAL(12,2), status VARCHAR(16), channel VARCHAR(16), qty INT, note TEXT)")
	stmt := func(base int) string {
		var sb strings.Builder
		sb.WriteString("INSERT INTO o VALUES ")
		for i := 0; i < 1000; i++ {
			if i > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "(%d,%d,'2024-05-01 10:00:00',%d.99,'valid','web',%d,'n')", base+i, (base+i)%977, i%300, i%5)
		}
		return sb.String()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.exec(stmt(i * 1000))
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "rows/s")
}
