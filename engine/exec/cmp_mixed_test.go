package exec

import (
	"math"
	"testing"

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
