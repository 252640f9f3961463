package exec

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestConcatCoded checks that a join's build side keeps coded string
// columns coded under one dictionary and reads back the same strings as
// the decoding concat, NULLs included.
func TestConcatCoded(t *testing.T) {
	str := ColType{Phys: PStr, SQL: types.Text}
	shared := []string{"a", "b", "c"}
	coded := func(dict []string, codes []uint32, nulls []bool) *Batch {
		return &Batch{N: len(codes), Cols: []*Vec{{T: str, Codes: codes, Dict: dict, Nulls: nulls}}}
	}
	plain := &Batch{N: 2, Cols: []*Vec{{T: str, S: []string{"x", "b"}}}}
	cases := []struct {
		name  string
		bs    []*Batch
		coded bool
		dict  int // merged dictionary's size
	}{
		{"one batch", []*Batch{coded(shared, []uint32{2, 0, 1}, nil)}, true, 3},
		{"shared dictionary", []*Batch{coded(shared, []uint32{2, 0}, nil), coded(shared, []uint32{1, 1}, []bool{false, true})}, true, 3},
		{"two dictionaries", []*Batch{coded(shared, []uint32{2, 0}, nil), coded([]string{"d", "a"}, []uint32{0, 1, 0}, []bool{true, false, false})}, true, 4},
		{"a plain batch", []*Batch{coded(shared, []uint32{1}, nil), plain}, true, 4}, // small: coded
		{"plain only", []*Batch{plain, {N: 2, Cols: []*Vec{{T: str, S: []string{"", "x"}, Nulls: []bool{true, false}}}}}, true, 3},
		{"large and plain", []*Batch{coded(shared, make([]uint32, maxCodedBuild), nil), plain}, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, want := concatCoded([]ColType{str}, c.bs), concat([]ColType{str}, c.bs)
			g, w := got.Cols[0], want.Cols[0]
			if (g.Codes != nil) != c.coded || c.coded && len(g.Dict) != c.dict {
				t.Fatalf("coded %v with %d entries, want coded %v with %d", g.Codes != nil, len(g.Dict), c.coded, c.dict)
			}
			if got.N != want.N {
				t.Fatalf("%d rows, want %d", got.N, want.N)
			}
			for i := range want.N {
				if g.IsNull(i) != w.IsNull(i) || !w.IsNull(i) && g.Str(i) != w.Str(i) {
					t.Fatalf("row %d: %q (null %v), want %q (null %v)", i, g.Str(i), g.IsNull(i), w.Str(i), w.IsNull(i))
				}
			}
		})
	}
}
