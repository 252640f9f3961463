package enginetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
	"github.com/cohortdb/cohortdb/functions/sqlfn/stoptest"
)

// StopCase is one table function of an analytics module's stop test:
// its name, its arguments (nil: the defaults), and whether its own passes
// charge what they build to the statement's memory (then it must fail
// under StopLimit too) or only look at the statement's context.
type StopCase struct {
	Name    string
	Args    []any
	Charged bool
}

// StopLimit is the memory limit charged StopCases run under: far below
// what the structures of NewStopShop's 5000 customers take.
const StopLimit = 64 << 10

// NewStopShop is the data every module's stop test runs on: a shop with
// AddBulk(5000), then the statements of setup (a module's own state,
// such as a fitted model or a saved segment).
func NewStopShop(t testing.TB, setup ...string) *Shop {
	t.Helper()
	d := NewShop(t)
	d.AddBulk(5000)
	for _, q := range setup {
		d.Exec(q)
	}
	return d
}

// WantEachStops checks each case of m in a subtest of its name:
// WantStops under StopLimit for a charged one, WantCancelStops for the
// others.
func (d *Shop) WantEachStops(t *testing.T, m sqlfn.Module, cases ...StopCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if c.Charged {
				d.WantStops(t, m, StopLimit, c.Name, c.Args...)
			} else {
				d.WantCancelStops(t, m, c.Name, c.Args...)
			}
			d.WantMidLoopStops(t, m, c.Name, c.Args...)
		})
	}
}

// AddBulk inserts a shop of n customers (signed up on 2024-01-01), ten
// products in three categories, two valid order lines per customer and
// four web events per customer (AddWebEvents), in statements of 1000
// rows: more rows than sqlfn.CheckEvery in every table an analytics
// function reads, for the tests of its stops.
func (d *Shop) AddBulk(n int) {
	d.T.Helper()
	var p strings.Builder
	p.WriteString("INSERT INTO products (product_id, name, category_1, price) VALUES ")
	for i := 1; i <= 10; i++ {
		if i > 1 {
			p.WriteString(", ")
		}
		fmt.Fprintf(&p, "(%d, 'p%d', 'c%d', %d.50)", i, i, i%3, i)
	}
	d.Exec(p.String())
	d.batches(n, "INSERT INTO customers (customer_id, email, signup_at) VALUES ", func(i int) string {
		return fmt.Sprintf("(%d, 'c%d@example.com', '2024-01-01 00:00:00')", i+1, i+1)
	})
	d.batches(2*n, "INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, status) VALUES ",
		func(i int) string {
			return fmt.Sprintf("(%d, 1, %d, TIMESTAMP('2024-02-01') + INTERVAL %d DAY, %d, 1, 10.00, 10.00, 'valid')",
				i+1, i%n+1, i/n*60+i%50, i%10+1)
		})
	d.AddWebEvents(4*n, n)
}

// batches inserts n rows made by row, 1000 a statement.
func (d *Shop) batches(n int, insert string, row func(i int) string) {
	d.T.Helper()
	var sb strings.Builder
	for i := 0; i < n; i++ {
		if i%1000 == 0 {
			if sb.Len() > 0 {
				d.Exec(sb.String())
			}
			sb.Reset()
			sb.WriteString(insert)
		} else {
			sb.WriteString(", ")
		}
		sb.WriteString(row(i))
	}
	if sb.Len() > 0 {
		d.Exec(sb.String())
	}
}

// CallTableFunction runs table function name of m on the shop's session
// under ctx, as the engine would (without the engine's own checks and
// charges around it).
func (d *Shop) CallTableFunction(ctx context.Context, m sqlfn.Module, name string, args ...any) ([]sql.Row, error) {
	for _, tf := range m.TableFunctions {
		if tf.Name != name {
			continue
		}
		sctx := sql.NewContext(ctx, sql.WithSession(d.S))
		env, err := sqlfn.EnvOf(sctx)
		if err != nil {
			return nil, err
		}
		full := make([]any, tf.MaxArgs)
		copy(full, args)
		return tf.Rows(sctx, env, full)
	}
	return nil, fmt.Errorf("no table function %s", name)
}

// WantStops checks that table function name of m answers on the shop,
// stops with a cancelled context (KILL QUERY, max_execution_time, a
// client gone) and fails with the memory error under a limit of limit
// bytes — its own passes look at the context and charge what they build,
// before the engine sees any row.
func (d *Shop) WantStops(t *testing.T, m sqlfn.Module, limit int64, name string, args ...any) {
	t.Helper()
	d.WantCancelStops(t, m, name, args...)
	acct := membudget.NewPool(0).NewAccount(limit)
	defer acct.Close()
	_, err := d.CallTableFunction(membudget.NewContext(context.Background(), acct), m, name, args...)
	if !errors.Is(err, membudget.ErrExceeded) {
		t.Errorf("%s under a memory limit of %d bytes: %v (peak %d), want membudget.ErrExceeded", name, limit, err, acct.Peak())
	}
}

// MaxLateLooks bounds the looks at its context a table function makes
// after the one that found its statement stopped: it then returns (each
// pass, goroutine or caller up the stack may look once more), rather than
// going on with its remaining passes, looking and ignoring.
const MaxLateLooks = 8

// WantMidLoopStops stops table function name of m in the middle of its
// work, as a KILL QUERY arriving while it runs, with no clock involved:
// it counts the looks at the context a whole call makes, then runs it
// again with the context cancelled at looks spread over that count (the
// first, the last and between), and requires context.Canceled back after
// at most MaxLateLooks further looks.
func (d *Shop) WantMidLoopStops(t *testing.T, m sqlfn.Module, name string, args ...any) {
	t.Helper()
	count := stoptest.After(0)
	if _, err := d.CallTableFunction(count, m, name, args...); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	total := count.Checks()
	if total == 0 {
		t.Fatalf("%s never looks at its statement's context", name)
	}
	for _, trip := range stoptest.TripPoints(total, 5) {
		ctx := stoptest.After(trip)
		_, err := d.CallTableFunction(ctx, m, name, args...)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s stopped at look %d of %d: %v, want context.Canceled", name, trip, total, err)
		}
		if late := ctx.Late(); late > MaxLateLooks {
			t.Errorf("%s stopped at look %d of %d looked %d more times before returning, want at most %d", name, trip, total, late, MaxLateLooks)
		}
	}
}

// WantCancelStops checks that table function name of m answers on the
// shop and stops with a cancelled context (its reads through the
// engine's snapshots look at the statement's context before each batch).
func (d *Shop) WantCancelStops(t *testing.T, m sqlfn.Module, name string, args ...any) {
	t.Helper()
	if _, err := d.CallTableFunction(context.Background(), m, name, args...); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.CallTableFunction(cancelled, m, name, args...); !errors.Is(err, context.Canceled) {
		t.Errorf("%s with its statement cancelled: %v, want context.Canceled", name, err)
	}
}
