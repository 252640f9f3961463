package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// builtinTableFunctions are the table functions every provider serves:
// introspection of the storage layer, used by tests and operators to see
// what a query really read.
func builtinTableFunctions(p *Provider) []sql.TableFunction {
	return []sql.TableFunction{
		&tableFunc{p: p, name: "table_stats", minArgs: 2, maxArgs: 2, sch: tableStatsSchema, rows: tableStatsRows},
		&tableFunc{p: p, name: "cohortdb_counters", sch: countersSchema, rows: counterRows},
	}
}

// tableFunc is a table function node: a name, a fixed schema, arguments
// evaluated at execution, and a function producing the rows.
type tableFunc struct {
	p    *Provider
	db   sql.Database
	name string
	// minArgs..maxArgs arguments are accepted; absent ones reach rows as nil.
	minArgs, maxArgs int
	args             []sql.Expression
	sch              sql.Schema
	rows             func(ctx *sql.Context, p *Provider, args []any) ([]sql.Row, error)
	iter             func(ctx *sql.Context, args []any) (sql.RowIter, error) // used instead of rows when set
}

var _ sql.TableFunction = (*tableFunc)(nil)
var _ sql.ExecSourceRel = (*tableFunc)(nil)

// NewInstance checks the argument count and binds the arguments.
func (f *tableFunc) NewInstance(ctx *sql.Context, db sql.Database, args []sql.Expression) (sql.Node, error) {
	if len(args) < f.minArgs || len(args) > f.maxArgs {
		want := fmt.Sprint(f.minArgs)
		if f.maxArgs != f.minArgs {
			want = fmt.Sprintf("%d to %d", f.minArgs, f.maxArgs)
		}
		return nil, sql.ErrInvalidArgumentNumber.New(f.name, want, len(args))
	}
	nf := *f
	nf.db, nf.args = db, args
	return &nf, nil
}

func (f *tableFunc) Name() string { return f.name }
func (f *tableFunc) String() string {
	parts := make([]string, len(f.args))
	for i, a := range f.args {
		parts[i] = a.String()
	}
	return fmt.Sprintf("%s(%s)", f.name, strings.Join(parts, ", "))
}
func (f *tableFunc) Schema() sql.Schema            { return f.sch }
func (f *tableFunc) Children() []sql.Node          { return nil }
func (f *tableFunc) IsReadOnly() bool              { return true }
func (f *tableFunc) Database() sql.Database        { return f.db }
func (f *tableFunc) Expressions() []sql.Expression { return f.args }

func (f *tableFunc) Resolved() bool {
	for _, a := range f.args {
		if !a.Resolved() {
			return false
		}
	}
	return true
}

func (f *tableFunc) WithChildren(children ...sql.Node) (sql.Node, error) {
	if len(children) != 0 {
		return nil, sql.ErrInvalidChildrenNumber.New(f, len(children), 0)
	}
	return f, nil
}

func (f *tableFunc) WithExpressions(exprs ...sql.Expression) (sql.Node, error) {
	if len(exprs) != len(f.args) {
		return nil, sql.ErrInvalidChildrenNumber.New(f, len(exprs), len(f.args))
	}
	nf := *f
	nf.args = exprs
	return &nf, nil
}

func (f *tableFunc) WithDatabase(db sql.Database) (sql.Node, error) {
	nf := *f
	nf.db = db
	return &nf, nil
}

// RowIter evaluates the arguments and produces the rows.
func (f *tableFunc) RowIter(ctx *sql.Context, row sql.Row) (sql.RowIter, error) {
	vals := make([]any, max(len(f.args), f.maxArgs))
	for i, a := range f.args {
		v, err := a.Eval(ctx, row)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	if f.iter != nil {
		it, err := f.iter(ctx, vals)
		return it, unwrapDenied(err)
	}
	rows, err := f.rows(ctx, f.p, vals)
	if err != nil {
		return nil, unwrapDenied(err)
	}
	// The whole result is held until the statement ends.
	if err := chargeRows(ctx, rows); err != nil {
		return nil, err
	}
	return sql.RowsToRowIter(rows...), nil
}

var countersSchema = sql.Schema{
	{Name: "name", Type: types.LongText, Source: "cohortdb_counters"},
	{Name: "value", Type: types.Int64, Source: "cohortdb_counters"},
}

// counterRows lists the store's work counters, sorted by name. They count
// the work of every session on every database, so, like MySQL's
// INNODB_METRICS, they need the PROCESS privilege.
func counterRows(ctx *sql.Context, p *Provider, _ []any) ([]sql.Row, error) {
	if !p.privileges().global(ctx, sql.PrivilegeType_Process) {
		return nil, specific("PROCESS")
	}
	vals := p.store.Counters().Values()
	vals["exec_compiled"] = execCompiled.Load()
	vals["exec_fallbacks"] = execFallbacks.Load()
	vals["analytics_runs"], vals["analytics_shared"] = sqlfn.ShareCounts()
	p.memoryGauges(vals)
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	sort.Strings(names)
	rows := make([]sql.Row, len(names))
	for i, n := range names {
		rows[i] = sql.Row{n, vals[n]}
	}
	return rows, nil
}
