package ingest

import (
	"bytes"
	"context"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/storage"
)

// ordersColumns mirrors the canonical orders table (see docs/schema.md).
func ordersColumns() ([]storage.ColumnDef, []Column) {
	type c struct {
		name string
		kind storage.Kind
		p    Parser
	}
	spec := []c{
		{"order_id", storage.KindInt, Int(64)}, {"line_no", storage.KindInt, Int(32)},
		{"customer_id", storage.KindInt, Int(64)}, {"ordered_at", storage.KindInt, DateTime("")},
		{"product_id", storage.KindInt, Int(64)}, {"quantity", storage.KindInt, Int(32)},
		{"unit_price", storage.KindInt, Decimal(12, 2)}, {"amount", storage.KindInt, Decimal(12, 2)},
		{"currency", storage.KindBytes, String(3)}, {"status", storage.KindBytes, String(16)},
		{"channel", storage.KindBytes, String(16)}, {"store_id", storage.KindInt, Int(32)},
		{"coupon_code", storage.KindBytes, String(32)}, {"source_medium", storage.KindBytes, String(64)},
		{"source_campaign", storage.KindBytes, String(64)},
	}
	defs := make([]storage.ColumnDef, len(spec))
	cols := make([]Column, len(spec))
	for i, s := range spec {
		defs[i] = storage.ColumnDef{Name: s.name, Kind: s.kind, Nullable: true}
		cols[i] = Column{Name: s.name, Nullable: true, Parse: s.p}
	}
	return defs, cols
}

// BenchmarkLoadOrders measures the whole import path (parse, encode,
// write) on generated order lines; b.SetBytes makes MB/s comparable with
// the CSV size.
func BenchmarkLoadOrders(b *testing.B) {
	var orders bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Orders: &orders}, gen.Config{Customers: 5000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	defs, cols := ordersColumns()
	b.SetBytes(int64(orders.Len()))
	b.ResetTimer()
	var lines int64
	for i := 0; i < b.N; i++ {
		s, err := storage.Open("db", storage.Options{FS: vfs.NewMem()})
		if err != nil {
			b.Fatal(err)
		}
		s.CreateDatabase("shop")
		tbl, err := s.CreateTable("shop", storage.TableDef{Name: "orders", Columns: defs})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Run(context.Background(), s, tbl, cols, bytes.NewReader(orders.Bytes()), Options{Format: CSV, Header: true})
		if err != nil {
			b.Fatal(err)
		}
		lines += res.RowsLoaded
		s.Close()
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
}
