package exec

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/dolthub/go-mysql-server/sql/types"
)

// BenchmarkGroupStrIntKey groups rows by a coded string of 15 values
// and an integer of 20,000 (B91's country and product: 300k groups, a
// table larger than the caches), in batches as a join hands them on:
// hashed, and packed as the integer's range lets (keytable_pack.go).
// The plain variants' texts are not coded (an expression's, a city of
// 2,000 by 150 integers): each row's text is numbered through the map.
func BenchmarkGroupStrIntKey(b *testing.B) {
	b.Run("hashed", func(b *testing.B) { benchGroupStrIntKey(b, false, 15, 20000, true) })
	b.Run("packed", func(b *testing.B) { benchGroupStrIntKey(b, true, 15, 20000, true) })
	b.Run("hashed plain", func(b *testing.B) { benchGroupStrIntKey(b, false, 2000, 150, false) })
	b.Run("packed plain", func(b *testing.B) { benchGroupStrIntKey(b, true, 2000, 150, false) })
	b.Run("packed few", func(b *testing.B) { benchGroupStrIntKey(b, true, 5, 12, true) }) // a channel, a month
}

func benchGroupStrIntKey(b *testing.B, packed bool, texts int, ints int64, coded bool) {
	strT := ColType{Phys: PStr, SQL: types.Text}
	intT := ColType{Phys: PInt, SQL: types.Int64}
	dict := make([]string, texts)
	for i := range dict {
		dict[i] = "City " + strconv.Itoa(i)
	}
	r := rand.New(rand.NewPCG(3, 4))
	const n, batches = 2048, 64
	in := make([][]*Vec, batches)
	for k := range in {
		s := &Vec{T: strT, Codes: make([]uint32, n), Dict: dict}
		v := &Vec{T: intT, I: make([]int64, n)}
		for i := range n {
			s.Codes[i] = uint32(r.IntN(len(dict)))
			v.I[i] = r.Int64N(ints)
		}
		if !coded {
			s.S = make([]string, n)
			for i, c := range s.Codes {
				s.S[i] = dict[c]
			}
			s.Codes, s.Dict = nil, nil
		}
		in[k] = []*Vec{s, v}
	}
	// Fill the table once, then time lookups of rows it holds.
	t := newKeyTable([]ColType{strT, intT})
	if packed {
		t.usePack((&AggSpec{keys: []Expr{colRef{0, strT}, colRef{1, intT}}, keyBounds: []keyRange{{}, {lo: 0, hi: ints - 1, known: true}}}).planKeyPack())
		if t.pack == nil {
			b.Fatal("not packed")
		}
	}
	var h []uint64
	out := make([]int32, n)
	for range 40 {
		for _, cols := range in {
			for i := range n {
				c := r.IntN(len(dict))
				if coded {
					cols[0].Codes[i] = uint32(c)
				} else {
					cols[0].S[i] = dict[c]
				}
				cols[1].I[i] = r.Int64N(ints)
			}
			if !packed {
				h = hashRows(cols, n, h)
			}
			t.findAll(cols, n, h, true, out)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cols := in[i%batches]
		if !packed {
			h = hashRows(cols, n, h)
		}
		t.findAll(cols, n, h, true, out)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
	b.ReportMetric(float64(t.n), "groups")
	if packed != (t.pack != nil) {
		b.Fatal("unpacked")
	}
}
