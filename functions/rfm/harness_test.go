package rfm_test

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

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

// text renders rows as "a|b|c" lines (see enginetest.Text).
func text(rows []sql.Row) []string { return enginetest.Text(rows) }

func wantRows(t *testing.T, q string, got []sql.Row, want []string) {
	t.Helper()
	enginetest.WantRows(t, q, got, want)
}
