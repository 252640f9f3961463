package engine

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/engine/ingest"
	"github.com/cohortdb/cohortdb/storage"
)

func newShopDB(t *testing.T) *testDB {
	t.Helper()
	d := &testDB{t: t, fs: vfs.NewMem()}
	d.open()
	t.Cleanup(func() { d.close() })
	created, err := d.e.EnsureCanonical(d.ctx())
	if err != nil || !created {
		t.Fatalf("EnsureCanonical: %v %v", created, err)
	}
	if created, _ := d.e.EnsureCanonical(d.ctx()); created {
		t.Fatal("EnsureCanonical created the schema twice")
	}
	d.sess.SetCurrentDatabase("shop")
	return d
}

func TestLoadGeneratedShop(t *testing.T) {
	d := newShopDB(t)
	var cust, orders, products, events bytes.Buffer
	st, err := gen.WriteTables(gen.Writers{Customers: &cust, Orders: &orders, Products: &products, Events: &events},
		gen.Config{Customers: 2000, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []struct {
		table string
		data  *bytes.Buffer
		want  int64
	}{{"customers", &cust, st.Customers}, {"orders", &orders, st.OrderLines}, {"products", &products, st.Products}, {"events", &events, st.Events}} {
		res, err := d.e.Load(d.ctx(), LoadRequest{DB: "shop", Table: in.table, Source: in.table + ".csv",
			Options: ingest.Options{Format: ingest.CSV, Header: true}}, in.data)
		if err != nil {
			t.Fatalf("load %s: %v", in.table, err)
		}
		if res.RowsLoaded != in.want {
			t.Fatalf("%s: loaded %d, want %d", in.table, res.RowsLoaded, in.want)
		}
		d.check(step{q: "SELECT COUNT(*) FROM " + in.table, want: rows(r(in.want))})
	}
	d.check(step{q: "SELECT COUNT(*) FROM load_history WHERE status = 'ok' AND finished_at IS NOT NULL", want: rows(r(4))})
	// Spot-check types: amount = quantity * unit_price exactly.
	d.check(step{q: "SELECT COUNT(*) FROM orders WHERE amount <> quantity * unit_price", want: rows(r(0))})
}

func TestLoadDataRejectsWholeFile(t *testing.T) {
	d := newShopDB(t)
	dir := t.TempDir()
	files, err := ParseFileAccess(dir)
	if err != nil {
		t.Fatal(err)
	}
	d.e.SetFileAccess(files)
	var b strings.Builder
	b.WriteString("product_id,name,price\n")
	for i := 1; i <= 5000; i++ {
		price := "9.99"
		if i == 4710 { // file line 4711
			price = "cheap"
		}
		b.WriteString(strings.Join([]string{itoa(i), "p" + itoa(i), price}, ",") + "\n")
	}
	path := filepath.Join(dir, "products.csv")
	os.WriteFile(path, []byte(b.String()), 0o644)
	q := "LOAD DATA INFILE '" + path + "' INTO TABLE products FIELDS TERMINATED BY ',' ENCLOSED BY '\"' IGNORE 1 LINES (product_id, name, price)"
	_, err = d.query(q)
	if errCode(err) != 1366 || !strings.Contains(err.Error(), "line 4711, column price") {
		t.Fatalf("got %v, want 1366 naming line 4711", err)
	}
	d.check(step{q: "SELECT COUNT(*) FROM products", want: rows(r(0))})
	d.check(step{q: "SELECT status, rows_read, rows_loaded FROM load_history", want: rows(r("rejected", 5000, 0))})

	ignoring := strings.Replace(q, "INTO TABLE", "IGNORE INTO TABLE", 1)
	d.exec(ignoring)
	d.check(step{q: "SELECT COUNT(*) FROM products", want: rows(r(4999))})
	d.check(step{q: "SELECT COUNT(*), SUM(rows_rejected) FROM load_history WHERE status = 'ok'", want: rows(r(1, "1"))})
}

func itoa(i int) string { return strconv.Itoa(i) }

// A load whose table another writer changed under it (storage's
// ErrConflict) answers 1213, as a conflicting commit does: the client
// retries it.
func TestLoadConflictIs1213(t *testing.T) {
	err := loadError(fmt.Errorf("load into t: %w", storage.ErrConflict))
	if got := errCode(err); got != 1213 {
		t.Fatalf("load conflict: error %d (%v), want 1213", got, err)
	}
}
