package mysqlfn

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// TestExactMod checks MOD's type and value against MySQL 8's answers
// (SELECT MOD(…) with --column-type-info): integers give a BIGINT,
// DECIMALs the largest scale and widest integer part, floats stay GMS's.
func TestExactMod(t *testing.T) {
	dec := func(s string, typ sql.Type) sql.Expression {
		return expression.NewLiteral(decimal.RequireFromString(s), typ)
	}
	lit := func(v any, typ sql.Type) sql.Expression { return expression.NewLiteral(v, typ) }
	cases := []struct {
		name string
		l, r sql.Expression
		typ  sql.Type // nil: GMS's own (not wrapped)
		want string
	}{
		{"integers", lit(int64(17), types.Int64), lit(int64(5), types.Int64), types.Int64, "2"},
		{"negative dividend", lit(int64(-17), types.Int64), lit(int64(5), types.Int64), types.Int64, "-2"},
		{"unsigned dividend", lit(uint64(17), types.Uint64), lit(int64(5), types.Int64), types.Uint64, "2"},
		{"a quotient's scale", dec("0.1250", types.MustCreateDecimalType(10, 4)), lit(int64(3), types.Int64),
			types.MustCreateDecimalType(10, 4), "0.1250"},
		{"largest scale", dec("7.5", types.MustCreateDecimalType(3, 1)), dec("2.25", types.MustCreateDecimalType(3, 2)),
			types.MustCreateDecimalType(4, 2), "0.75"},
		{"double", lit(7.5, types.Float64), lit(int64(2), types.Int64), nil, ""},
	}
	ctx := sql.NewEmptyContext()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, ok := NewExactMod(expression.NewMod(c.l, c.r))
			if c.typ == nil {
				if ok {
					t.Fatalf("wrapped as %s; want GMS's type", m.Type())
				}
				return
			}
			if !ok {
				t.Fatalf("not wrapped; want %s", c.typ)
			}
			if !m.Type().Equals(c.typ) {
				t.Fatalf("type %s, want %s", m.Type(), c.typ)
			}
			v, err := m.Eval(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.Type().SQL(ctx, nil, v)
			if err != nil || got.ToString() != c.want {
				t.Fatalf("value %v (%v), want %s", got, err, c.want)
			}
		})
	}
}
