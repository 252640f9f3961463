package affinity_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/bench/gen"
	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/engine/ingest"
	"github.com/cohortdb/cohortdb/storage"
)

// shopDB is an engine over an in-memory store with the canonical shop
// schema and one session in database shop.
type shopDB struct {
	t testing.TB
	e *engine.Engine
	s sql.Session
}

func newShop(t testing.TB) *shopDB {
	t.Helper()
	st, err := storage.Open("data", storage.Options{FS: vfs.NewMem(), SegmentRows: 1024})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	e, err := engine.New(st)
	if err != nil {
		t.Fatal(err)
	}
	d := &shopDB{t: t, e: e, s: e.NewContext(context.Background()).Session}
	if _, err := e.EnsureCanonical(d.ctx()); err != nil {
		t.Fatal(err)
	}
	d.s.SetCurrentDatabase("shop")
	return d
}

func (d *shopDB) ctx() *sql.Context {
	return sql.NewContext(context.Background(), sql.WithSession(d.s))
}

func (d *shopDB) query(q string) ([]sql.Row, error) {
	ctx := d.ctx()
	_, iter, _, err := d.e.SQL().Query(ctx, q)
	if err != nil {
		return nil, err
	}
	return sql.RowIterToRows(ctx, iter)
}

func (d *shopDB) exec(q string) []sql.Row {
	d.t.Helper()
	rows, err := d.query(q)
	if err != nil {
		d.t.Fatalf("%s: %v", q, err)
	}
	return rows
}

// script runs a file of statements ending with ";" at the end of a line.
func (d *shopDB) script(path string) {
	d.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		d.t.Fatal(err)
	}
	var stmt strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		stmt.WriteString(line + "\n")
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			d.exec(strings.TrimSuffix(strings.TrimSpace(stmt.String()), ";"))
			stmt.Reset()
		}
	}
}

// errCode is the MySQL error number a client would see.
func errCode(err error) int {
	if err == nil {
		return 0
	}
	return int(sql.CastSQLError(err).Num)
}

// text renders rows as "a|b|c" lines; floats with 6 significant digits.
func text(rows []sql.Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		parts := make([]string, len(r))
		for j, v := range r {
			parts[j] = norm(v)
		}
		out[i] = strings.Join(parts, "|")
	}
	return out
}

func norm(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case decimal.Decimal:
		return x.StringFixed(max(0, -x.Exponent()))
	case time.Time:
		return x.UTC().Format("2006-01-02")
	case float64:
		return fmt.Sprintf("%.6g", x)
	}
	return fmt.Sprint(v)
}

func wantRows(t *testing.T, q string, got []sql.Row, want []string) {
	t.Helper()
	g := text(got)
	if strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s:\ngot:\n%s\nwant:\n%s", q, strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
}

// generatedShop is a shop loaded with n generated contacts.
func generatedShop(t testing.TB, n int, seed uint64) *shopDB {
	t.Helper()
	d := newShop(t)
	var cust, orders, products bytes.Buffer
	_, err := gen.WriteTables(gen.Writers{Customers: &cust, Orders: &orders, Products: &products, Events: io.Discard},
		gen.Config{Customers: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	for table, data := range map[string]*bytes.Buffer{"customers": &cust, "orders": &orders, "products": &products} {
		_, err := d.e.Load(d.ctx(), engine.LoadRequest{DB: "shop", Table: table, Source: table + ".csv",
			Options: ingest.Options{Format: ingest.CSV, Header: true}}, data)
		if err != nil {
			t.Fatalf("load %s: %v", table, err)
		}
	}
	return d
}
