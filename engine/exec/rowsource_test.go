package exec

import (
	"errors"
	"fmt"
	"testing"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// manyRows is a node of n rows (an id and a 40-byte text), standing for
// a table function's result.
type manyRows struct{ n int }

func (m *manyRows) Resolved() bool       { return true }
func (m *manyRows) IsReadOnly() bool     { return true }
func (m *manyRows) String() string       { return fmt.Sprintf("manyRows(%d)", m.n) }
func (m *manyRows) Children() []sql.Node { return nil }
func (m *manyRows) Schema() sql.Schema {
	return sql.Schema{{Name: "id", Type: types.Int64}, {Name: "s", Type: types.LongText}}
}
func (m *manyRows) WithChildren(...sql.Node) (sql.Node, error) { return m, nil }
func (m *manyRows) RowIter(*sql.Context, sql.Row) (sql.RowIter, error) {
	rows := make([]sql.Row, m.n)
	for i := range rows {
		rows[i] = sql.Row{int64(i), fmt.Sprintf("%040d", i)}
	}
	return sql.RowsToRowIter(rows...), nil
}

// TestRowSourceWithinBudget: the batches a row source holds count on
// the statement's account: past its limit the statement fails with the
// budget's error; within it every row arrives.
func TestRowSourceWithinBudget(t *testing.T) {
	src, ok := RowSource(&manyRows{n: 100_000})
	if !ok {
		t.Fatal("no row source")
	}
	ctx, _ := budgetCtx(1 << 20)
	if _, err := src.Open(ctx); !errors.Is(err, membudget.ErrExceeded) {
		t.Fatalf("100,000 rows within 1 MiB: %v, want %v", err, membudget.ErrExceeded)
	}
	ctx, acct := budgetCtx(64 << 20)
	n, err := src.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for m := range n {
		if err := src.Run(ctx, m, func(b *Batch) error { rows += b.N; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if rows != 100_000 {
		t.Fatalf("%d rows, want 100000", rows)
	}
	if acct.Used() < 100_000*40 {
		t.Errorf("%d bytes reserved for 100,000 rows of 40-byte texts", acct.Used())
	}
}
