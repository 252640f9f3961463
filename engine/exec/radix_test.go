package exec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	sqltypes "github.com/dolthub/vitess/go/sqltypes"
)

// comparisonPerm is the comparison sort the packed radix sort must
// match: a stable sort of the positions under compareRows (MySQL's
// order of values and NULLs, ties in position order).
func comparisonPerm(keys []*Vec, fields sql.SortFields, n int) []int32 {
	perm := identity32(n)
	slices.SortStableFunc(perm, func(a, b int32) int { return compareRows(keys, fields, int(a), int(b)) })
	return perm
}

// radixGen draws a key column of n rows: kinds of values that stress the
// packing (negative numbers, extremes, narrow and wide ranges, -0.0,
// ±Inf, duplicates, strings under a case-insensitive collation).
func radixGen(r *rand.Rand, kind string, n int) *Vec {
	ci := types.MustCreateString(sqltypes.VarChar, 20, sql.Collation_utf8mb4_0900_ai_ci)
	switch kind {
	case "small-int":
		v := &Vec{T: ColType{Phys: PInt, SQL: types.Int64}, I: make([]int64, n)}
		for i := range v.I {
			v.I[i] = r.Int64N(7) - 3
		}
		return v
	case "wide-int":
		v := &Vec{T: ColType{Phys: PInt, SQL: types.Int64}, I: make([]int64, n)}
		for i := range v.I {
			v.I[i] = []int64{math.MinInt64, math.MaxInt64, -1, 0, r.Int64()}[r.IntN(5)]
		}
		return v
	case "id":
		v := &Vec{T: ColType{Phys: PInt, SQL: types.Int64}, I: make([]int64, n)}
		for i := range v.I {
			v.I[i] = int64(r.IntN(2*n + 1))
		}
		return v
	case "uint":
		v := &Vec{T: ColType{Phys: PUint, SQL: types.Uint64}, I: make([]int64, n)}
		for i := range v.I {
			v.I[i] = int64([]uint64{0, 1, 1 << 63, math.MaxUint64, r.Uint64N(1000)}[r.IntN(5)])
		}
		return v
	case "bool":
		v := &Vec{T: ColType{Phys: PInt, SQL: types.Boolean}, I: make([]int64, n)}
		for i := range v.I {
			v.I[i] = r.Int64N(2)
		}
		return v
	case "double":
		v := &Vec{T: ColType{Phys: PFloat, SQL: types.Float64}, F: make([]float64, n)}
		fs := []float64{math.Copysign(0, -1), 0, -1.5, 1.5, math.Inf(1), math.Inf(-1), -1e300, 1e-300, math.SmallestNonzeroFloat64}
		for i := range v.F {
			v.F[i] = fs[r.IntN(len(fs))]
			if r.IntN(3) == 0 {
				v.F[i] = r.NormFloat64() * 1000
			}
		}
		return v
	case "decimal":
		v := &Vec{T: ColType{Phys: PDec, Scale: 2, SQL: types.MustCreateDecimalType(12, 2)}, I: make([]int64, n)}
		for i := range v.I {
			v.I[i] = r.Int64N(200_000) - 100_000
		}
		return v
	case "date":
		v := &Vec{T: ColType{Phys: PDate, SQL: types.Date}, I: make([]int64, n)}
		for i := range v.I {
			v.I[i] = r.Int64N(3000) - 1000
		}
		return v
	case "datetime":
		v := &Vec{T: ColType{Phys: PTime, SQL: types.DatetimeMaxPrecision}, I: make([]int64, n)}
		for i := range v.I {
			v.I[i] = (r.Int64N(2000) - 1000) * 3_600_000_000
		}
		return v
	case "ci":
		words := []string{"a", "A", "b", "B", "ab", "Ab", "", "z"}
		v := &Vec{T: ColType{Phys: PStr, SQL: ci}, S: make([]string, n)}
		for i := range v.S {
			v.S[i] = words[r.IntN(len(words))]
		}
		return v
	}
	panic(kind)
}

// TestPackedSortMatchesComparison checks the packed radix sort (both
// its ways: positions packed beside the key, and (key, position) pairs)
// and the window bounds from its keys against a stable comparison sort
// and compareRows: random rows with NULLs, duplicates, negative numbers,
// -0.0 and infinities, ASC and DESC with either NULL placement, one to
// four keys, below and above the radix threshold, in random order, in
// order already, and in order but for one swapped pair.
func TestPackedSortMatchesComparison(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	kinds := []string{"small-int", "wide-int", "id", "uint", "bool", "double", "decimal", "date", "datetime", "ci"}
	packed, pairs, fellBack := 0, 0, 0
	for trial := range 600 {
		n := []int{2, 3, 17, 1000, packMinRows, 5000, 20000}[trial%7]
		nk := 1 + r.IntN(4)
		keys := make([]*Vec, nk)
		fields := make(sql.SortFields, nk)
		desc := ""
		for k := range keys {
			kind := kinds[r.IntN(len(kinds))]
			keys[k] = radixGen(r, kind, n)
			if r.IntN(2) == 0 {
				keys[k].Nulls = make([]bool, n)
				p := r.IntN(5)
				for i := range n {
					keys[k].Nulls[i] = r.IntN(5) < p
				}
			}
			fields[k] = sql.SortField{Order: []sql.SortOrder{sql.Ascending, sql.Descending}[r.IntN(2)],
				NullOrdering: []sql.NullOrdering{sql.NullsFirst, sql.NullsLast}[r.IntN(2)]}
			desc += fmt.Sprintf("%s %v %v, ", kind, fields[k].Order, fields[k].NullOrdering)
		}
		want := comparisonPerm(keys, fields, n)
		if trial%3 > 0 {
			// Input in order already (the sorts' one-pass check), and
			// in order but for two neighbouring rows swapped.
			order := slices.Clone(want)
			if trial%3 == 2 {
				i := r.IntN(n - 1)
				order[i], order[i+1] = order[i+1], order[i]
			}
			for k, v := range keys {
				keys[k] = &Vec{}
				gather(keys[k], v, order)
			}
			want = comparisonPerm(keys, fields, n)
		}
		s := sortPacked(keys, fields, n)
		if s == nil {
			fellBack++
		} else {
			if s.bits+uint(bitsFor(n)) <= 64 {
				packed++
			} else {
				pairs++
			}
			if !slices.Equal(s.perm, want) {
				t.Fatalf("%d rows of %s: the packed sort's order differs from the comparison sort's", n, desc)
			}
			s.release()
		}
		if got := sortPerm(keys, fields, n, -1); !slices.Equal(got, want) {
			t.Fatalf("%d rows of %s: sortPerm's order differs from the comparison sort's", n, desc)
		}
		nPart := r.IntN(nk + 1)
		got := sortWindow(keys, fields, n, nPart)
		ref := &winRun{n: n, perm: want}
		ref.bounds(keys, fields, nPart)
		if !slices.Equal(got.perm, want) || !slices.Equal(got.partEnd, ref.partEnd) || !slices.Equal(got.peerEnd, ref.peerEnd) {
			t.Fatalf("%d rows of %s (%d partition keys): the window's order or bounds differ", n, desc, nPart)
		}
		got.release()
	}
	if packed == 0 || pairs == 0 || fellBack == 0 {
		t.Errorf("ways taken: packed %d, pairs %d, fallback %d: each should be", packed, pairs, fellBack)
	}
}

func bitsFor(n int) int {
	b := 0
	for 1<<b < n {
		b++
	}
	return b
}

// TestRadixKeyWords checks the radix passes alone: any bit range, digits
// skipped or not, stable for equal digits.
func TestRadixKeyWords(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct{ n, from, nbits int }{
		{5000, 13, 51}, {5000, 20, 3}, {3000, 0, 64}, {3000, 40, 24}, {100, 8, 33}, {4096, 12, 22},
	} {
		words := make([]uint64, c.n)
		for i := range words {
			words[i] = r.Uint64()
			if i%3 == 0 {
				words[i] &^= 0xff << c.from // repeated digits
			}
		}
		mask := uint64(math.MaxUint64)
		if c.nbits < 64 {
			mask = (1<<c.nbits - 1) << c.from
		}
		want := slices.Clone(words)
		slices.SortStableFunc(want, func(a, b uint64) int { return cmpUint(a&mask, b&mask) })
		got := radixKeyWords(slices.Clone(words), make([]uint64, c.n), uint(c.from), uint(c.nbits))
		if !slices.Equal(got, want) {
			t.Errorf("%+v: radixKeyWords differs from a stable sort", c)
		}
	}
}

// FuzzPackedKeys checks the key normalisation on rows drawn from the
// fuzzer's bytes: a DOUBLE (any bits but NaN, which falls back), an
// integer and a DECIMAL column, each maybe NULL, in any direction; the
// packed keys must order and tie as compareRows does, and the sort must
// be the stable comparison sort's.
func FuzzPackedKeys(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}, uint8(0))
	f.Add([]byte{0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xf0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(5))
	f.Add(make([]byte, 64), uint8(0xff))
	f.Fuzz(func(t *testing.T, data []byte, dirs uint8) {
		const row = 18 // 8 bytes of DOUBLE, 8 of integer, 1 of DECIMAL, 1 of NULL flags
		n := len(data) / row
		if n < 2 {
			return
		}
		d := &Vec{T: ColType{Phys: PFloat, SQL: types.Float64}, F: make([]float64, n), Nulls: make([]bool, n)}
		x := &Vec{T: ColType{Phys: PInt, SQL: types.Int64}, I: make([]int64, n), Nulls: make([]bool, n)}
		m := &Vec{T: ColType{Phys: PDec, Scale: 2, SQL: types.MustCreateDecimalType(5, 2)}, I: make([]int64, n), Nulls: make([]bool, n)}
		for i := range n {
			b := data[i*row : (i+1)*row]
			var u, v uint64
			for j := range 8 {
				u, v = u<<8|uint64(b[j]), v<<8|uint64(b[8+j])
			}
			d.F[i], x.I[i], m.I[i] = math.Float64frombits(u), int64(v), int64(int8(b[16]))
			d.Nulls[i], x.Nulls[i], m.Nulls[i] = b[17]&1 != 0, b[17]&2 != 0, b[17]&4 != 0
		}
		keys := []*Vec{d, x, m}
		if dirs&64 != 0 {
			keys = []*Vec{m, x, d}
		}
		fields := make(sql.SortFields, 3)
		for k := range fields {
			fields[k] = sql.SortField{Order: []sql.SortOrder{sql.Ascending, sql.Descending}[dirs>>k&1],
				NullOrdering: []sql.NullOrdering{sql.NullsFirst, sql.NullsLast}[dirs>>(k+3)&1]}
		}
		// a NaN is equal to every value under cmpFloat: no order to match
		nan := false
		for i := range n {
			nan = nan || d.F[i] != d.F[i]
		}
		for _, sub := range [][]int{{0}, {1}, {2}, {0, 1}, {1, 2}, {0, 1, 2}} {
			ks, fs := make([]*Vec, len(sub)), make(sql.SortFields, len(sub))
			for j, k := range sub {
				ks[j], fs[j] = keys[k], fields[k]
			}
			s := sortPacked(ks, fs, n)
			if s == nil {
				if !nan && len(sub) == 1 {
					t.Fatalf("one key of %d rows did not pack", n)
				}
				continue
			}
			if !slices.Equal(s.perm, comparisonPerm(ks, fs, n)) {
				t.Fatalf("keys %v: the packed sort differs from the comparison sort", sub)
			}
			for k := 1; k < n; k++ {
				c := compareRows(ks, fs, int(s.perm[k-1]), int(s.perm[k]))
				if (c == 0) != (s.keys[k-1] == s.keys[k]) {
					t.Fatalf("keys %v: rows %d, %d compare %d, their packed keys %x, %x", sub, s.perm[k-1], s.perm[k], c, s.keys[k-1], s.keys[k])
				}
			}
			s.release()
		}
	})
}
