package exec

import (
	"fmt"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/go-mysql-server/sql/variables"
	"github.com/dolthub/vitess/go/sqltypes"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// TestRegexpKernelMatchesICU compares the REGEXP kernel, over plain and
// dictionary-coded strings of a case-insensitive and a binary
// collation, with GMS's ICU matcher row by row (told the collation's
// case sensitivity by match_type), and checks that a pattern Go's
// regexp cannot match as ICU does is no kernel.
func TestRegexpKernelMatchesICU(t *testing.T) {
	if testing.Short() {
		t.Skip("ICU in WebAssembly: a millisecond a row")
	}
	texts := []any{"joe@gmail.com", "JOE@GMAIL.COM", "ann@yahoo.com\n", "x@yahoo.com.au", nil, "", "web", "w1-APP", "w2-app\r\n",
		"Straße", "K", "\u212a", "١٢٣", "a\u2028", "a\nb", "é", "É", "x@yahoo.com\r"}
	variables.InitSystemVariables() // GMS's matcher reads regexp_buffer_size
	ctx := sql.NewEmptyContext()
	for _, coll := range []sql.CollationID{sql.Collation_utf8mb4_0900_ai_ci, sql.Collation_utf8mb4_0900_bin} {
		st := types.MustCreateString(sqltypes.VarChar, 100, coll)
		ts := []ColType{{Phys: PStr, SQL: st}}
		rows := make([]sql.Row, len(texts))
		plain := &Batch{N: len(texts), Cols: newVecs(1)}
		plain.Cols[0].reset(ts[0], len(texts))
		coded := &Batch{N: len(texts), Cols: []*Vec{{T: ts[0], Codes: make([]uint32, len(texts)), Dict: []string{}}}}
		for i, s := range texts {
			rows[i] = sql.Row{s}
			if err := plain.Cols[0].Set(ctx, i, len(texts), s); err != nil {
				t.Fatal(err)
			}
			if s == nil {
				coded.Cols[0].setNull(i, len(texts))
				continue
			}
			coded.Cols[0].Codes[i] = uint32(len(coded.Cols[0].Dict))
			coded.Cols[0].Dict = append(coded.Cols[0].Dict, s.(string))
		}
		text := expression.NewGetField(0, st, "s", true)
		lit := func(s string) sql.Expression { return expression.NewLiteral(s, types.LongText) }
		cs := "c"
		if coll == sql.Collation_utf8mb4_0900_ai_ci {
			cs = "i"
		}
		for _, p := range []struct{ pattern, flags string }{
			{`@(gmail|yahoo)\.com$`, ""}, {`^(web|app)$`, ""}, {`-(web|app)$`, ""}, {`^\d+$`, ""}, {`^.$`, ""}, {`^\S+$`, ""}, {`\s`, ""},
			{`k`, ""}, {`a.b`, "u"}, {`a$`, "u"}, {`COM`, "c"}, {`com`, "i"}, {`^.+$`, "cu"},
		} {
			args := []sql.Expression{text, lit(p.pattern)}
			icuFlags := cs + p.flags
			if p.flags != "" {
				args = append(args, lit(p.flags))
			}
			ours := must(mysqlfn.NewRegexpLike(args...))
			icu := must(function.NewRegexpLike(text, lit(p.pattern), lit(icuFlags)))
			c := &exprCompiler{in: ts}
			x, native, err := c.native(ours)
			if err != nil || !native {
				t.Fatalf("%s: no kernel (%v)", ours, err)
			}
			if _, ok := x.(*regexpOp); !ok {
				t.Fatalf("%s: compiled to %T", ours, x)
			}
			fr := c.NewFrame()
			for _, b := range []*Batch{plain, coded, coded} { // the coded batch twice: answers from the memo
				v, err := x.Vec(ctx, b, fr)
				if err != nil {
					t.Fatal(err)
				}
				for i, r := range rows {
					want, err := icu.Eval(ctx, r)
					if err != nil {
						t.Fatal(err)
					}
					row, err := ours.Eval(ctx, r)
					if err != nil {
						t.Fatal(err)
					}
					if g, w, e := fmt.Sprint(v.Value(i)), fmt.Sprint(want), fmt.Sprint(row); g != w || e != w {
						t.Errorf("%s (%s) on %q: kernel %s, row %s, ICU %s", ours, coll, texts[i], g, e, w)
					}
				}
			}
			sql.Dispose(icu)
		}
		// Not Go's: backreferences, lookahead, \w, a pattern from a column.
		for _, p := range []sql.Expression{lit(`(a)\1`), lit(`a(?=b)`), lit(`\w+`), text} {
			e := must(mysqlfn.NewRegexpLike(text, p))
			c := &exprCompiler{in: ts}
			if x, native, _ := c.native(e); native {
				t.Errorf("%s: compiled to a kernel %T", e, x)
			}
		}
	}
}

// TestRegexpKernelAllocs: the kernel matches the batch's strings in
// place, with no allocation per row once its frame is warm.
func TestRegexpKernelAllocs(t *testing.T) {
	st := types.MustCreateString(sqltypes.VarChar, 100, sql.Collation_utf8mb4_0900_ai_ci)
	ts := []ColType{{Phys: PStr, SQL: st}}
	const n = 1024
	b := &Batch{N: n, Cols: newVecs(1)}
	b.Cols[0].reset(ts[0], n)
	for i := range n {
		b.Cols[0].S[i] = fmt.Sprintf("user%d@%s", i, []string{"gmail.com", "yahoo.com", "web.de"}[i%3])
	}
	e := must(mysqlfn.NewRegexpLike(expression.NewGetField(0, st, "s", true), expression.NewLiteral(`@(gmail|yahoo)\.com$`, types.LongText)))
	c := &exprCompiler{in: ts}
	x, native, err := c.native(e)
	if err != nil || !native {
		t.Fatalf("no kernel (%v)", err)
	}
	ctx, fr := sql.NewEmptyContext(), c.NewFrame()
	if _, err := x.Vec(ctx, b, fr); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(20, func() { _, _ = x.Vec(ctx, b, fr) }); a > 1 {
		t.Errorf("%.0f allocations per batch of %d rows", a, n)
	}
}
