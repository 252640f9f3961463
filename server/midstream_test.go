package server

import (
	"context"
	"io"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// failFn is the table function failing(n, k): rows 0..k-1 of n, then the
// error a statement past its memory limit gets — what an operator that
// grows while the rows stream returns.
type failFn struct{ args []sql.Expression }

var failSchema = sql.Schema{{Name: "x", Type: types.Int64, Source: "failing"}}

func (f *failFn) Name() string                                { return "failing" }
func (f *failFn) String() string                              { return "failing()" }
func (f *failFn) Schema() sql.Schema                          { return failSchema }
func (f *failFn) Children() []sql.Node                        { return nil }
func (f *failFn) IsReadOnly() bool                            { return true }
func (f *failFn) Database() sql.Database                      { return nil }
func (f *failFn) Expressions() []sql.Expression               { return f.args }
func (f *failFn) WithDatabase(sql.Database) (sql.Node, error) { return f, nil }
func (f *failFn) WithChildren(...sql.Node) (sql.Node, error)  { return f, nil }
func (f *failFn) Resolved() bool {
	for _, a := range f.args {
		if !a.Resolved() {
			return false
		}
	}
	return true
}
func (f *failFn) WithExpressions(e ...sql.Expression) (sql.Node, error) {
	return &failFn{args: e}, nil
}
func (f *failFn) NewInstance(_ *sql.Context, _ sql.Database, args []sql.Expression) (sql.Node, error) {
	if len(args) != 2 {
		return nil, sql.ErrInvalidArgumentNumber.New("failing", 2, len(args))
	}
	return &failFn{args: args}, nil
}

func (f *failFn) RowIter(ctx *sql.Context, row sql.Row) (sql.RowIter, error) {
	var nk [2]int64
	for i, a := range f.args {
		v, err := a.Eval(ctx, row)
		if err != nil {
			return nil, err
		}
		c, _, err := types.Int64.Convert(ctx, v)
		if err != nil {
			return nil, err
		}
		nk[i] = c.(int64)
	}
	return &failIter{n: nk[0], k: nk[1]}, nil
}

type failIter struct{ i, n, k int64 }

func (it *failIter) Next(*sql.Context) (sql.Row, error) {
	switch {
	case it.i >= it.n:
		return nil, io.EOF
	case it.i >= it.k:
		return nil, &membudget.Error{Limit: 1 << 20}
	}
	it.i++
	return sql.Row{it.i - 1}, nil
}

func (it *failIter) Close(*sql.Context) error { return nil }

// A prepared statement (COM_STMT_EXECUTE: go-sql-driver/mysql prepares
// a query with arguments) whose rows have begun to go out when it fails
// ends its result with the error — here 1038, HY001 — and its connection
// and prepared statement go on (midstream.go).
func TestPreparedStatementErrorMidResult(t *testing.T) {
	s := startMemServerWith(t, newMemMeta(), "pw", &failFn{})
	db := s.open(t, "root", "pw", "mydb")
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stmt, err := conn.PrepareContext(ctx, "SELECT x FROM failing(?, ?)")
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	for _, c := range []struct {
		n, k int64
		want uint16
	}{
		{100000, 50000, 1038}, // mid-result
		{100000, 0, 1038},     // before the first row
		{1000, 1000, 0},       // no error
	} {
		rows, err := stmt.QueryContext(ctx, c.n, c.k)
		if err != nil {
			wantErrNum(t, err, c.want, "failing before its rows")
			continue
		}
		got := int64(0)
		for rows.Next() {
			got++
		}
		err = rows.Err()
		rows.Close()
		if c.want == 0 {
			if err != nil || got != c.n {
				t.Fatalf("failing(%d, %d): %d rows, %v", c.n, c.k, got, err)
			}
			continue
		}
		if c.k > 0 && got == 0 {
			t.Fatalf("failing(%d, %d): no row before the error: not mid-result", c.n, c.k)
		}
		wantErrNum(t, err, c.want, "failing mid-result")
		var one int
		if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Fatalf("the connection after the error: %d, %v", one, err)
		}
	}
}
