package quality

import (
	"fmt"
	"strings"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// FlagShare is the default share of problem rows from which a check is
// flagged: Dynamics 365 Customer Insights asks for "less than 20% of
// missing values", so a check passes below it and is flagged at 20% and
// above. data_quality's second argument overrides it.
const FlagShare = 0.20

// mandatory lists, per canonical table, the columns analytics need.
var mandatory = []struct {
	table   string
	columns []string
}{
	{"customers", []string{"customer_id", "email", "country", "signup_at"}},
	{"orders", []string{"order_id", "customer_id", "ordered_at", "product_id", "amount", "status"}},
	{"products", []string{"product_id", "name", "category_1", "price"}},
	{"events", []string{"customer_id", "occurred_at", "type"}},
}

// references are the foreign keys checked: rows whose value is not a key
// of the referenced table are counted.
var references = []struct{ table, column, refTable, refColumn, check string }{
	{"orders", "customer_id", "customers", "customer_id", "unknown_customer"},
	{"orders", "product_id", "products", "product_id", "unknown_product"},
	{"events", "customer_id", "customers", "customer_id", "unknown_customer"},
}

var schema = sql.Schema{
	{Name: "table_name", Type: types.LongText},
	{Name: "check_name", Type: types.LongText},
	{Name: "column_name", Type: types.LongText, Nullable: true},
	{Name: "rows", Type: types.Int64},
	{Name: "last_load_at", Type: types.DatetimeMaxPrecision, Nullable: true},
	{Name: "problem_rows", Type: types.Int64},
	{Name: "share", Type: types.Float64},
	{Name: "flagged", Type: types.Boolean},
}

// shared lets concurrent statements asking for the same result compute
// it once (sqlfn.Flights).
var shared sqlfn.Flights

// Module is the package's SQL surface.
func Module() sqlfn.Module {
	return sqlfn.Module{TableFunctions: []sqlfn.TableFunction{{
		Name: "data_quality", MinArgs: 0, MaxArgs: 2, Schema: schema, Rows: sqlfn.SharedRows(&shared, "data_quality", rows),
	}}}
}

// rows: SELECT * FROM data_quality([database [, threshold]]). It reports
// only the tables the caller may read (SELECT; a check across two tables
// needs both), and fails with 1044 on a database the caller holds nothing
// in.
func rows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	db, err := sqlfn.String("data_quality", args, 0, sqlfn.ShopDB(env))
	if err != nil {
		return nil, err
	}
	flag, err := sqlfn.Float("data_quality", args, 1, FlagShare)
	if err != nil {
		return nil, err
	}
	if !(flag > 0 && flag <= 1) {
		return nil, sqlfn.ErrArg("data_quality", "threshold %v: want a share of rows in (0, 1], e.g. 0.2 for 20%%", flag)
	}
	row := func(table, check string, column any, n int64, last any, problems int64) sql.Row {
		return checkRow(table, check, column, n, last, problems, flag)
	}
	if err := env.CheckDatabase(db); err != nil {
		return nil, err
	}
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	var out []sql.Row
	for _, m := range mandatory {
		sn, err := env.Snapshot(db, m.table)
		if err != nil {
			continue // a shop may not use every canonical table, nor the caller read it
		}
		last := lastLoad(env, db, m.table)
		n := sn.RowCount()
		out = append(out, row(m.table, "rows", nil, n, last, 0))
		for _, col := range m.columns {
			missing, err := countMissing(g, sn, col, excusedBy[m.table+"."+col])
			if err != nil {
				return nil, err
			}
			if missing >= 0 {
				out = append(out, row(m.table, "missing", col, n, last, missing))
			}
		}
	}
	if sn, err := env.Snapshot(db, "customers"); err == nil {
		dups, err := countDuplicates(g, sn, "email")
		if err != nil {
			return nil, err
		}
		if dups >= 0 {
			out = append(out, row("customers", "duplicate", "email", sn.RowCount(), lastLoad(env, db, "customers"), dups))
		}
	}
	for _, r := range references {
		bad, n, err := countUnknown(g, env, db, r.table, r.column, r.refTable, r.refColumn)
		if err != nil {
			return nil, err
		}
		if n >= 0 {
			out = append(out, row(r.table, r.check, r.column, n, lastLoad(env, db, r.table), bad))
		}
	}
	bad, n, err := countNoRate(g, env, db)
	if err != nil {
		return nil, err
	}
	if n >= 0 {
		out = append(out, row("orders", "no_fx_rate", "currency", n, lastLoad(env, db, "orders"), bad))
	}
	return out, nil
}

// checkRow is one result row; a check is flagged when its share of
// problem rows reaches flag.
func checkRow(table, check string, column any, n int64, last any, problems int64, flag float64) sql.Row {
	share := 0.0
	if n > 0 {
		share = float64(problems) / float64(n)
	}
	return sql.Row{table, check, column, n, last, problems, share, share >= flag}
}

// countNoRate counts order lines whose currency has no rate into the
// reporting currency on their day (analytics refuse such lines); -1 rows
// when orders has no currency column.
func countNoRate(g *sqlfn.Guard, env sqlfn.Env, db string) (bad, n int64, err error) {
	sn, err := env.Snapshot(db, "orders")
	if err != nil {
		return 0, -1, nil
	}
	cur, at := fx.Currency(sn), sqlfn.OptionalColumn(sn, "ordered_at", read.KindInt)
	if cur < 0 || at < 0 {
		return 0, -1, nil
	}
	rates, err := fx.Load(env, db)
	if err != nil {
		return 0, -1, nil // unreadable or malformed rates: the analytics report it
	}
	unit := int64(calendar.MicrosPerDay)
	if sqlfn.IsDate(sn, "ordered_at") {
		unit = 1
	}
	n = sn.RowCount()
	var conv fx.Converter
	err = sn.Scan(read.Request{Columns: []int{cur, at}}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		conv.Reset(rates, b.Cols[0])
		if conv.Same() {
			return nil
		}
		b.Each(func(i int) {
			if b.Cols[1].IsNull(i) {
				return
			}
			d := b.Cols[1].Ints[i] / unit
			if b.Cols[1].Ints[i]%unit < 0 {
				d--
			}
			if _, err := conv.Rate(i, d); err != nil {
				bad++
			}
		})
		return nil
	})
	return bad, n, err
}

// lastLoad returns the finish time of the table's last successful load.
func lastLoad(env sqlfn.Env, db, table string) any {
	_, rows, err := env.Exec(fmt.Sprintf("SELECT MAX(finished_at) FROM `%s`.load_history WHERE `table` = '%s' AND status = 'ok'", db, table))
	if err != nil || len(rows) == 0 {
		return nil
	}
	return rows[0][0]
}

// excusedBy names, per mandatory table.column, a column whose value makes
// a missing one expected: an anonymous visitor's event has a visitor_id
// instead of a customer_id (docs/unification.md).
var excusedBy = map[string]string{"events.customer_id": "visitor_id"}

// countMissing counts NULLs and empty strings of a column, except in rows
// where the excuse column (if the table has it) has a value; -1 when the
// table has no such column.
func countMissing(g *sqlfn.Guard, sn read.Table, col, excuse string) (int64, error) {
	c, ok := sn.Column(col)
	if !ok {
		return -1, nil
	}
	cols := []int{c.Ord}
	if ex, ok := sn.Column(excuse); excuse != "" && ok {
		cols = append(cols, ex.Ord)
	}
	missing := func(v *read.Vector, i int) bool {
		return v.IsNull(i) || (v.Kind == read.KindBytes && len(v.Bytes(i)) == 0)
	}
	var n int64
	err := sn.Scan(read.Request{Columns: cols}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		b.Each(func(i int) {
			if missing(b.Cols[0], i) && (len(b.Cols) == 1 || missing(b.Cols[1], i)) {
				n++
			}
		})
		return nil
	})
	return n, err
}

// countDuplicates counts the rows whose value of col (trimmed, without
// case) another row before it already has: the same contact signed up
// twice. Missing values are not duplicates. -1 when there is no such text
// column.
func countDuplicates(g *sqlfn.Guard, sn read.Table, col string) (int64, error) {
	ord := sqlfn.OptionalColumn(sn, col, read.KindBytes)
	if ord < 0 {
		return -1, nil
	}
	seen := map[string]struct{}{}
	var n int64
	err := sn.Scan(read.Request{Columns: []int{ord}}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		v := b.Cols[0]
		b.Each(func(i int) {
			if v.IsNull(i) || g.Err() != nil {
				return
			}
			k := strings.ToLower(strings.TrimSpace(string(v.Bytes(i))))
			if k == "" {
				return
			}
			if _, ok := seen[k]; ok {
				n++
				return
			}
			if g.Grow(16+int64(len(k))+sqlfn.MapEntryOverhead) == nil {
				seen[k] = struct{}{}
			}
		})
		return g.Err()
	})
	return n, err
}

// countUnknown counts rows of table whose column value is not among the
// values of refTable.refColumn (NULLs are missing values, not unknown).
func countUnknown(g *sqlfn.Guard, env sqlfn.Env, db, table, column, refTable, refColumn string) (bad, n int64, err error) {
	sn, err1 := env.Snapshot(db, table)
	ref, err2 := env.Snapshot(db, refTable)
	if err1 != nil || err2 != nil {
		return 0, -1, nil
	}
	keys, err := intSet(g, ref, refColumn)
	if err != nil || keys == nil {
		return 0, -1, err
	}
	ord := sqlfn.OptionalColumn(sn, column, read.KindInt)
	if ord < 0 {
		return 0, -1, nil
	}
	n = sn.RowCount()
	err = sn.Scan(read.Request{Columns: []int{ord}}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		v := b.Cols[0]
		b.Each(func(i int) {
			if !v.IsNull(i) && !keys.Contains(uint64(v.Ints[i])) {
				bad++
			}
		})
		return nil
	})
	return bad, n, err
}

// intSet collects an integer column into a bitmap (ids are non-negative
// in practice; negative ids map to large uint64s and still compare equal).
func intSet(g *sqlfn.Guard, sn read.Table, col string) (*roaring64.Bitmap, error) {
	ord := sqlfn.OptionalColumn(sn, col, read.KindInt)
	if ord < 0 {
		return nil, nil
	}
	set := roaring64.New()
	err := sn.Scan(read.Request{Columns: []int{ord}}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		// A roaring container holds at most 2 bytes a value.
		if err := g.Grow(2 * int64(b.Live())); err != nil {
			return err
		}
		v := b.Cols[0]
		b.Each(func(i int) {
			if !v.IsNull(i) {
				set.Add(uint64(v.Ints[i]))
			}
		})
		return nil
	})
	return set, err
}
