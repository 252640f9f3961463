package mysqlfn

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/go-mysql-server/sql/variables"
)

// rxFnArgs are the integer arguments tried: pos, occurrence and, for
// REGEXP_INSTR, return_option (REGEXP_REPLACE: pos, occurrence).
var rxFnArgs = [...][][]int64{
	{{1, 1, 0}, {1, 2, 1}, {3, 1, 1}},
	{{1, 1}, {1, 2}, {3, 1}},
	{{1, 0}, {1, 2}, {3, 0}},
}

// rxFnPatterns bounds the patterns TestRegexpFnsMatchICU tries: each
// costs GMS's three functions a WebAssembly ICU matcher per argument set.
var rxFnPatterns = 10

// TestRegexpFnsMatchICU compares REGEXP_INSTR, REGEXP_SUBSTR and
// REGEXP_REPLACE on Go's regexp with GMS's (ICU) over the translator's
// patterns and texts (those within the BMP: ICU counts UTF-16 units),
// case-sensitive and not, at several positions and occurrences.
func TestRegexpFnsMatchICU(t *testing.T) {
	if testing.Short() {
		t.Skip("ICU in WebAssembly: slow")
	}
	variables.InitSystemVariables() // GMS's matcher reads regexp_buffer_size
	ctx := sql.NewEmptyContext()
	// The patterns Go's regexp takes (ICU's own answers for the others
	// are GMS's, unchanged), and two it does not.
	patterns := []string{`(a`, `a*`}
	for _, c := range regexpCases {
		if tr, ok := TranslateRegexp(c.pattern, RegexpFlags{}); ok && c.ok && !strings.Contains(c.pattern, "$") && !regexp.MustCompile(tr).MatchString("") {
			patterns = append(patterns, c.pattern)
		}
	}
	for _, p := range regexpPatterns {
		if tr, ok := TranslateRegexp(p, RegexpFlags{}); ok && !strings.Contains(p, "$") && !regexp.MustCompile(tr).MatchString("") {
			patterns = append(patterns, p)
		}
	}
	if len(patterns) > rxFnPatterns { // spread over the list: literals, classes, letters
		step := len(patterns) / rxFnPatterns
		for i := range rxFnPatterns {
			patterns[i] = patterns[i*step]
		}
		patterns = patterns[:rxFnPatterns]
	}
	var texts []string
	for i, s := range regexpTexts {
		if bmp(s) && i%5 == 0 {
			texts = append(texts, s)
		}
	}
	texts = append(texts, "aaa abc aabc", "ß straße", "xyzzy", "b a b a b a", "ééé", "joe@gmail.com, ann@yahoo.com")
	text := expression.NewGetField(0, types.LongText, "s", true)
	compared, fast := 0, 0
	for _, p := range patterns {
		for _, mt := range []string{"c", "i"} {
			for kind := rxInstr; kind <= rxReplace; kind++ {
				for _, ia := range rxFnArgs[kind] {
					args := []sql.Expression{text, lit(p)}
					if kind == rxReplace {
						args = append(args, lit("<>"))
					}
					for _, n := range ia {
						args = append(args, expression.NewLiteral(n, types.Int64))
					}
					args = append(args, lit(mt))
					c, f := compareRegexpFn(t, ctx, kind, args, texts)
					compared, fast = compared+c, fast+f
				}
			}
		}
	}
	t.Logf("%d patterns, %d answers compared, %d on Go's regexp", len(patterns), compared, fast)
	if fast < compared/3 {
		t.Errorf("only %d of %d answers on Go's regexp", fast, compared)
	}
}

func compareRegexpFn(t *testing.T, ctx *sql.Context, kind regexpKind, args []sql.Expression, texts []string) (compared, fast int) {
	t.Helper()
	e, err := newRegexpFn(kind)(args...)
	if err != nil {
		t.Fatal(err)
	}
	ours := e.(*RegexpFn)
	defer ours.Dispose()
	gms, err := rxGMS[kind](args...)
	if err != nil {
		t.Fatal(err)
	}
	defer sql.Dispose(gms)
	for _, s := range texts {
		row := sql.Row{s}
		want, werr := gms.Eval(ctx, row)
		got, gerr := ours.Eval(ctx, row)
		if (werr != nil) != (gerr != nil) || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s on %q: %v (%v), ICU %v (%v)", ours, s, got, gerr, want, werr)
		}
		compared++
		if ours.re != nil {
			fast++
		}
	}
	return compared, fast
}

func lit(s string) sql.Expression { return expression.NewLiteral(s, types.LongText) }

func bmp(s string) bool {
	for _, r := range s {
		if r > 0xffff {
			return false
		}
	}
	return true
}

// TestRegexpFnCharacters: positions are characters, past U+FFFF too
// (hand-worked; GMS's ICU counts UTF-16 units there).
func TestRegexpFnCharacters(t *testing.T) {
	ctx := sql.NewEmptyContext()
	for _, c := range []struct {
		kind regexpKind
		args []any
		want string
	}{
		{rxInstr, []any{"😀ab😀ab", "ab", int64(3)}, "5"},
		{rxInstr, []any{"😀ab😀ab", "ab", int64(1), int64(2), int64(1)}, "7"},
		{rxSubstr, []any{"é😀abc", "[a-c]+", int64(2)}, "abc"},
		{rxReplace, []any{"😀ab😀ab", "ab", "X", int64(3)}, "😀ab😀X"},
		{rxReplace, []any{"a-b-c", "-", "+", int64(1), int64(2)}, "a-b+c"},
		{rxReplace, []any{"a-b-c", "-", "+"}, "a+b+c"},
		{rxSubstr, []any{"abc", "x"}, "<nil>"},
		{rxInstr, []any{"abc", "b", nil}, "<nil>"},
	} {
		var args []sql.Expression
		for _, a := range c.args {
			switch v := a.(type) {
			case string:
				args = append(args, lit(v))
			case nil:
				args = append(args, expression.NewLiteral(nil, types.Null))
			default:
				args = append(args, expression.NewLiteral(v, types.Int64))
			}
		}
		e, err := newRegexpFn(c.kind)(args...)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.Eval(ctx, nil)
		if err != nil || fmt.Sprint(got) != c.want {
			t.Errorf("%s = %v (%v), want %s", e, got, err, c.want)
		}
		sql.Dispose(e)
	}
}
