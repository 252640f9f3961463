package server

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"testing"

	gmssql "github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/go-sql-driver/mysql"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// failFn is the table function failing(n, k): rows 0..k-1 of n, then the
// error a statement past its memory limit gets — what an operator that
// grows while the rows stream returns.
type failFn struct{ args []gmssql.Expression }

var failSchema = gmssql.Schema{{Name: "x", Type: types.Int64, Source: "failing"}}

func (f *failFn) Name() string                                      { return "failing" }
func (f *failFn) String() string                                    { return "failing()" }
func (f *failFn) Schema() gmssql.Schema                             { return failSchema }
func (f *failFn) Children() []gmssql.Node                           { return nil }
func (f *failFn) IsReadOnly() bool                                  { return true }
func (f *failFn) Database() gmssql.Database                         { return nil }
func (f *failFn) Expressions() []gmssql.Expression                  { return f.args }
func (f *failFn) WithDatabase(gmssql.Database) (gmssql.Node, error) { return f, nil }
func (f *failFn) WithChildren(...gmssql.Node) (gmssql.Node, error)  { return f, nil }
func (f *failFn) Resolved() bool {
	for _, a := range f.args {
		if !a.Resolved() {
			return false
		}
	}
	return true
}
func (f *failFn) WithExpressions(e ...gmssql.Expression) (gmssql.Node, error) {
	return &failFn{args: e}, nil
}
func (f *failFn) NewInstance(_ *gmssql.Context, _ gmssql.Database, args []gmssql.Expression) (gmssql.Node, error) {
	if len(args) != 2 {
		return nil, gmssql.ErrInvalidArgumentNumber.New("failing", 2, len(args))
	}
	return &failFn{args: args}, nil
}

func (f *failFn) RowIter(ctx *gmssql.Context, row gmssql.Row) (gmssql.RowIter, error) {
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

func (it *failIter) Next(*gmssql.Context) (gmssql.Row, error) {
	switch {
	case it.i >= it.n:
		return nil, io.EOF
	case it.i >= it.k:
		return nil, &membudget.Error{Limit: 1 << 20}
	}
	it.i++
	return gmssql.Row{it.i - 1}, nil
}

func (it *failIter) Close(*gmssql.Context) error { return nil }

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

// The rows a statement produced before it failed reach the client, then
// the error, as in MySQL: exactly k rows, then the error, whether k is
// below one batch of the wire or spans several, whether the table
// function fails (1038 after k rows of failing(n, k)) or an expression
// of the select list (JSON_EXTRACT of text that is no JSON, 3141, from
// row k on), sent as text (the batched result path, results.go), as a
// prepared statement or in a multi-statement packet (go-mysql-server's
// handler, whose batch and channel the rows were dropped from,
// rowflush.go).
func TestRowsBeforeErrorSent(t *testing.T) {
	s := startMemServerWith(t, newMemMeta(), "pw", &failFn{})
	ctx := context.Background()
	text := s.open(t, "root", "pw", "mydb")
	defer text.Close()
	cfg, err := mysql.ParseDSN(s.dsn("root", "pw", "mydb"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MultiStatements = true
	multi, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer multi.Close()
	const badJSON = `SELECT x, JSON_EXTRACT(IF(x < %d, '{"a": 1}', 'x'), '$.a') FROM failing(%d, %d)`
	for _, k := range []int64{1, 7, 127, 128, 129, 256, 300, 1000, 2500} {
		n := k + 1000
		for _, c := range []struct {
			how  string
			db   *sql.DB
			q    string
			args []any
			want uint16
		}{
			{"text", text, fmt.Sprintf("SELECT x FROM failing(%d, %d)", n, k), nil, 1038},
			{"prepared", text, "SELECT x FROM failing(?, ?)", []any{n, k}, 1038},
			{"multi-statement", multi, fmt.Sprintf("SELECT x FROM failing(%d, %d); SELECT 1", n, k), nil, 1038},
			{"text", text, fmt.Sprintf(badJSON, k, n, n), nil, 3141},
			{"prepared", text, fmt.Sprintf(badJSON, k, n, n) + " WHERE x >= ?", []any{0}, 3141},
			{"multi-statement", multi, fmt.Sprintf(badJSON, k, n, n) + "; SELECT 1", nil, 3141},
		} {
			what := fmt.Sprintf("%s %s (k = %d)", c.how, c.q, k)
			rows, err := c.db.QueryContext(ctx, c.q, c.args...)
			if err != nil {
				t.Fatalf("%s: %v before any row", what, err)
			}
			var got int64
			for rows.Next() {
				var x int64
				var a any
				dest := []any{&x, &a}[:len(mustColumns(t, rows))]
				if err := rows.Scan(dest...); err != nil {
					t.Fatal(err)
				}
				if x != got {
					t.Fatalf("%s: row %d is %d", what, got, x)
				}
				got++
			}
			err = rows.Err()
			rows.Close()
			if got != k {
				t.Errorf("%s: %d rows before the error, want %d", what, got, k)
			}
			wantErrNum(t, err, c.want, what+" after its rows")
		}
	}
	var one int
	if err := text.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("the connection after the errors: %d, %v", one, err)
	}
}

func mustColumns(t *testing.T, rows *sql.Rows) []string {
	t.Helper()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	return cols
}
