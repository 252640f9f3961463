package exec

import (
	"strings"
	"unicode/utf8"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
)

// strMapOp is a string function of one string operand and constant
// arguments — TRIM([BOTH | LEADING | TRAILING] [remstr] FROM s), LTRIM,
// RTRIM, LEFT(s, n), RIGHT(s, n) — computed once per dictionary entry
// of a coded operand, once per row otherwise. Each is a substring of
// its operand: nothing is allocated per row. (REPLACE is strbuild.go's.)
type strMapOp struct {
	arg  Expr
	fn   func(f *Frame, s string) string
	t    ColType
	slot int
	dm   dictMapper
}

// strMap compiles the functions strMapOp serves; ok is false for other
// expressions and for arguments that are not literals.
func (c *exprCompiler) strMap(e sql.Expression) (Expr, bool, error) {
	var fn func(f *Frame, s string) string
	ch := e.Children()
	switch x := e.(type) {
	case *function.Trim:
		pat, ok := constStr(ch[1])
		if !ok {
			return nil, false, nil
		}
		lead, trail := true, true
		switch text := x.String(); {
		case strings.HasPrefix(text, "trim(leading "):
			trail = false
		case strings.HasPrefix(text, "trim(trailing "):
			lead = false
		}
		fn = func(_ *Frame, s string) string { return trimRepeats(s, pat, lead, trail) }
	case *function.LeftTrim:
		fn = func(_ *Frame, s string) string { return strings.TrimLeft(s, " ") }
	case *function.RightTrim:
		fn = func(_ *Frame, s string) string { return strings.TrimRight(s, " ") }
	case function.Left, *function.Left, function.Right, *function.Right:
		n, ok := constInt(ch[1])
		if !ok {
			return nil, false, nil
		}
		_, right := x.(function.Right)
		if _, p := x.(*function.Right); p {
			right = true
		}
		fn = func(_ *Frame, s string) string { return leftRight(s, n, right) }
	default:
		return nil, false, nil
	}
	arg, ok, err := c.strArg(ch[0])
	if !ok || err != nil {
		return nil, false, err
	}
	t, ok := TypeOf(e.Type())
	if !ok || t.Phys != PStr {
		return nil, false, nil
	}
	return &strMapOp{arg: arg, fn: fn, t: t, slot: c.slot(), dm: c.dictMapper()}, true, nil
}

func (o *strMapOp) Type() ColType { return o.t }

func (o *strMapOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	if o.dm.mapCoded(f, a, b.N, out, o.t, func(s string) (string, bool) { return o.fn(f, s), true }) {
		return out, nil
	}
	out.reset(o.t, b.N)
	for i := range b.N {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		out.S[i] = o.fn(f, a.Str(i))
	}
	return out, nil
}

// trimRepeats removes repeated occurrences of pat from s's start (lead)
// and end (trail), as MySQL's TRIM does; an empty pat removes nothing.
func trimRepeats(s, pat string, lead, trail bool) string {
	if pat == "" {
		return s
	}
	if lead {
		for strings.HasPrefix(s, pat) {
			s = s[len(pat):]
		}
	}
	if trail {
		for strings.HasSuffix(s, pat) {
			s = s[:len(s)-len(pat)]
		}
	}
	return s
}

// leftRight is LEFT(s, n) or RIGHT(s, n): n characters, all of s when
// it has fewer, ” for n <= 0.
func leftRight(s string, n int64, right bool) string {
	if n <= 0 {
		return ""
	}
	if int64(len(s)) <= n { // at most n bytes: at most n characters
		return s
	}
	if !right {
		i := 0
		for k := int64(0); k < n && i < len(s); k++ {
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
		}
		return s[:i]
	}
	j := len(s)
	for k := int64(0); k < n && j > 0; k++ {
		_, w := utf8.DecodeLastRuneInString(s[:j])
		j -= w
	}
	return s[j:]
}
