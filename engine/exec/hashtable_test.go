package exec

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestFindAllMatchesFind checks the batch lookup (runs of equal keys,
// the dense index) numbers groups exactly as probing row by row does,
// over key orders that widen the dense index up and down or make it
// give up.
func TestFindAllMatchesFind(t *testing.T) {
	intT := ColType{Phys: PInt, SQL: types.Int64}
	strT := ColType{Phys: PStr, SQL: types.Text}
	gen := map[string]func(r *rand.Rand, i int) int64{
		"ascending runs":  func(_ *rand.Rand, i int) int64 { return int64(i / 3) },
		"descending":      func(_ *rand.Rand, i int) int64 { return int64(100000 - i) },
		"negative":        func(r *rand.Rand, _ int) int64 { return -r.Int64N(5000) },
		"sparse":          func(r *rand.Rand, _ int) int64 { return r.Int64() },
		"dense then wide": func(r *rand.Rand, i int) int64 { return int64(i%700) << (uint(i/3000) * 20) },
		"around zero":     func(r *rand.Rand, _ int) int64 { return r.Int64N(400) - 200 },
	}
	for name, g := range gen {
		for _, withStr := range []bool{false, true} {
			r := rand.New(rand.NewPCG(1, 2))
			kt := []ColType{intT}
			if withStr {
				kt = append(kt, strT)
			}
			batched, single, lazy := newKeyTable(kt), newKeyTable(kt), newKeyTable(kt)
			// 60,000 rows: sparse keys grow the table past touchSlots,
			// where findAll reads slots ahead.
			for b := 0; b < 40; b++ {
				n := 1500
				cols := []*Vec{{T: intT, I: make([]int64, n)}}
				if withStr {
					cols = append(cols, &Vec{T: strT, S: make([]string, n)})
				}
				for i := range n {
					cols[0].I[i] = g(r, b*n+i)
					if withStr {
						cols[1].S[i] = string(rune('a' + cols[0].I[i]&3))
					}
				}
				h := hashRows(cols, n, nil)
				got := make([]int32, n)
				batched.findAll(cols, n, h, true, got)
				unhashed := make([]int32, n) // hashes left to the table
				lazy.findAll(cols, n, nil, true, unhashed)
				for i := range n {
					if unhashed[i] != got[i] {
						t.Fatalf("%s (strings %v): batch %d row %d: unhashed lookup gave group %d, hashed %d", name, withStr, b, i, unhashed[i], got[i])
					}
					if want := single.find(cols, i, h[i], true); got[i] != want {
						t.Fatalf("%s (strings %v): batch %d row %d key %d: group %d, want %d", name, withStr, b, i, cols[0].I[i], got[i], want)
					}
				}
			}
		}
	}
}

// TestHashAtMatchesHashRows checks a row's hash computed alone against
// the batch's, for every key layout without NULLs.
func TestHashAtMatchesHashRows(t *testing.T) {
	intT := ColType{Phys: PInt, SQL: types.Int64}
	strT := ColType{Phys: PStr, SQL: types.Text}
	fltT := ColType{Phys: PFloat, SQL: types.Float64}
	n := 300
	cols := []*Vec{
		{T: intT, I: make([]int64, n)},
		{T: strT, S: make([]string, n)},
		{T: fltT, F: make([]float64, n)},
		{T: strT, Codes: make([]uint32, n), Dict: []string{"x", "yy", ""}},
	}
	for i := range n {
		cols[0].I[i] = int64(i*7919) - 1000
		cols[1].S[i] = strconv.Itoa(i % 13)
		cols[2].F[i] = float64(i%5) - 2 // -0 and +0 among them
		if i%5 == 2 {
			cols[2].F[i] = -cols[2].F[i]
		}
		cols[3].Codes[i] = uint32(i % 3)
	}
	h := hashRows(cols, n, nil)
	for i := range n {
		if got := hashAt(nil, cols, i); got != h[i] {
			t.Fatalf("row %d: hashAt %x, hashRows %x", i, got, h[i])
		}
	}
}

// TestLookupAfterDenseBuild checks lookups (insert unset, as a join's
// probe workers make them) against a map of the inserted keys, for a
// table left answering from its dense index alone, one that gave it up
// (keys too sparse), one that met a NULL key and one presized for keys
// that arrive far apart.
func TestLookupAfterDenseBuild(t *testing.T) {
	intT := ColType{Phys: PInt, SQL: types.Int64}
	for _, c := range []struct {
		name   string
		key    func(r *rand.Rand) int64
		nullAt int // batch with a NULL key, -1 none
		sized  bool
	}{
		{"dense", func(r *rand.Rand) int64 { return r.Int64N(3000) }, -1, false},
		{"sparse", func(r *rand.Rand) int64 { return r.Int64N(3000) << 30 }, -1, false},
		{"null", func(r *rand.Rand) int64 { return r.Int64N(3000) }, 2, false},
		// far apart at first, as a build side's morsels arrive
		{"presized", func(r *rand.Rand) int64 { return r.Int64N(2)*200000 + r.Int64N(100) }, -1, true},
	} {
		r := rand.New(rand.NewPCG(5, 6))
		kt := newKeyTable([]ColType{intT})
		if c.sized {
			kt.presize(0, 200100, 40000)
		}
		want := map[int64]int32{}
		for b := 0; b < 5; b++ {
			n := 700
			v := &Vec{T: intT, I: make([]int64, n)}
			if b == c.nullAt {
				v.Nulls = make([]bool, n)
				v.Nulls[n/2] = true
			}
			for i := range n {
				if !v.IsNull(i) {
					v.I[i] = c.key(r)
				}
			}
			h := hashRows([]*Vec{v}, n, nil)
			got := make([]int32, n)
			kt.findAll([]*Vec{v}, n, h, true, got)
			for i, g := range got {
				if v.IsNull(i) {
					continue
				}
				if w, ok := want[v.I[i]]; ok && w != g {
					t.Fatalf("%s: key %d in groups %d and %d", c.name, v.I[i], w, g)
				}
				want[v.I[i]] = g
			}
		}
		if c.sized && (!kt.viaDense || !kt.dense.on) {
			t.Fatalf("%s: the presized dense index was given up", c.name)
		}
		n := 4000
		probe := &Vec{T: intT, I: make([]int64, n)}
		for i := range n {
			probe.I[i] = c.key(r) + r.Int64N(2) // some keys absent
		}
		h := hashRows([]*Vec{probe}, n, nil)
		got := make([]int32, n)
		kt.findAll([]*Vec{probe}, n, h, false, got)
		for i, g := range got {
			w, ok := want[probe.I[i]]
			if !ok {
				w = -1
			}
			if g != w || kt.find([]*Vec{probe}, i, h[i], false) != w {
				t.Fatalf("%s: lookup of %d: group %d, want %d", c.name, probe.I[i], g, w)
			}
		}
	}
}

// TestGridKeys checks that two integer keys laid out as a grid number
// their tuples as a map of the tuples does — keys inside the ranges the
// statistics gave, outside them (found by hash), and lookups after.
func TestGridKeys(t *testing.T) {
	intT := ColType{Phys: PInt, SQL: types.Int64}
	for _, outside := range []int{0, 50, 2} { // every outside-th row strays (0: none)
		r := rand.New(rand.NewPCG(3, 4))
		kt := newKeyTable([]ColType{intT, intT})
		kt.presizeFor([]keyRange{{lo: -5, hi: 40, rows: 1000}, {lo: 100, hi: 130, rows: 1000}})
		if kt.grid == nil {
			t.Fatal("no grid for 46 x 31 cells")
		}
		want := map[[2]int64]int32{}
		for b := 0; b < 5; b++ {
			n := 700
			cols := []*Vec{{T: intT, I: make([]int64, n)}, {T: intT, I: make([]int64, n)}}
			for i := range n {
				cols[0].I[i], cols[1].I[i] = r.Int64N(46)-5, 100+r.Int64N(31)
				if outside > 0 && (b*n+i)%outside == 0 {
					cols[i%2].I[i] += 1000
				}
			}
			h := hashRows(cols, n, nil)
			got := make([]int32, n)
			kt.findAll(cols, n, h, true, got)
			for i := range n {
				k := [2]int64{cols[0].I[i], cols[1].I[i]}
				g, seen := want[k]
				if !seen {
					g = int32(len(want))
					want[k] = g
				}
				if got[i] != g {
					t.Fatalf("outside %d: key %v: group %d, want %d", outside, k, got[i], g)
				}
			}
		}
		if kt.n != len(want) {
			t.Fatalf("outside %d: %d groups, want %d", outside, kt.n, len(want))
		}
		probe := []*Vec{{T: intT, I: []int64{-5, 40, 41, 7, 1007}}, {T: intT, I: []int64{100, 130, 100, 1130, 115}}}
		got := make([]int32, 5)
		kt.findAll(probe, 5, hashRows(probe, 5, nil), false, got)
		for i := range got {
			g, ok := want[[2]int64{probe[0].I[i], probe[1].I[i]}]
			if !ok {
				g = -1
			}
			if got[i] != g {
				t.Fatalf("outside %d: lookup %d: group %d, want %d", outside, i, got[i], g)
			}
		}
	}
}

// TestCodedKeysMatchPlain checks a dictionary-coded string key hashes and
// numbers groups as the same strings held plainly do: a join builds on
// one layout and probes with the other, and a code is answered from its
// first row (findCombos).
func TestCodedKeysMatchPlain(t *testing.T) {
	strT := ColType{Phys: PStr, SQL: types.Text}
	dict := []string{"web", "app", "", "store", "phone"}
	r := rand.New(rand.NewPCG(3, 4))
	const n = 1000
	coded := &Vec{T: strT, Codes: make([]uint32, n), Dict: dict}
	plain := &Vec{T: strT, S: make([]string, n)}
	for i := range n {
		c := uint32(r.IntN(len(dict) - 1)) // "phone" never appears
		coded.Codes[i], plain.S[i] = c, dict[c]
	}
	hc := hashRows([]*Vec{coded}, n, nil)
	hp := hashRows([]*Vec{plain}, n, nil)
	for i := range n {
		if hc[i] != hp[i] {
			t.Fatalf("row %d: coded hash %x, plain %x", i, hc[i], hp[i])
		}
	}
	built := newKeyTable([]ColType{strT})
	byPlain := make([]int32, n)
	built.findAll([]*Vec{plain}, n, hp, true, byPlain)
	byCoded := make([]int32, n)
	built.findAll([]*Vec{coded}, n, hc, false, byCoded)
	fresh := newKeyTable([]ColType{strT})
	inserted := make([]int32, n)
	fresh.findAll([]*Vec{coded}, n, hc, true, inserted)
	for i := range n {
		if byCoded[i] != byPlain[i] || inserted[i] != byPlain[i] {
			t.Fatalf("row %d (%q): plain group %d, coded lookup %d, coded insert %d", i, plain.S[i], byPlain[i], byCoded[i], inserted[i])
		}
	}
	missing := &Vec{T: strT, Codes: []uint32{4, 0, 4}, Dict: dict}
	got := make([]int32, 3)
	built.findAll([]*Vec{missing}, 3, hashRows([]*Vec{missing}, 3, nil), false, got)
	if got[0] != -1 || got[2] != -1 || got[1] != byPlain[slices.Index(plain.S, "web")] {
		t.Fatalf("lookup of an absent code: %v", got)
	}
}

// TestKeyCombosMatchPlain checks that rows of several coded keys, NULLs
// among them, take the groups the same strings held plainly take, in the
// order they first appear, whether inserted or looked up, across more
// rows than one round of combinations (comboRows), in a hashed and a
// packed table.
func TestKeyCombosMatchPlain(t *testing.T) {
	strT := ColType{Phys: PStr, SQL: types.Text}
	countries := []string{"DE", "NL", "PL", "SE"}
	kinds := []string{"open", "click", "visit"}
	const n = 2*comboRows + 37
	r := rand.New(rand.NewPCG(5, 6))
	coded := []*Vec{
		{T: strT, Codes: make([]uint32, n), Dict: countries, Nulls: make([]bool, n)},
		{T: strT, Codes: make([]uint32, n), Dict: kinds},
	}
	plain := []*Vec{{T: strT, S: make([]string, n), Nulls: make([]bool, n)}, {T: strT, S: make([]string, n)}}
	want := make([]int32, n)
	seen := map[string]int32{}
	for i := range n {
		c, k := uint32(r.IntN(len(countries))), uint32(r.IntN(len(kinds)))
		coded[0].Codes[i], coded[1].Codes[i] = c, k
		plain[0].S[i], plain[1].S[i] = countries[c], kinds[k]
		key := countries[c] + "/" + kinds[k]
		if r.IntN(10) == 0 {
			coded[0].Nulls[i], plain[0].Nulls[i] = true, true
			key = "NULL/" + kinds[k]
		}
		g, ok := seen[key]
		if !ok {
			g = int32(len(seen))
			seen[key] = g
		}
		want[i] = g
	}
	if comboSpace(coded, n) == 0 {
		t.Fatal("the coded keys are not looked up by combination")
	}
	layouts := map[string]*packLayout{"hashed": nil, "packed": {fields: []groupField{{text: true, max: 255, shift: 0}, {text: true, max: 255, shift: 8}}}}
	for name, layout := range layouts {
		tab := newKeyTable([]ColType{strT, strT})
		tab.usePack(layout)
		if (tab.pack != nil) != (layout != nil) {
			t.Fatalf("%s: pack not taken", name)
		}
		got := make([]int32, n)
		tab.findAll(coded, n, nil, true, got)
		again := make([]int32, n)
		tab.findAll(plain, n, nil, false, again)
		for i := range n {
			if got[i] != want[i] || again[i] != want[i] {
				t.Fatalf("%s: row %d (%v %q/%q): coded insert %d, plain lookup %d, want %d", name, i, plain[0].Nulls[i], plain[0].S[i], plain[1].S[i], got[i], again[i], want[i])
			}
		}
		absent := []*Vec{{T: strT, Codes: []uint32{0, 1}, Dict: []string{"FR", "DE"}}, {T: strT, Codes: []uint32{0, 0}, Dict: kinds}}
		out := make([]int32, 2)
		tab.findCombos(absent, 2, 4, false, out)
		if out[0] != -1 || out[1] != seen["DE/open"] {
			t.Fatalf("%s: lookup of FR/open, DE/open: %v", name, out)
		}
	}
}

// TestInternedKeyTexts checks string keys hold one copy per text (shared
// by the groups of a text) until internMax distinct texts, then copies
// of their own, every group found again either way.
func TestInternedKeyTexts(t *testing.T) {
	intT := ColType{Phys: PInt, SQL: types.Int64}
	strT := ColType{Phys: PStr, SQL: types.Text}
	kt := newKeyTable([]ColType{strT, intT})
	const n = 2 * internMax
	text := func(i int) string {
		if i%5 == 0 {
			return "same"
		}
		return "t" + strconv.Itoa(i)
	}
	cols := []*Vec{{T: strT, S: make([]string, n), Nulls: make([]bool, n)}, {T: intT, I: make([]int64, n)}}
	for i := range n {
		cols[0].S[i], cols[1].I[i] = text(i), int64(i%7)
		cols[0].Nulls[i] = i%11 == 0
	}
	h := hashRows(cols, n, nil)
	first := make([]int32, n)
	kt.findAll(cols, n, h, true, first)
	again := make([]int32, n)
	kt.findAll(cols, n, h, false, again)
	for i := range n {
		g := first[i]
		if again[i] != g || g < 0 {
			t.Fatalf("row %d: inserted as %d, found as %d", i, g, again[i])
		}
		if kt.keys[0].IsNull(int(g)) != cols[0].Nulls[i] || (!cols[0].Nulls[i] && kt.keys[0].S[g] != cols[0].S[i]) || kt.keys[1].I[g] != cols[1].I[i] {
			t.Fatalf("row %d: group %d holds %q/%d", i, g, kt.keys[0].S[g], kt.keys[1].I[g])
		}
	}
	if !kt.texts[0].off {
		t.Fatalf("%d distinct texts: still interned", len(kt.texts[0].list))
	}
	a, b := kt.keys[0].S[first[5]], kt.keys[0].S[first[10]]
	if a != "same" || b != "same" || first[5] == first[10] || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Fatalf("groups of one text %q, %q: not one copy", a, b)
	}
}

// TestCodedKeyNumbers checks coded batches, compared by their texts'
// numbers, find the groups plain texts find: dictionaries that differ
// from batch to batch (order, overlap, the empty text, NULLs), a
// dictionary larger than its batch (compared as text), and one that
// passes internMax in the middle of a batch.
func TestCodedKeyNumbers(t *testing.T) {
	intT := ColType{Phys: PInt, SQL: types.Int64}
	strT := ColType{Phys: PStr, SQL: types.Text}
	r := rand.New(rand.NewPCG(5, 6))
	words := []string{"", "a", "b", "web", "store", "app", "x y"}
	big := make([]string, internMax+internMax/4)
	for i := range big {
		big[i] = "w" + strconv.Itoa(i)
	}
	coded, plain := newKeyTable([]ColType{strT, intT}), newKeyTable([]ColType{strT, intT})
	for b := range 30 {
		n, dict := 500, slices.Clone(words)
		r.Shuffle(len(dict), func(i, j int) { dict[i], dict[j] = dict[j], dict[i] })
		dict = dict[:2+r.IntN(len(dict)-2)]
		switch b {
		case 7:
			n = 3 // a dictionary larger than the batch
		case 20:
			n, dict = len(big), big // passes internMax while its rows are added
		}
		cv := &Vec{T: strT, Codes: make([]uint32, n), Dict: dict, Nulls: make([]bool, n)}
		pv := &Vec{T: strT, S: make([]string, n), Nulls: make([]bool, n)}
		iv := &Vec{T: intT, I: make([]int64, n)}
		for i := range n {
			cv.Codes[i] = uint32(r.IntN(len(dict)))
			if b == 20 {
				cv.Codes[i] = uint32(i)
			}
			pv.S[i] = dict[cv.Codes[i]]
			cv.Nulls[i] = r.IntN(13) == 0
			pv.Nulls[i] = cv.Nulls[i]
			iv.I[i] = int64(r.IntN(3))
		}
		got, want := make([]int32, n), make([]int32, n)
		coded.findAll([]*Vec{cv, iv}, n, hashRows([]*Vec{cv, iv}, n, nil), true, got)
		plain.findAll([]*Vec{pv, iv}, n, hashRows([]*Vec{pv, iv}, n, nil), true, want)
		if !slices.Equal(got, want) {
			t.Fatalf("batch %d: coded rows found %v, plain %v", b, got[:min(n, 20)], want[:min(n, 20)])
		}
	}
	if !coded.texts[0].off || coded.n != plain.n {
		t.Fatalf("off %v, %d groups against %d", coded.texts[0].off, coded.n, plain.n)
	}
}
