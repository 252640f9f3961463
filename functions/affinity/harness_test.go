package affinity_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/engine/ingest"
)

// shopDB is the shared in-process harness (engine/enginetest) under the
// names this package's tests use.
type shopDB struct {
	*enginetest.Shop
	t testing.TB
	e *engine.Engine
	s sql.Session
}

func newShop(t testing.TB) *shopDB {
	t.Helper()
	sh := enginetest.NewShop(t)
	return &shopDB{Shop: sh, t: sh.T, e: sh.E, s: sh.S}
}

func (d *shopDB) ctx() *sql.Context                 { return d.Ctx() }
func (d *shopDB) query(q string) ([]sql.Row, error) { return d.Query(q) }

func (d *shopDB) exec(q string) []sql.Row {
	d.t.Helper()
	return d.Exec(q)
}

// script runs a file of statements ending with ";" at the end of a line.
func (d *shopDB) script(path string) {
	d.t.Helper()
	d.Script(path)
}

// errCode is the MySQL error number a client would see.
func errCode(err error) int { return enginetest.ErrCode(err) }

func wantRows(t *testing.T, q string, got []sql.Row, want []string) {
	t.Helper()
	enginetest.WantRows(t, q, got, want)
}

// generatedShop is a shop loaded with n generated contacts.
func generatedShop(t testing.TB, n int, seed uint64) *shopDB {
	t.Helper()
	d := newShop(t)
	var cust, orders, products, rates bytes.Buffer
	_, err := gen.WriteTables(gen.Writers{Customers: &cust, Orders: &orders, Products: &products, Events: io.Discard, FxRates: &rates},
		gen.Config{Customers: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	for table, data := range map[string]*bytes.Buffer{"customers": &cust, "orders": &orders, "products": &products, "fx_rates": &rates} {
		_, err := d.e.Load(d.ctx(), engine.LoadRequest{DB: "shop", Table: table, Source: table + ".csv",
			Options: ingest.Options{Format: ingest.CSV, Header: true}}, data)
		if err != nil {
			t.Fatalf("load %s: %v", table, err)
		}
	}
	return d
}
