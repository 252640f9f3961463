package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/storage"
)

// testDB is one engine over an in-memory store, with one session.
type testDB struct {
	t     testing.TB
	fs    vfs.FS
	store *storage.Store
	e     *Engine
	sess  *Session
}

const testSegmentRows = 1024

func newTestDB(t testing.TB) *testDB {
	t.Helper()
	d := &testDB{t: t, fs: vfs.NewMem()}
	d.open()
	t.Cleanup(func() { d.close() })
	d.exec("CREATE DATABASE db")
	d.sess.SetCurrentDatabase("db")
	return d
}

func (d *testDB) open() {
	d.t.Helper()
	st, err := storage.Open("data", storage.Options{FS: d.fs, SegmentRows: testSegmentRows})
	if err != nil {
		d.t.Fatalf("open store: %v", err)
	}
	e, err := New(st)
	if err != nil {
		d.t.Fatalf("new engine: %v", err)
	}
	d.store, d.e = st, e
	d.sess = d.e.NewContext(context.Background()).Session.(*Session)
}

func (d *testDB) close() {
	if d.store != nil {
		_ = d.store.Close()
		d.store = nil
	}
}

// reopen closes the store and opens it again on the same files, with a
// new engine and session: what a restart looks like.
func (d *testDB) reopen() {
	d.t.Helper()
	db := d.sess.GetCurrentDatabase()
	d.close()
	d.open()
	d.sess.SetCurrentDatabase(db)
}

func (d *testDB) ctx() *sql.Context {
	return sql.NewContext(context.Background(), sql.WithSession(d.sess))
}

// query runs one statement and returns its rows.
func (d *testDB) query(q string) ([]sql.Row, error) {
	ctx := d.ctx()
	_, iter, _, err := d.e.SQL().Query(ctx, q)
	if err != nil {
		return nil, err
	}
	return sql.RowIterToRows(ctx, iter)
}

func (d *testDB) exec(q string) []sql.Row {
	d.t.Helper()
	rows, err := d.query(q)
	if err != nil {
		d.t.Fatalf("%s: %v", q, err)
	}
	return rows
}

// counter returns one store counter.
func (d *testDB) counter(name string) int64 { return d.store.Counters().Values()[name] }

// errCode returns the MySQL error number a client would see for err.
func errCode(err error) int {
	if err == nil {
		return 0
	}
	return int(sql.CastSQLError(err).Num)
}

// norm renders a value the same way whatever Go type carries it, so
// expected rows can be written with plain literals.
func norm(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	case decimal.Decimal:
		return x.StringFixed(max(0, -x.Exponent()))
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05.999999")
	case sql.JSONWrapper:
		s, _ := types.JsonToMySqlString(x)
		return s
	}
	return fmt.Sprint(v)
}

func normRows(rows []sql.Row) string {
	var b strings.Builder
	for _, r := range rows {
		parts := make([]string, len(r))
		for i, v := range r {
			parts[i] = norm(v)
		}
		b.WriteString("(" + strings.Join(parts, ", ") + ")\n")
	}
	return b.String()
}

// step is one statement of a script test: its expected rows, or the
// MySQL error code it must fail with.
type step struct {
	q       string
	want    []sql.Row // nil: not checked
	errCode int
}

type scriptTest struct {
	name  string
	setup []string
	steps []step
}

func runScripts(t *testing.T, tests []scriptTest) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newTestDB(t)
			for _, q := range tc.setup {
				d.exec(q)
			}
			for _, s := range tc.steps {
				d.check(s)
			}
		})
	}
}

func (d *testDB) check(s step) {
	d.t.Helper()
	rows, err := d.query(s.q)
	if s.errCode != 0 {
		if errCode(err) != s.errCode {
			d.t.Fatalf("%s: want error %d, got %v (code %d)", s.q, s.errCode, err, errCode(err))
		}
		return
	}
	if err != nil {
		d.t.Fatalf("%s: %v", s.q, err)
	}
	if s.want == nil {
		return
	}
	if got, want := normRows(rows), normRows(s.want); got != want {
		d.t.Fatalf("%s:\ngot:\n%swant:\n%s", s.q, got, want)
	}
}

func rows(rs ...sql.Row) []sql.Row {
	if rs == nil {
		return []sql.Row{}
	}
	return rs
}

func r(vs ...any) sql.Row { return sql.Row(vs) }

// queryWant is a query and its rows as normRows prints them.
type queryWant struct{ q, want string }

// wantOnBothPaths runs each query with the vectorised executor off and
// on (cohortdb_vectorize = 0, 1) and checks its rows.
func (d *testDB) wantOnBothPaths(t *testing.T, cases []queryWant) {
	t.Helper()
	for _, vec := range []string{"0", "1"} {
		d.exec("SET cohortdb_vectorize = " + vec)
		for _, c := range cases {
			rows, err := d.query(c.q)
			if err != nil {
				t.Errorf("vectorize %s: %s: %v", vec, c.q, err)
				continue
			}
			if got := normRows(rows); got != c.want {
				t.Errorf("vectorize %s: %s: %s, want %s", vec, c.q, got, c.want)
			}
		}
	}
}
