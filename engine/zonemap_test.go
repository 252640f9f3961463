package engine

import (
	"math"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/storage"
)

// pruneTable is a table of one column of each prunable family, built
// without a store: n BIGINT, u BIGINT UNSIGNED, d DECIMAL(10,2),
// s VARCHAR (binary collation), ci VARCHAR (case-insensitive), dt DATE.
func pruneTable(t *testing.T) *Table {
	ctx := sql.NewEmptyContext()
	sch := sql.NewPrimaryKeySchema(sql.Schema{
		{Name: "n", Type: types.Int64, Nullable: true},
		{Name: "u", Type: types.Uint64, Nullable: true},
		{Name: "d", Type: types.MustCreateDecimalType(10, 2), Nullable: true},
		{Name: "s", Type: types.MustCreateString(sqltypes.VarChar, 10, sql.Collation_utf8mb4_0900_bin), Nullable: true},
		{Name: "ci", Type: types.MustCreateString(sqltypes.VarChar, 10, sql.Collation_utf8mb4_0900_ai_ci), Nullable: true},
		{Name: "dt", Type: types.Date, Nullable: true},
	})
	def, err := tableDefFor("p", sch, sql.Collation_Default, "")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := buildTableSchema(ctx, nil, "db", &def)
	if err != nil {
		t.Fatal(err)
	}
	return &Table{sch: ts}
}

func col(t *Table, name string) sql.Expression {
	i := t.columnIndex(name)
	c := t.sch.pk.Schema[i]
	return expression.NewGetFieldWithTable(i, 0, c.Type, "db", "p", c.Name, true)
}

func lit(v any, typ sql.Type) sql.Expression { return expression.NewLiteral(v, typ) }

// segment returns a sealed part whose only informative zone is col's.
func segment(t *Table, name string, z storage.ZoneMap) *storage.Part {
	zones := make([]storage.ZoneMap, len(t.sch.codecs))
	for i, c := range t.sch.codecs {
		zones[i] = storage.ZoneMap{Kind: c.kind}
	}
	i := t.columnIndex(name)
	z.Kind = t.sch.codecs[i].kind
	zones[i] = z
	return &storage.Part{Kind: storage.PartSegment, Zones: zones}
}

func TestZonePruning(t *testing.T) {
	tb := pruneTable(t)
	ints := storage.ZoneMap{HasRange: true, MinI: 100, MaxI: 200}
	allNull := storage.ZoneMap{HasRange: false, Nulls: 10}
	withNulls := storage.ZoneMap{HasRange: true, MinI: 100, MaxI: 200, Nulls: 1}
	bigUint := storage.ZoneMap{HasRange: true, MinI: int64(-2), MaxI: -1} // 2^64-2 .. 2^64-1 unsigned
	decs := storage.ZoneMap{HasRange: true, MinI: 150, MaxI: 250}         // 1.50 .. 2.50
	strs := storage.ZoneMap{HasRange: true, MinB: []byte("b"), MaxB: []byte("d")}
	days := storage.ZoneMap{HasRange: true, MinI: 0, MaxI: 30} // 1970-01-01 .. 1970-01-31
	n := func() sql.Expression { return col(tb, "n") }
	i64 := func(v int64) sql.Expression { return lit(v, types.Int64) }
	tests := []struct {
		name   string
		filter sql.Expression
		col    string
		zone   storage.ZoneMap
		skip   bool
	}{
		{"eq inside", expression.NewEquals(n(), i64(150)), "n", ints, false},
		{"eq below", expression.NewEquals(n(), i64(99)), "n", ints, true},
		{"eq above", expression.NewEquals(n(), i64(201)), "n", ints, true},
		{"eq on bound", expression.NewEquals(n(), i64(200)), "n", ints, false},
		{"literal on left", expression.NewLessThan(i64(200), n()), "n", ints, true},
		{"lt min", expression.NewLessThan(n(), i64(100)), "n", ints, true},
		{"le min", expression.NewLessThanOrEqual(n(), i64(100)), "n", ints, false},
		{"gt max", expression.NewGreaterThan(n(), i64(200)), "n", ints, true},
		{"ge max", expression.NewGreaterThanOrEqual(n(), i64(200)), "n", ints, false},
		{"between outside", expression.NewBetween(n(), i64(201), i64(300)), "n", ints, true},
		{"between overlap", expression.NewBetween(n(), i64(50), i64(100)), "n", ints, false},
		{"in outside", expression.NewInTuple(n(), expression.NewTuple(i64(1), i64(300))), "n", ints, true},
		{"in inside", expression.NewInTuple(n(), expression.NewTuple(i64(1), i64(150))), "n", ints, false},
		{"and one false", expression.NewAnd(expression.NewGreaterThan(n(), i64(0)), expression.NewLessThan(n(), i64(5))), "n", ints, true},
		{"or not used", expression.NewOr(expression.NewEquals(n(), i64(1)), expression.NewEquals(n(), i64(2))), "n", ints, false},
		{"float literal", expression.NewGreaterThan(n(), lit(200.5, types.Float64)), "n", ints, true},
		{"float literal inside", expression.NewGreaterThan(n(), lit(199.5, types.Float64)), "n", ints, false},
		{"all null segment", expression.NewEquals(n(), i64(150)), "n", allNull, true},
		{"null-safe null on all-null", expression.NewNullSafeEquals(n(), lit(nil, types.Null)), "n", allNull, false},
		{"null-safe null without nulls", expression.NewNullSafeEquals(n(), lit(nil, types.Null)), "n", ints, true},
		{"null-safe null with nulls", expression.NewNullSafeEquals(n(), lit(nil, types.Null)), "n", withNulls, false},
		{"null-safe value", expression.NewNullSafeEquals(n(), i64(1)), "n", ints, true},
		{"eq null literal kept", expression.NewEquals(n(), lit(nil, types.Null)), "n", ints, false},
		{"unsigned big values", expression.NewGreaterThan(col(tb, "u"), lit(uint64(math.MaxUint64-5), types.Uint64)), "u", bigUint, false},
		{"unsigned compare not signed", expression.NewLessThan(col(tb, "u"), lit(int64(10), types.Int64)), "u", bigUint, true},
		{"decimal outside", expression.NewGreaterThan(col(tb, "d"), lit(decimal.RequireFromString("2.50"), types.MustCreateDecimalType(10, 2))), "d", decs, true},
		{"decimal inside", expression.NewGreaterThan(col(tb, "d"), lit(decimal.RequireFromString("2.499"), types.MustCreateDecimalType(10, 3))), "d", decs, false},
		{"bytes outside", expression.NewEquals(col(tb, "s"), lit("e", types.LongText)), "s", strs, true},
		{"bytes inside", expression.NewEquals(col(tb, "s"), lit("c", types.LongText)), "s", strs, false},
		{"ci collation never pruned", expression.NewEquals(col(tb, "ci"), lit("e", types.LongText)), "ci", strs, false},
		{"date before", expression.NewLessThan(col(tb, "dt"), lit("1969-12-31", types.LongText)), "dt", days, true},
		{"date datetime literal", expression.NewGreaterThan(col(tb, "dt"), lit("1970-01-31 00:00:01", types.LongText)), "dt", days, true},
		{"date inside", expression.NewBetween(col(tb, "dt"), lit("1970-01-10", types.LongText), lit("1970-01-11", types.LongText)), "dt", days, false},
	}
	ctx := sql.NewEmptyContext()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			z := buildPruner(ctx, tb, []sql.Expression{tc.filter})
			skip := z != nil && z.prune(segment(tb, tc.col, tc.zone))
			if skip != tc.skip {
				t.Fatalf("%s: skip = %v, want %v", tc.filter, skip, tc.skip)
			}
		})
	}
}

// TestZonePruningNeverSkipsBuffers: only sealed segments have zone maps.
func TestZonePruningNeverSkipsBuffers(t *testing.T) {
	tb := pruneTable(t)
	z := buildPruner(sql.NewEmptyContext(), tb, []sql.Expression{expression.NewEquals(col(tb, "n"), lit(int64(1), types.Int64))})
	for _, k := range []storage.PartKind{storage.PartBuffer, storage.PartTxn} {
		if z.prune(&storage.Part{Kind: k}) {
			t.Fatalf("part kind %d pruned", k)
		}
	}
}
