package segments_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/engine"
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

// lines runs q and renders its rows as "a|b|c" lines.
func (d *shopDB) lines(q string) []string {
	d.t.Helper()
	rows := d.exec(q)
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

// errCode is the MySQL error number a client would see.
func errCode(err error) int {
	if err == nil {
		return 0
	}
	return int(sql.CastSQLError(err).Num)
}

func norm(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case decimal.Decimal:
		return x.String()
	case time.Time:
		return x.UTC().Format("2006-01-02")
	case float64:
		return strconv.FormatFloat(x, 'g', 15, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	}
	return fmt.Sprint(v)
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s: got %d rows, want %d\ngot:  %.300v\nwant: %.300v", what, len(got), len(want), got, want)
	}
}
