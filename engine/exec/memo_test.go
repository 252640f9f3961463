package exec

import (
	"fmt"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestRepeatsComputedOncePerBatch: a subexpression a projection and a
// filter repeat compiles to one memo, and each batch refilled in place
// (as a scan refills its batch) gets its own values, not the last
// batch's.
func TestRepeatsComputedOncePerBatch(t *testing.T) {
	ctx := sql.NewEmptyContext()
	ts, all, rows := kernelInput(t)
	at := expression.NewGetField(0, types.Datetime, "at", true)
	n := expression.NewGetField(2, types.Int64, "n", true)
	dow := func() sql.Expression { return function.NewDayOfWeek(at) }
	eq := func(k int64) sql.Expression {
		return expression.NewEquals(dow(), expression.NewLiteral(k, types.Int64))
	}
	exprs := []sql.Expression{
		eq(2), eq(3),
		expression.NewPlus(dow(), n),
		expression.NewCase(nil, []expression.CaseBranch{{Cond: eq(7), Value: expression.NewLiteral(int64(1), types.Int64)}}, expression.NewLiteral(int64(0), types.Int64)),
	}
	ps, err := newProject(ts, exprs)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.ec.memos) == 0 {
		t.Fatal("DAYOFWEEK(at), repeated four times, is not shared")
	}
	cond := expression.NewOr(eq(1), expression.NewOr(eq(7), expression.NewAnd(eq(6), expression.NewGreaterThan(n, expression.NewLiteral(int64(0), types.Int64)))))
	fs, err := newFilter(ts, cond)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs.ec.memos) == 0 {
		t.Fatal("DAYOFWEEK(at), repeated three times in a condition, is not shared")
	}
	pop, fop := ps.New(), fs.New()
	const size = 64
	b := &Batch{Cols: newVecs(len(ts))}
	for lo := 0; lo < len(rows); lo += size {
		hi := min(lo+size, len(rows))
		refill(b, all, lo, hi)
		err := pop.Push(ctx, b, func(out *Batch) error {
			for i := range out.N {
				for j, e := range exprs {
					want, err := e.Eval(ctx, rows[lo+i])
					if err != nil {
						return err
					}
					if b, ok := want.(bool); ok { // a condition's vector holds 1 and 0
						want = map[bool]int64{true: 1, false: 0}[b]
					}
					if g, w := fmt.Sprint(out.Cols[j].Value(i)), fmt.Sprint(want); g != w {
						return fmt.Errorf("%s, row %d: got %s, want %s", e, lo+i, g, w)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var want []int
		for i := lo; i < hi; i++ {
			if v, err := cond.Eval(ctx, rows[i]); err == nil && v == true {
				want = append(want, i)
			}
		}
		err = fop.Push(ctx, b, func(out *Batch) error {
			if out.N != len(want) {
				return fmt.Errorf("rows %d–%d: %d kept, want %d", lo, hi, out.N, len(want))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// refill sets b, in place, to rows lo–hi of all.
func refill(b, all *Batch, lo, hi int) {
	for c, v := range all.Cols {
		w := b.Cols[c]
		w.reset(v.T, hi-lo)
		copy(w.I, v.I[lo:hi])
		if v.Nulls != nil {
			w.Nulls = append(w.Nulls[:0], v.Nulls[lo:hi]...)
		}
	}
	b.N = hi - lo
}
