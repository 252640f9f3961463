package exec

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

var (
	intCol   = ColType{Phys: PInt, SQL: types.Int64}
	strCol   = ColType{Phys: PStr, SQL: types.Text}
	floatCol = ColType{Phys: PFloat, SQL: types.Float64}
	sortIn   = []ColType{intCol, strCol, floatCol, intCol}
)

// budgetCtx is a context whose statement account has limit bytes (<= 0:
// unlimited).
func budgetCtx(limit int64) (*sql.Context, *membudget.Account) {
	acct := membudget.NewPool(0).NewAccount(limit)
	ctx := sql.NewEmptyContext()
	return ctx.WithContext(membudget.NewContext(ctx.Context, acct)), acct
}

// sortBatches is batches of (a: an integer with ties and NULLs, b: a
// string, coded under one dictionary shared by some batches and of
// their own in others, or plain; c: a double; id: the row's number).
func sortBatches(r *rand.Rand, batches, rows int) []*Batch {
	shared := []string{"pear", "Apple", "fig", "apple", "kiwi"}
	var bs []*Batch
	id := int64(0)
	for k := range batches {
		a := &Vec{T: intCol, I: make([]int64, rows), Nulls: make([]bool, rows)}
		b := &Vec{T: strCol}
		c := &Vec{T: floatCol, F: make([]float64, rows)}
		d := &Vec{T: intCol, I: make([]int64, rows)}
		switch k % 3 {
		case 0:
			b.Dict, b.Codes = shared, make([]uint32, rows)
		case 1:
			b.Dict, b.Codes = []string{"fig", fmt.Sprint("own", k), "Pear"}, make([]uint32, rows)
		default:
			b.S = make([]string, rows)
		}
		for i := range rows {
			a.I[i], a.Nulls[i] = r.Int64N(40), r.IntN(20) == 0
			if b.Codes != nil {
				b.Codes[i] = uint32(r.IntN(len(b.Dict)))
			} else {
				b.S[i] = fmt.Sprint("s", r.IntN(30))
			}
			c.F[i], d.I[i] = r.Float64(), id
			id++
		}
		bs = append(bs, &Batch{N: rows, Cols: []*Vec{a, b, c, d}})
	}
	return bs
}

func sortFields() sql.SortFields {
	return sql.SortFields{
		{Column: expression.NewGetField(0, types.Int64, "a", true), Order: sql.Ascending, NullOrdering: sql.NullsFirst},
		{Column: expression.NewGetField(1, types.Text, "b", false), Order: sql.Descending, NullOrdering: sql.NullsLast},
	}
}

// sortInto runs a sort of bs (collected by one worker) under ctx and
// reads its result into one batch.
func sortInto(t *testing.T, ctx *sql.Context, bs []*Batch, limit int64) (*Batch, error) {
	t.Helper()
	spec, err := newSort(sortIn, sortFields(), limit)
	if err != nil {
		t.Fatal(err)
	}
	local := spec.Local()
	for _, b := range bs {
		if err := local.Consume(ctx, b); err != nil {
			return nil, err
		}
	}
	src, err := spec.Finish(ctx, []LocalSink{local})
	if err != nil {
		return nil, err
	}
	out := &collectLocal{}
	if err := src.Run(ctx, 0, func(b *Batch) error { return out.Consume(sql.NewEmptyContext(), b) }); err != nil {
		return nil, err
	}
	return concat(sortIn, out.bs), nil
}

// TestSortAcrossBatches checks a sort's result, read from its workers'
// batches without concatenating them, against a stable sort of the rows
// in one batch: strings of several dictionaries and plain ones, NULLs,
// limits.
func TestSortAcrossBatches(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, batches := range []int{1, 7} {
		for _, limit := range []int64{-1, 0, 3, 500, 100000} {
			bs := sortBatches(r, batches, 900)
			all := concat(sortIn, bs)
			want := identity32(all.N)
			keys := all.Cols[:2]
			slices.SortStableFunc(want, func(a, b int32) int { return compareRows(keys, sortFields(), int(a), int(b)) })
			if limit >= 0 && int(limit) < len(want) {
				want = want[:limit]
			}
			got, err := sortInto(t, sql.NewEmptyContext(), bs, limit)
			if err != nil {
				t.Fatal(err)
			}
			if got.N != len(want) {
				t.Fatalf("%d batches, limit %d: %d rows, want %d", batches, limit, got.N, len(want))
			}
			for i, w := range want {
				for c := range sortIn {
					if g, x := got.Cols[c].Value(i), all.Cols[c].Value(int(w)); g != x {
						t.Fatalf("%d batches, limit %d: row %d column %d is %v, want %v", batches, limit, i, c, g, x)
					}
				}
			}
		}
	}
}

// TestSortCharges checks that what a sort allocates beyond its
// collected input is charged first: under an account that holds the
// input but not the sort's keys and scratch it fails with the budget's
// error; under the peak its unlimited run reached it answers; what the
// sort allocates from its input to its order stays within what it
// charged; reading the result allocates a batch's worth whatever the
// rows; and every byte is given back once the result is read.
func TestSortCharges(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	bs := sortBatches(r, 40, 5000)

	ctx, acct := budgetCtx(0)
	spec, _ := newSort(sortIn, sortFields(), -1)
	local := spec.Local()
	for _, b := range bs {
		if err := local.Consume(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	input := acct.Used()
	var before, after runtime.MemStats
	ReclaimBuffers(1 << 62)
	runtime.GC()
	runtime.ReadMemStats(&before)
	src, err := spec.Finish(ctx, []LocalSink{local})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	// Arrays of one size allocated one after another (a key's words,
	// then the next key's) count again in the allocation total, not in
	// what is held at once: at most twice what was charged.
	charged, allocated := acct.Peak()-input, int64(after.TotalAlloc-before.TotalAlloc)
	if allocated > 2*charged {
		t.Errorf("sorting allocated %d bytes and charged %d", allocated, charged)
	}
	// What the result keeps beside the input is charged (the sort's
	// word arrays kept for reuse are the server pool's).
	ReclaimBuffers(1 << 62)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if kept, held := int64(after.HeapAlloc)-int64(before.HeapAlloc), acct.Used()-input; kept > held+256<<10 {
		t.Errorf("the sorted result keeps %d bytes beside its input and charges %d", kept, held)
	}
	runtime.ReadMemStats(&before)
	rows := 0
	err = src.Run(ctx, 0, func(b *Batch) error {
		if b.N > sortChunk {
			t.Fatalf("a batch of %d rows", b.N)
		}
		rows += b.N
		return nil
	})
	runtime.ReadMemStats(&after)
	if err != nil || rows != 40*5000 {
		t.Fatalf("read %d rows: %v", rows, err)
	}
	if a := after.TotalAlloc - before.TotalAlloc; a > 2<<20 {
		t.Errorf("reading the result allocated %d bytes", a)
	}
	if acct.Used() != 0 {
		t.Errorf("%d bytes still charged after the result was read", acct.Used())
	}
	peak := acct.Peak()

	small, _ := budgetCtx(input + (peak-input)/2)
	if _, err := sortInto(t, small, bs, -1); !errors.Is(err, membudget.ErrExceeded) {
		t.Errorf("under half the sort's scratch: %v, want the budget's error", err)
	}
	exact, _ := budgetCtx(peak)
	if _, err := sortInto(t, exact, bs, -1); err != nil {
		t.Errorf("under the unlimited run's peak: %v", err)
	}
}

// TestSortGivesBackAsRead checks that a sort of rows already in order
// gives back its collected batches one by one as its result is read.
func TestSortGivesBackAsRead(t *testing.T) {
	bs := make([]*Batch, 20)
	for k := range bs {
		v := &Vec{T: intCol, I: make([]int64, sortChunk)}
		for i := range v.I {
			v.I[i] = int64(k*sortChunk + i)
		}
		bs[k] = &Batch{N: sortChunk, Cols: []*Vec{v}}
	}
	ctx, acct := budgetCtx(0)
	spec, _ := newSort([]ColType{intCol}, sql.SortFields{{Column: expression.NewGetField(0, types.Int64, "a", false), Order: sql.Ascending}}, -1)
	local := spec.Local()
	for _, b := range bs {
		if err := local.Consume(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	src, err := spec.Finish(ctx, []LocalSink{local})
	if err != nil {
		t.Fatal(err)
	}
	last := acct.Used()
	err = src.Run(ctx, 0, func(*Batch) error {
		if u := acct.Used(); u > last {
			t.Fatalf("the charge grew from %d to %d while the result was read", last, u)
		} else {
			last = u
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if perm := int64(4 * 20 * sortChunk); last > perm+int64(sortChunk)*8 {
		t.Errorf("%d bytes charged as the last batch was read: the input was not given back", last)
	}
	if err := src.Run(ctx, 0, func(*Batch) error { return nil }); !errors.Is(err, errSortReread) {
		t.Errorf("a second read: %v", err)
	}
}
