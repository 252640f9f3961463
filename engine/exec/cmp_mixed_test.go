package exec

import (
	"math"
	"slices"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestMixedUnsigned compares BIGINT UNSIGNED values, those past every
// int64 included, with signed integers and DECIMALs, against the
// mathematical order.
func TestMixedUnsigned(t *testing.T) {
	u := ColType{Phys: PUint, SQL: types.Uint64}
	i := ColType{Phys: PInt, SQL: types.Int64}
	d := ColType{Phys: PDec, Scale: 2, SQL: types.MustCreateDecimalType(12, 2)}
	cases := []struct {
		a     uint64
		bt    ColType
		b     int64 // scaled for d
		want  int
		label string
	}{
		{math.MaxUint64, i, math.MaxInt64, 1, "max uint > max int"},
		{1 << 63, i, -1, 1, "2^63 > -1"},
		{5, i, -1, 1, "5 > -1"},
		{5, i, 5, 0, "5 = 5"},
		{5, d, 501, -1, "5 < 5.01"},
		{5, d, 500, 0, "5 = 5.00"},
		{math.MaxUint64, d, math.MaxInt64, 1, "max uint > the widest DECIMAL"},
	}
	for _, c := range cases {
		m := mixedNumbers(u, c.bt)
		if m == nil {
			t.Fatalf("%s: not compared", c.label)
		}
		l := &Vec{T: u, I: []int64{int64(c.a)}}
		r := &Vec{T: c.bt, I: []int64{c.b}}
		if got := m.cmp(l, r, 0); got != c.want {
			t.Errorf("%s: cmp = %d, want %d", c.label, got, c.want)
		}
		if got := mixedNumbers(c.bt, u).cmp(r, l, 0); got != -c.want {
			t.Errorf("%s (turned round): cmp = %d, want %d", c.label, got, -c.want)
		}
	}
}

// TestMixedColumns compares a BIGINT column with a DECIMAL(10,2) column
// against GMS's Eval: as plain integers after scaling when neither has
// NULLs (nulls: false), row by row otherwise, and row by row again when
// scaling would pass int64.
func TestMixedColumns(t *testing.T) {
	dt := types.MustCreateDecimalType(10, 2)
	n := expression.NewGetField(1, types.Int64, "n", true)
	d := expression.NewGetField(3, dt, "d", true)
	cases := []sql.Expression{
		expression.NewLessThan(d, n),
		expression.NewGreaterThanOrEqual(n, d),
		expression.NewEquals(d, n),
		expression.NewLessThanOrEqual(n, d),
	}
	ts, _, rows := constInput(t, 0)
	// The same rows without NULLs (compared after scaling), and with an
	// integer past int64 at scale 2 (row by row).
	var dense, big []sql.Row
	for i, r := range rows {
		if r[1] == nil {
			continue
		}
		dense = append(dense, r)
		r = slices.Clone(r)
		if i == 7 {
			r[1] = int64(math.MaxInt64 / 3)
		}
		big = append(big, r)
	}
	for _, rs := range [][]sql.Row{rows, dense, big} {
		b := &Batch{N: len(rs), Cols: newVecs(len(ts))}
		for c, ct := range ts {
			b.Cols[c].reset(ct, len(rs))
			for i, r := range rs {
				if err := b.Cols[c].Set(sql.NewEmptyContext(), i, len(rs), r[c]); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, e := range cases {
			t.Run(e.String(), func(t *testing.T) { checkKernel(t, e, ts, b, rs, 2, boolAsInt64) })
		}
	}
}
