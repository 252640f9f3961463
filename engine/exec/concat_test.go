package exec

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/membudget"
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
	plain := func() *Batch { return &Batch{N: 2, Cols: []*Vec{{T: str, S: []string{"x", "b"}}}} }
	cases := []struct {
		name  string
		bs    []*Batch
		coded bool
		dict  int // merged dictionary's size
	}{
		{"one batch", []*Batch{coded(shared, []uint32{2, 0, 1}, nil)}, true, 3},
		{"shared dictionary", []*Batch{coded(shared, []uint32{2, 0}, nil), coded(shared, []uint32{1, 1}, []bool{false, true})}, true, 3},
		{"two dictionaries", []*Batch{coded(shared, []uint32{2, 0}, nil), coded([]string{"d", "a"}, []uint32{0, 1, 0}, []bool{true, false, false})}, true, 4},
		{"a plain batch", []*Batch{coded(shared, []uint32{1}, nil), plain()}, true, 4}, // small: coded
		{"plain only", []*Batch{plain(), {N: 2, Cols: []*Vec{{T: str, S: []string{"", "x"}, Nulls: []bool{true, false}}}}}, true, 3},
		{"large and plain", []*Batch{coded(shared, make([]uint32, maxCodedBuild), nil), plain()}, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := concat([]ColType{str}, c.bs)
			got, err := concatMoving(sql.NewEmptyContext(), []ColType{str}, c.bs, &tally{}, true)
			if err != nil {
				t.Fatal(err)
			}
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

// TestConcatMovingCharges checks that moving collected batches into one
// (a join's build side, a window's input) holds them once: the result
// equals concat's, the account holds what the result holds (the
// batches' charge given back column by column), the batches' columns
// are dropped, and an account that holds the batches but not one more
// column fails with the budget's error; a join's build side under such
// an account fails the same way.
func TestConcatMovingCharges(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	ctx, acct := budgetCtx(0)
	collect := func(ctx *sql.Context) (*collectLocal, error) {
		l := &collectLocal{}
		for _, b := range sortBatches(rand.New(rand.NewPCG(21, 22)), 12, 3000) {
			if err := l.Consume(ctx, b); err != nil {
				return nil, err
			}
		}
		return l, nil
	}
	l, err := collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := concat(sortIn, l.bs)
	input := acct.Used()
	got, err := concatMoving(ctx, sortIn, l.bs, &l.mem, false)
	if err != nil {
		t.Fatal(err)
	}
	for c := range sortIn {
		for i := range want.N {
			if g, w := got.Cols[c].Value(i), want.Cols[c].Value(i); g != w {
				t.Fatalf("row %d column %d: %v, want %v", i, c, g, w)
			}
		}
		if l.bs[0].Cols[c] != nil {
			t.Fatalf("column %d of the collected batches was kept", c)
		}
	}
	if u := acct.Used(); u != batchBytes(got) {
		t.Errorf("%d bytes charged for a result of %d (the input's %d)", u, batchBytes(got), input)
	}

	tight, _ := budgetCtx(input + 1)
	l, err = collect(tight)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := concatMoving(tight, sortIn, l.bs, &l.mem, false); !errors.Is(err, membudget.ErrExceeded) {
		t.Errorf("moving under the input's charge: %v, want the budget's error", err)
	}
	ec := &exprCompiler{in: sortIn}
	key, err := ec.compile(expression.NewGetField(3, types.Int64, "id", false))
	if err != nil {
		t.Fatal(err)
	}
	build := func(ctx *sql.Context) error {
		_, err := buildTable(ctx, &Pipeline{Src: &Batches{types: sortIn, bs: sortBatches(r, 12, 3000)}}, []Expr{key}, ec, nil)
		return err
	}
	if err := build(sql.NewEmptyContext()); err != nil {
		t.Fatal(err)
	}
	tight, _ = budgetCtx(input + 1)
	if err := build(tight); !errors.Is(err, membudget.ErrExceeded) {
		t.Errorf("a build side under its input's charge: %v, want the budget's error", err)
	}
}
