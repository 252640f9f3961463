package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/canonical"
	"github.com/cohortdb/cohortdb/storage"
)

// openMem opens the data dir "data" of fs with Open.
func openMem(t *testing.T, fs vfs.FS) *Engine {
	t.Helper()
	e, err := Open("data", Options{Store: storage.Options{FS: fs}})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return e
}

// shopRows runs q in database shop and renders its rows as "a|b" lines.
func shopRows(t *testing.T, e *Engine, q string) []string {
	t.Helper()
	ctx := e.NewContext(context.Background())
	ctx.SetCurrentDatabase(canonical.Database)
	_, iter, _, err := e.SQL().Query(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	rows, err := sql.RowIterToRows(ctx, iter)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var out []string
	for _, r := range rows {
		f := make([]string, len(r))
		for i, v := range r {
			f[i] = fmt.Sprint(v)
		}
		out = append(out, strings.Join(f, "|"))
	}
	return out
}

// TestOpen checks the startup steps of the one startup path: the
// canonical schema on a fresh dir only, interrupted loads marked, users
// kept, and Close releasing the store so the dir can be opened again.
func TestOpen(t *testing.T) {
	fs := vfs.NewMem()
	e := openMem(t, fs)
	want := slices.Sorted(slices.Values(canonical.Tables))
	if got := shopRows(t, e, "SHOW TABLES"); !slices.Equal(got, want) {
		t.Fatalf("fresh dir: tables %v, want the canonical ones %v", got, want)
	}
	if data, err := e.LoadUsers(); err != nil || data != nil {
		t.Fatalf("fresh dir: users %q, %v; want none", data, err)
	}
	shopRows(t, e, "DROP TABLE products") // a user's change: not undone at the next start
	shopRows(t, e, "INSERT INTO load_history (started_at, `table`, status) VALUES ('2026-01-02 03:04:05', 'orders', 'running')")
	if err := e.PersistUsers([]byte("users blob")); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	e = openMem(t, fs)
	defer e.Close()
	if got := shopRows(t, e, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'shop' AND table_name = 'products'"); got[0] != "0" {
		t.Errorf("reopen recreated a dropped canonical table")
	}
	if got := shopRows(t, e, "SELECT `table`, status FROM load_history"); strings.Join(got, ",") != "orders|interrupted" {
		t.Errorf("load_history after reopen: %v, want orders|interrupted", got)
	}
	if data, err := e.LoadUsers(); err != nil || string(data) != "users blob" {
		t.Errorf("users after reopen: %q, %v", data, err)
	}
}
