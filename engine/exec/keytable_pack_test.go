package exec

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/dolthub/go-mysql-server/sql/types"
)

// packCase is a stream of (string, integer) keys for a packed group
// table: texts drawn from texts(batch), integers from ints(batch), a
// NULL now and then in each.
type packCase struct {
	name  string
	texts func(b int) int   // how many distinct texts batch b draws from
	ints  func(b int) int64 // the largest integer of batch b (from -50)
	coded bool
	wide  bool  // the keys fill a wide word
	hi    int64 // the statistics' largest integer (from -50)
	rows  int   // per batch
	// packed: whether the table is still packed at the end.
	packed bool
}

// TestPackedKeysGroupRows checks a packed group table (keytable_pack.go)
// against a map of the keys themselves: each key one group, each group
// its key, however the stream runs — within the statistics' ranges
// throughout, or past them in a later batch (an integer outside its
// field, more texts than its field numbers, more than internMax texts),
// where the table gives the packing up with groups already in it.
func TestPackedKeysGroupRows(t *testing.T) {
	const hi = 2000
	// A range of 2^26 leaves the texts 5 bits: 31 texts.
	const wide = 1 << 26
	cases := []packCase{
		{name: "in range", texts: func(int) int { return 40 }, ints: func(int) int64 { return hi }, hi: hi, packed: true},
		{name: "in range, coded", texts: func(int) int { return 40 }, ints: func(int) int64 { return hi }, hi: hi, coded: true, packed: true},
		{name: "integer past its range", texts: func(int) int { return 40 }, ints: func(b int) int64 { return hi + int64(b)*200 }, hi: hi},
		{name: "texts past their field", texts: func(b int) int { return 10 + b*3 }, ints: func(int) int64 { return hi }, hi: wide},
		{name: "texts past their field, coded", texts: func(b int) int { return 10 + b*3 }, ints: func(int) int64 { return hi }, hi: wide, coded: true},
		{name: "wide", texts: func(int) int { return 40 }, ints: func(int) int64 { return hi }, hi: 1 << 40, wide: true, packed: true},
		{name: "wide, coded", texts: func(int) int { return 40 }, ints: func(int) int64 { return 1 << 40 }, hi: 1 << 40, coded: true, wide: true, packed: true},
		{name: "wide, integer past its range", texts: func(int) int { return 40 }, ints: func(b int) int64 { return 1<<40 + int64(b)<<38 }, hi: 1 << 40, wide: true},
		{name: "wide, texts past their field", texts: func(b int) int { return 10 + b*3 }, ints: func(int) int64 { return hi }, hi: 1 << 57, wide: true},
		{name: "texts past internMax", texts: func(b int) int { return min(200+b*5000, 3*internMax) }, ints: func(int) int64 { return 3 }, hi: 3, rows: 5000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkPacked(t, c) })
	}
}

func checkPacked(t *testing.T, c packCase) {
	strT := ColType{Phys: PStr, SQL: types.Text}
	intT := ColType{Phys: PInt, SQL: types.Int64}
	spec := &AggSpec{keys: []Expr{colRef{0, strT}, colRef{1, intT}}, keyBounds: []keyRange{{}, {lo: -50, hi: c.hi, known: true}}}
	fields := spec.planKeyPack()
	if fields == nil || fields.wide != c.wide {
		t.Fatal("not packed")
	}
	kt := newKeyTable([]ColType{strT, intT})
	kt.usePack(fields)
	r := rand.New(rand.NewPCG(5, 6))
	groupOf := map[string]int32{} // key text -> group
	for b := range 30 {
		n := cmp.Or(c.rows, 2000)
		cols := packBatch(r, c, b, n)
		got := make([]int32, n)
		kt.findAll(cols, n, nil, true, got)
		for i := range n {
			k := keyText(cols, i)
			g, seen := groupOf[k]
			switch {
			case got[i] < 0 || int(got[i]) >= kt.n:
				t.Fatalf("batch %d row %d (%s): group %d of %d", b, i, k, got[i], kt.n)
			case seen && g != got[i]:
				t.Fatalf("batch %d row %d (%s): group %d, before %d", b, i, k, got[i], g)
			case !seen:
				groupOf[k] = got[i]
			}
			if gk := keyText(kt.keys, int(got[i])); gk != k {
				t.Fatalf("batch %d row %d (%s): its group holds %s", b, i, k, gk)
			}
		}
		if kt.n != len(groupOf) {
			t.Fatalf("batch %d: %d groups, %d keys", b, kt.n, len(groupOf))
		}
	}
	if (kt.pack != nil) != c.packed {
		t.Fatalf("packed at the end: %v, want %v", kt.pack != nil, c.packed)
	}
}

// packBatch draws n rows of batch b.
func packBatch(r *rand.Rand, c packCase, b, n int) []*Vec {
	strT := ColType{Phys: PStr, SQL: types.Text}
	intT := ColType{Phys: PInt, SQL: types.Int64}
	texts := c.texts(b)
	s := &Vec{T: strT, Nulls: make([]bool, n)}
	v := &Vec{T: intT, I: make([]int64, n), Nulls: make([]bool, n)}
	var dict []string
	if c.coded {
		dict = make([]string, texts)
		for k := range dict {
			dict[k] = "t" + strconv.Itoa(k)
		}
		s.Dict, s.Codes = dict, make([]uint32, n)
	} else {
		s.S = make([]string, n)
	}
	for i := range n {
		k := r.IntN(texts)
		if c.coded {
			s.Codes[i] = uint32(k)
		} else {
			s.S[i] = "t" + strconv.Itoa(k)
		}
		s.Nulls[i] = r.IntN(50) == 0
		v.I[i] = -50 + r.Int64N(c.ints(b)+51)
		if r.IntN(40) == 0 {
			v.Nulls[i], v.I[i] = true, r.Int64N(3)-1 // a NULL's value is anything
		}
	}
	return []*Vec{s, v}
}

// keyText spells row i's key, NULLs apart from every value.
func keyText(cols []*Vec, i int) string {
	k := ""
	for _, v := range cols {
		switch {
		case v.IsNull(i):
			k += "|NULL"
		case v.T.Phys == PStr:
			k += "|s" + v.Str(i)
		default:
			k += fmt.Sprintf("|i%d", v.I[i])
		}
	}
	return k
}

// TestPackedKeysMerge merges one packed table into another: their texts
// are numbered in different orders, so the merge packs the other's keys
// in its own numbering.
func TestPackedKeysMerge(t *testing.T) {
	strT := ColType{Phys: PStr, SQL: types.Text}
	intT := ColType{Phys: PInt, SQL: types.Int64}
	spec := &AggSpec{keys: []Expr{colRef{0, strT}, colRef{1, intT}}, keyBounds: []keyRange{{}, {lo: -50, hi: 500, known: true}}}
	c := packCase{texts: func(int) int { return 30 }, ints: func(int) int64 { return 500 }, coded: true}
	tables := [2]*keyTable{}
	for w := range tables {
		tables[w] = newKeyTable([]ColType{strT, intT})
		tables[w].usePack(spec.planKeyPack())
		r := rand.New(rand.NewPCG(uint64(w), 9))
		for b := range 5 {
			cols := packBatch(r, c, b, 1000)
			tables[w].findAll(cols, 1000, nil, true, make([]int32, 1000))
		}
	}
	dst, src := tables[0], tables[1]
	keys := map[string]bool{}
	for g := range dst.n {
		keys[keyText(dst.keys, g)] = true
	}
	for g := range src.n {
		keys[keyText(src.keys, g)] = true
	}
	m := make([]int32, src.n)
	dst.findAll(src.keys, src.n, nil, true, m)
	for g, to := range m {
		if a, b := keyText(src.keys, g), keyText(dst.keys, int(to)); a != b {
			t.Fatalf("group %d (%s) merged into %d (%s)", g, a, to, b)
		}
	}
	if dst.n != len(keys) || dst.pack == nil {
		t.Fatalf("%d groups of %d keys (packed %v)", dst.n, len(keys), dst.pack != nil)
	}
}
