package exec

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	sqltypes "github.com/dolthub/vitess/go/sqltypes"
)

// TestNormKeysOrderAsCompareRows sorts random rows by their normalised
// words and checks that every adjacent pair is in compareRows' order and
// that rows compareRows calls equal keep their positions' order: each
// layout (signed, unsigned, DOUBLE with -0 and ±Inf, DECIMAL, DATETIME,
// strings under a binary and a case-insensitive collation), with and
// without NULLs, ascending and descending, NULLs first and last, one to
// three keys.
func TestNormKeysOrderAsCompareRows(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	ci := types.MustCreateString(sqltypes.VarChar, 20, sql.Collation_utf8mb4_0900_ai_ci)
	bin := types.MustCreateString(sqltypes.VarChar, 20, sql.Collation_utf8mb4_bin)
	words := []string{"a", "A", "b", "B", "ab", "Ab", "", "z"}
	floats := []float64{math.Copysign(0, -1), 0, -1.5, 1.5, math.Inf(1), math.Inf(-1), -1e300, 3}
	gen := map[string]func(n int) *Vec{
		"int": func(n int) *Vec {
			v := &Vec{T: ColType{Phys: PInt, SQL: types.Int64}, I: make([]int64, n)}
			for i := range v.I {
				v.I[i] = []int64{math.MinInt64, -3, 0, 3, math.MaxInt64}[r.IntN(5)]
			}
			return v
		},
		"uint": func(n int) *Vec {
			v := &Vec{T: ColType{Phys: PUint, SQL: types.Uint64}, I: make([]int64, n)}
			for i := range v.I {
				v.I[i] = int64([]uint64{0, 1, 1 << 63, math.MaxUint64}[r.IntN(4)])
			}
			return v
		},
		"double": func(n int) *Vec {
			v := &Vec{T: ColType{Phys: PFloat, SQL: types.Float64}, F: make([]float64, n)}
			for i := range v.F {
				v.F[i] = floats[r.IntN(len(floats))]
			}
			return v
		},
		"decimal": func(n int) *Vec {
			v := &Vec{T: ColType{Phys: PDec, Scale: 2, SQL: types.MustCreateDecimalType(10, 2)}, I: make([]int64, n)}
			for i := range v.I {
				v.I[i] = r.Int64N(400) - 200
			}
			return v
		},
		"datetime": func(n int) *Vec {
			v := &Vec{T: ColType{Phys: PTime, SQL: types.DatetimeMaxPrecision}, I: make([]int64, n)}
			for i := range v.I {
				v.I[i] = (r.Int64N(20) - 10) * 86_400_000_000
			}
			return v
		},
		"ci": func(n int) *Vec {
			v := &Vec{T: ColType{Phys: PStr, SQL: ci}, S: make([]string, n)}
			for i := range v.S {
				v.S[i] = words[r.IntN(len(words))]
			}
			return v
		},
		"bin-dict": func(n int) *Vec {
			v := &Vec{T: ColType{Phys: PStr, SQL: bin}, Dict: words, Codes: make([]uint32, n)}
			for i := range v.Codes {
				v.Codes[i] = uint32(r.IntN(len(words)))
			}
			return v
		},
	}
	names := []string{"int", "uint", "double", "decimal", "datetime", "ci", "bin-dict"}
	for trial := range 400 {
		n := []int{0, 1, 2, 50, 300}[trial%5]
		nk := 1 + r.IntN(3)
		keys := make([]*Vec, nk)
		fields := make(sql.SortFields, nk)
		desc := ""
		for k := range keys {
			name := names[r.IntN(len(names))]
			keys[k] = gen[name](n)
			if r.IntN(2) == 0 {
				keys[k].Nulls = make([]bool, n)
				for i := range n {
					keys[k].Nulls[i] = r.IntN(4) == 0
				}
			}
			fields[k] = sql.SortField{Order: []sql.SortOrder{sql.Ascending, sql.Descending}[r.IntN(2)],
				NullOrdering: []sql.NullOrdering{sql.NullsFirst, sql.NullsLast}[r.IntN(2)]}
			desc += name + " "
		}
		perm := sortPerm(keys, fields, n, -1)
		if len(perm) != n {
			t.Fatalf("%s: %d rows sorted, want %d", desc, len(perm), n)
		}
		for i := 1; i < n; i++ {
			a, b := int(perm[i-1]), int(perm[i])
			c := compareRows(keys, fields, a, b)
			if c > 0 || (c == 0 && a > b) {
				t.Fatalf("%s %v: rows %d, %d out of order (compareRows %d)", desc, fields, a, b, c)
			}
		}
		if !slices.Equal(slices.Sorted(slices.Values(perm)), identity32(n)) {
			t.Fatalf("%s: not a permutation", desc)
		}
	}
}

// TestSortWords checks each of sortWords's ways against a stable sort of
// the positions by their words: a dense first word (the counting pass)
// with runs of a few rows (insertion), of hundreds (merge) and of
// thousands (radix on the rest), a
// single word, and a first word too spread for counting (radix).
func TestSortWords(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := []struct {
		name     string
		n, w     int
		firstMax uint64 // first words drawn below this (0: any)
		restMax  uint64
	}{
		{"dense, short runs", 5000, 3, 2000, 1 << 40},
		{"dense, long runs", 5000, 2, 10, 1000},
		{"dense, very long runs", 20000, 3, 3, 1 << 30},
		{"dense, one word", 5000, 1, 3000, 0},
		{"dense, ties in the rest", 3000, 3, 500, 3},
		{"spread", 5000, 2, 0, 1 << 20},
		{"two rows", 2, 2, 5, 5},
		{"no keys", 10, 0, 0, 0},
	}
	for _, c := range cases {
		words := make([]uint64, c.n*c.w)
		base := r.Uint64() / 2
		for i := range c.n * min(c.w, 1) {
			words[i*c.w] = r.Uint64()
			if c.firstMax > 0 {
				words[i*c.w] = base + r.Uint64N(c.firstMax)
			}
			for k := 1; k < c.w; k++ {
				words[i*c.w+k] = r.Uint64N(c.restMax)
			}
		}
		want := identity32(c.n)
		slices.SortStableFunc(want, func(a, b int32) int {
			return slices.Compare(words[int(a)*c.w:int(a)*c.w+c.w], words[int(b)*c.w:int(b)*c.w+c.w])
		})
		if got := sortWords(words, c.w, c.n); !slices.Equal(got, want) {
			t.Errorf("%s: sortWords differs from a stable sort", c.name)
		}
	}
}
