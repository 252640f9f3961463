package segments_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/engine/enginetest"
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
func errCode(err error) int { return enginetest.ErrCode(err) }

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
