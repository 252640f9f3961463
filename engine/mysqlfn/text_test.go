package mysqlfn

import (
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
)

// TestText: values written as MySQL writes them (the expected texts are
// MariaDB's and MySQL 8's, not this code's).
func TestText(t *testing.T) {
	day := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	at := time.Date(2025, 1, 1, 10, 0, 0, 500_000_000, time.UTC)
	tenth := 0.1 // a variable: Go adds constants exactly (0.3)
	for _, c := range []struct {
		v    any
		typ  sql.Type
		want string
	}{
		{tenth + 0.2, types.Float64, "0.30000000000000004"},
		{1e21, types.Float64, "1e21"},
		{-1e21, types.Float64, "-1e21"},
		{1e15, types.Float64, "1e15"},
		{123456789012345678.0, types.Float64, "1.2345678901234568e17"},
		{0.0001, types.Float64, "0.0001"},
		{1e-16, types.Float64, "1e-16"},
		{float32(0.1), types.Float32, "0.1"},
		{day, types.Date, "2025-06-30"},
		{at, types.MustCreateDatetimeType(sqltypes.Datetime, 0), "2025-01-01 10:00:00"},
		{at, types.MustCreateDatetimeType(sqltypes.Datetime, 1), "2025-01-01 10:00:00.5"},
		{nil, types.Float64, ""},
	} {
		got, err := NewText(expression.NewLiteral(c.v, c.typ)).Eval(sql.NewEmptyContext(), nil)
		if err != nil {
			t.Fatalf("%v: %v", c.v, err)
		}
		if c.v == nil {
			if got != nil {
				t.Errorf("NULL: %v", got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%v (%s): %q, want %q", c.v, c.typ, got, c.want)
		}
	}
}
