package exec

import (
	"cmp"
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
	if out.Absent {
		*out = Vec{}
	}
	if m, ok := comboKeys(f, o.slot, vs, b.N, out); ok {
		return out, o.coded(ctx, f, vs, b.N, out, m)
	}
	out.reset(o.t, b.N)
	for i := range b.N {
		s, ok, err := o.row(ctx, f, vs, i)
		if err != nil {
			return nil, err
		}
		if !ok {
			out.setNull(i, b.N)
			continue
		}
		out.S[i] = s
	}
	return out, nil
}

// coded writes out as codes into m's texts (comboKeys set the codes),
// building each combination's text at its first row.
func (o *concatWSOp) coded(ctx *sql.Context, f *Frame, vs []*Vec, n int, out *Vec, m *comboMemo) error {
	out.T, out.S, out.Dict, out.Nulls = o.t, out.S[:0], m.texts, nil
	for i, key := range out.Codes[:n] {
		if m.state[key] == 0 {
			s, ok, err := o.row(ctx, f, vs, i)
			if err != nil {
				return err
			}
			m.texts[key], m.state[key] = s, 1
			if !ok {
				m.state[key] = 2
			}
		}
		if m.state[key] == 2 {
			out.setNull(i, n)
		}
	}
	return nil
}

// row is row i's CONCAT_WS; ok is false (NULL, warning 1301) past
// max_allowed_packet.
func (o *concatWSOp) row(ctx *sql.Context, f *Frame, vs []*Vec, i int) (string, bool, error) {
	need, parts := 0, 0
	for _, v := range vs {
		if !v.IsNull(i) {
			need += concatLen(v, i)
			parts++
		}
	}
	need += len(o.sep) * max(parts-1, 0)
	fits, release, err := mysqlfn.AdmitResult(ctx, "concat_ws", int64(need))
	if !fits || err != nil {
		return "", false, err
	}
	defer release()
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
	return f.str(buf), true, nil
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
	dict     dictMapper
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
	return &replaceOp{arg: arg, from: fs, to: ts, t: t, slot: c.slot(), dict: c.dictMapper()}, true, nil
}

func (o *replaceOp) Type() ColType { return o.t }

func (o *replaceOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	var failed error
	if o.dict.mapCoded(f, a, b.N, out, o.t, func(s string) (string, bool) {
		r, ok, err := o.apply(ctx, f, s)
		failed = cmp.Or(failed, err)
		return r, ok
	}) {
		return out, failed
	}
	out.reset(o.t, b.N)
	for i := range b.N {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		s, ok, err := o.apply(ctx, f, a.Str(i))
		if err != nil {
			return nil, err
		}
		if !ok {
			out.setNull(i, b.N)
			continue
		}
		out.S[i] = s
	}
	return out, nil
}

// apply is REPLACE of s; ok is false (NULL, warning 1301) past
// max_allowed_packet.
func (o *replaceOp) apply(ctx *sql.Context, f *Frame, s string) (string, bool, error) {
	k := 0
	if o.from != "" {
		k = strings.Count(s, o.from)
	}
	if k == 0 {
		return s, true, nil
	}
	need := len(s) + k*(len(o.to)-len(o.from))
	fits, release, err := mysqlfn.AdmitResult(ctx, "replace", int64(need))
	if !fits || err != nil {
		return "", false, err
	}
	defer release()
	buf := f.appendStr(need)
	for {
		j := strings.Index(s, o.from)
		if j < 0 {
			break
		}
		buf = append(append(buf, s[:j]...), o.to...)
		s = s[j+len(o.from):]
	}
	return f.str(append(buf, s...)), true, nil
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
	dict dictMapper
	ints int // the frame slot caching texts by integer (intMemo)
}

// intMemoSize is the size of padOp's direct-mapped cache of integers'
// texts (a power of two): LPAD(quantity, 3, '0') meets few integers.
const intMemoSize = 1 << 10

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
	op := &padOp{arg: arg, n: n, left: left, t: t, off: make([]int, n+1), dict: c.dictMapper(), ints: c.slot()}
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
	if o.dict.mapCoded(f, a, b.N, out, o.t, func(s string) (string, bool) { return o.apply(f, s, true) }) {
		return out, nil
	}
	out.reset(o.t, b.N)
	var scratch [20]byte
	var memo *Vec
	if a.T.Phys != PStr {
		memo = intMemo(f, o.ints)
	}
	for i := range b.N {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		h := 0
		if memo != nil {
			h = int(a.I[i] & (intMemoSize - 1))
			if memo.I[h] == a.I[i] && !memo.Nulls[h] {
				out.S[i] = memo.S[h] // only texts are kept: a NULL is computed again
				continue
			}
		}
		s, ok := o.apply(f, textAt(a, i, scratch[:]), a.T.Phys == PStr)
		if memo != nil && ok {
			memo.I[h], memo.S[h], memo.Nulls[h] = a.I[i], s, false
		}
		if !ok {
			out.setNull(i, b.N)
			continue
		}
		out.S[i] = s
	}
	return out, nil
}

// apply is the pad of s; ok is false (NULL) when a fill is needed and
// the pad is empty. A cut s is a prefix of s when stable, else copied
// to the arena (s is then scratch).
func (o *padOp) apply(f *Frame, s string, stable bool) (string, bool) {
	have := int64(utf8.RuneCountInString(s))
	if have >= o.n {
		s = s[:runeOffset(s, o.n)]
		if stable {
			return s, true
		}
		return f.str(append(f.appendStr(len(s)), s...)), true
	}
	if o.fill == "" {
		return "", false
	}
	fill := o.fill[:o.off[o.n-have]]
	buf := f.appendStr(len(fill) + len(s))
	if o.left {
		buf = append(append(buf, fill...), s...)
	} else {
		buf = append(append(buf, s...), fill...)
	}
	return f.str(buf), true
}

// intMemo is the frame's cache of texts by integer at slot; Nulls
// marks the entries not yet filled.
func intMemo(f *Frame, slot int) *Vec {
	m := &f.tmp[slot]
	if len(m.S) != intMemoSize {
		m.I, m.S, m.Nulls = make([]int64, intMemoSize), make([]string, intMemoSize), make([]bool, intMemoSize)
		for h := range m.Nulls {
			m.Nulls[h] = true
		}
	}
	return m
}
