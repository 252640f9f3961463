// Package enginetest gives tests an engine over an in-memory store with
// the canonical shop schema, one session in database shop, and helpers to
// run SQL: the in-process harness the analytics packages share.
package enginetest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/storage"
)

// SegmentRows is the segment size of test stores: small, so modest data
// spans many segments.
const SegmentRows = 1024

// Shop is an engine over an in-memory store with the canonical schema.
type Shop struct {
	T testing.TB
	E *engine.Engine
	S sql.Session
}

// NewShop opens a fresh shop (engine.Open over an in-memory file system);
// it is closed when the test ends.
func NewShop(t testing.TB) *Shop {
	t.Helper()
	e, err := engine.Open("data", engine.Options{Store: storage.Options{FS: vfs.NewMem(), SegmentRows: SegmentRows}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	d := &Shop{T: t, E: e, S: e.NewContext(context.Background()).Session}
	d.S.SetCurrentDatabase("shop")
	return d
}

// Ctx returns a context on the shop's session.
func (d *Shop) Ctx() *sql.Context {
	return sql.NewContext(context.Background(), sql.WithSession(d.S))
}

// Query runs one statement and returns its rows.
func (d *Shop) Query(q string) ([]sql.Row, error) {
	ctx := d.Ctx()
	_, iter, _, err := d.E.SQL().Query(ctx, q)
	if err != nil {
		return nil, err
	}
	return sql.RowIterToRows(ctx, iter)
}

// Exec runs one statement or fails the test.
func (d *Shop) Exec(q string) []sql.Row {
	d.T.Helper()
	rows, err := d.Query(q)
	if err != nil {
		d.T.Fatalf("%s: %v", q, err)
	}
	return rows
}

// Script runs a file of statements, each ending with ";" at the end of a
// line; lines starting with "--" are comments.
func (d *Shop) Script(path string) {
	d.T.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		d.T.Fatal(err)
	}
	var stmt strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		stmt.WriteString(line + "\n")
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			d.Exec(strings.TrimSuffix(strings.TrimSpace(stmt.String()), ";"))
			stmt.Reset()
		}
	}
}

// ErrCode is the MySQL error number a client would see for err.
func ErrCode(err error) int {
	if err == nil {
		return 0
	}
	return int(sql.CastSQLError(err).Num)
}
