package clv_test

import (
	"context"
	"io"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/engine/ingest"
	"github.com/cohortdb/cohortdb/storage"
)

// shop is an in-process engine over an in-memory store with the canonical
// shop schema, the session's database set to shop.
type shop struct {
	t    *testing.T
	e    *engine.Engine
	sess sql.Session
}

func newShop(t *testing.T) *shop {
	t.Helper()
	e, err := engine.Open("data", engine.Options{Store: storage.Options{FS: vfs.NewMem(), SegmentRows: 4096}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	s := &shop{t: t, e: e, sess: e.NewContext(context.Background()).Session}
	s.sess.SetCurrentDatabase("shop")
	return s
}

func (s *shop) ctx() *sql.Context {
	return sql.NewContext(context.Background(), sql.WithSession(s.sess))
}

// query runs one statement and returns its rows.
func (s *shop) query(q string) ([]sql.Row, error) {
	ctx := s.ctx()
	_, iter, _, err := s.e.SQL().Query(ctx, q)
	if err != nil {
		return nil, err
	}
	return sql.RowIterToRows(ctx, iter)
}

// mustQuery is query, failing the test on error.
func (s *shop) mustQuery(q string) []sql.Row {
	s.t.Helper()
	rows, err := s.query(q)
	if err != nil {
		s.t.Fatalf("%s: %v", q, err)
	}
	return rows
}

// loadOrders bulk-loads a CSV with a header line into shop.orders.
func (s *shop) loadOrders(csv io.Reader) {
	s.t.Helper()
	_, err := s.e.Load(s.ctx(), engine.LoadRequest{DB: "shop", Table: "orders", Source: "orders.csv",
		Options: ingest.Options{Format: ingest.CSV, Header: true}}, csv)
	if err != nil {
		s.t.Fatalf("load orders: %v", err)
	}
}
