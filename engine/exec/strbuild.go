package exec

import (
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// String kernels that build text from constants beside one or more
// arguments: CONCAT_WS with a literal separator, REPLACE with literal
// from and to, LPAD and RPAD with a constant length and pad. Each is
// mysqlfn's function (MySQL's answers, bounded by max_allowed_packet)
// computed into the frame's arena.

// strBuild compiles these kernels; ok is false for other expressions.
func (c *exprCompiler) strBuild(e sql.Expression) (Expr, bool, error) {
	if x, ok, err := c.concatWS(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.replace(e); ok || err != nil {
		return x, ok, err
	}
	return c.pad(e)
}

// textArg compiles an argument read as text: a utf8mb4 string or an
// integer (its decimal digits, as GMS converts it).
func (c *exprCompiler) textArg(e sql.Expression) (Expr, bool, error) {
	x, err := c.compile(e)
	if err != nil {
		return nil, false, err
	}
	switch x.Type().Phys {
	case PInt, PUint:
		return x, true, nil
	case PStr:
		st, ok := x.Type().SQL.(sql.StringType)
		return x, ok && st.CharacterSet() == sql.CharacterSet_utf8mb4, nil
	}
	return nil, false, nil
}

// textAt is position i of a textArg's vector as text; an integer's
// digits are written to scratch, which the text then shares.
func textAt(v *Vec, i int, scratch []byte) string {
	var digits []byte
	switch v.T.Phys {
	case PStr:
		return v.Str(i)
	case PUint:
		digits = strconv.AppendUint(scratch[:0], uint64(v.I[i]), 10)
	default:
		digits = strconv.AppendInt(scratch[:0], v.I[i], 10)
	}
	return unsafe.String(&digits[0], len(digits))
}

// strResult is e's type when it is a string; ok false otherwise.
func strResult(e sql.Expression) (ColType, bool) {
	t, ok := TypeOf(e.Type())
	return t, ok && t.Phys == PStr
}

// concatWSOp is CONCAT_WS('sep', a, b, …): the non-NULL arguments
// joined by sep (NULL arguments are skipped, as MySQL does).
type concatWSOp struct {
	sep  string
	args []Expr
	t    ColType
	slot int
}

func (c *exprCompiler) concatWS(e sql.Expression) (Expr, bool, error) {
	args, ok := mysqlfn.ConcatWSArgs(e)
	if !ok || len(args) < 2 {
		return nil, false, nil
	}
	sep, ok := constStr(args[0])
	t, isStr := strResult(e)
	if !ok || !isStr {
		return nil, false, nil
	}
	op := &concatWSOp{sep: sep, t: t}
	for _, a := range args[1:] {
		x, ok, err := c.textArg(a)
		if !ok || err != nil {
			return nil, false, err
		}
		op.args = append(op.args, x)
	}
	op.slot = c.slot()
	return op, true, nil
}

func (o *concatWSOp) Type() ColType { return o.t }

func (o *concatWSOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	var inline [8]*Vec
	vs, err := vecsOf(ctx, b, f, o.args, inline[:0])
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := range b.N {
		need, parts := 0, 0
		for _, v := range vs {
			if !v.IsNull(i) {
				need += concatLen(v, i)
				parts++
			}
		}
		need += len(o.sep) * max(parts-1, 0)
		fits, release, err := mysqlfn.AdmitResult(ctx, "concat_ws", int64(need))
		if err != nil {
			return nil, err
		}
		if !fits {
			out.setNull(i, b.N)
			continue
		}
		buf, first := f.appendStr(need), true
		for _, v := range vs {
			if v.IsNull(i) {
				continue
			}
			if !first {
				buf = append(buf, o.sep...)
			}
			first = false
			switch v.T.Phys {
			case PStr:
				buf = append(buf, v.Str(i)...)
			case PUint:
				buf = strconv.AppendUint(buf, uint64(v.I[i]), 10)
			default:
				buf = strconv.AppendInt(buf, v.I[i], 10)
			}
		}
		out.S[i] = f.str(buf)
		release()
	}
	return out, nil
}

// replaceOp is REPLACE(s, 'from', 'to'): every occurrence of from, left
// to right and not overlapping, replaced byte for byte (MySQL's REPLACE
// is case-sensitive under any collation); s itself when from is empty
// or absent.
type replaceOp struct {
	arg      Expr
	from, to string
	t        ColType
	slot     int
}

func (c *exprCompiler) replace(e sql.Expression) (Expr, bool, error) {
	s, from, to, ok := mysqlfn.ReplaceArgs(e)
	if !ok {
		return nil, false, nil
	}
	fs, ok1 := constStr(from)
	ts, ok2 := constStr(to)
	t, ok3 := strResult(e)
	if !ok1 || !ok2 || !ok3 {
		return nil, false, nil
	}
	arg, ok, err := c.strArg(s)
	if !ok || err != nil {
		return nil, false, err
	}
	return &replaceOp{arg: arg, from: fs, to: ts, t: t, slot: c.slot()}, true, nil
}

func (o *replaceOp) Type() ColType { return o.t }

func (o *replaceOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := range b.N {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		s := a.Str(i)
		k := 0
		if o.from != "" {
			k = strings.Count(s, o.from)
		}
		if k == 0 {
			out.S[i] = s
			continue
		}
		need := len(s) + k*(len(o.to)-len(o.from))
		fits, release, err := mysqlfn.AdmitResult(ctx, "replace", int64(need))
		if err != nil {
			return nil, err
		}
		if !fits {
			out.setNull(i, b.N)
			continue
		}
		buf := f.appendStr(need)
		for {
			j := strings.Index(s, o.from)
			if j < 0 {
				break
			}
			buf = append(append(buf, s[:j]...), o.to...)
			s = s[j+len(o.from):]
		}
		out.S[i] = f.str(append(buf, s...))
		release()
	}
	return out, nil
}

// padOp is LPAD or RPAD(s, n, 'pad') with a constant n: s cut to its
// first n characters, or filled with the first n - len(s) characters of
// pad repeated (mysqlfn.Pad); NULL when a fill is needed and pad is
// empty.
type padOp struct {
	arg  Expr
	n    int64
	fill string // the first n characters of pad repeated
	off  []int  // off[k]: the byte length of fill's first k characters
	left bool
	t    ColType
	slot int
}

// maxPadLen bounds the constant lengths compiled: 4 bytes a character,
// the result stays within max_allowed_packet's least value.
const maxPadLen = 256

func (c *exprCompiler) pad(e sql.Expression) (Expr, bool, error) {
	args, left, ok := mysqlfn.PadArgs(e)
	if !ok || len(args) != 3 {
		return nil, false, nil
	}
	n, ok1 := constInt(args[1])
	p, ok2 := constStr(args[2])
	t, ok3 := strResult(e)
	if !ok1 || !ok2 || !ok3 || n < 0 || n > maxPadLen {
		return nil, false, nil
	}
	arg, ok, err := c.textArg(args[0])
	if !ok || err != nil {
		return nil, false, err
	}
	op := &padOp{arg: arg, n: n, left: left, t: t, off: make([]int, n+1)}
	if p != "" {
		fill := strings.Repeat(p, int(n)/max(utf8.RuneCountInString(p), 1)+1)
		k := 0
		for j := range fill {
			if k > int(n) {
				break
			}
			op.off[k] = j
			k++
		}
		if k <= int(n) {
			op.off[k] = len(fill)
		}
		op.fill = fill[:op.off[n]]
	}
	op.slot = c.slot()
	return op, true, nil
}

func (o *padOp) Type() ColType { return o.t }

func (o *padOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	var scratch [20]byte
	for i := range b.N {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		s := textAt(a, i, scratch[:])
		have := int64(utf8.RuneCountInString(s))
		if have >= o.n {
			s = s[:runeOffset(s, o.n)]
			if a.T.Phys == PStr {
				out.S[i] = s // a prefix of its input
				continue
			}
			out.S[i] = f.str(append(f.appendStr(len(s)), s...))
			continue
		}
		if o.fill == "" {
			out.setNull(i, b.N)
			continue
		}
		fill := o.fill[:o.off[o.n-have]]
		buf := f.appendStr(len(fill) + len(s))
		if o.left {
			buf = append(append(buf, fill...), s...)
		} else {
			buf = append(append(buf, s...), fill...)
		}
		out.S[i] = f.str(buf)
	}
	return out, nil
}
