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
