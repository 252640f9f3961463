package rfm_test

import (
	"fmt"
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

// script runs a file of statements ending with ";" at the end of a line.
func (d *shopDB) script(path string) {
	d.t.Helper()
	d.Script(path)
}

// errCode is the MySQL error number a client would see.
func errCode(err error) int { return enginetest.ErrCode(err) }

// text renders rows as "a|b|c" lines, values as a client would print them.
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
