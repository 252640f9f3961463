package exec

import (
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
)

// String kernels: LIKE (% and _, binary collations), LOWER and UPPER, CONCAT, SUBSTRING
// and SUBSTRING_INDEX with constant positions, LENGTH and CHAR_LENGTH.
// Substrings share their input's memory; built strings are appended to
// the frame's arena, so no kernel allocates per row.

// arenaChunk is the size of a frame's string arena chunks.
const arenaChunk = 64 << 10

// appendStr starts a string of at most need bytes in f's arena and
// returns the buffer to append it to; str then hands it out.
func (f *Frame) appendStr(need int) []byte {
	if cap(f.arena)-len(f.arena) < need {
		// a new chunk: strings handed out of the old one stay valid
		f.arena = make([]byte, 0, max(arenaChunk, need))
	}
	return f.arena[len(f.arena):len(f.arena)]
}

// str records buf, appended to the buffer appendStr returned, as the
// arena's next string.
func (f *Frame) str(buf []byte) string {
	if len(buf) == 0 {
		return ""
	}
	f.arena = f.arena[:len(f.arena)+len(buf)]
	return unsafe.String(&buf[0], len(buf))
}

// strFunc compiles the string kernels; ok is false for other expressions.
func (c *exprCompiler) strFunc(e sql.Expression) (Expr, bool, error) {
	switch x := e.(type) {
	case *expression.Like:
		return c.like(x)
	case *function.Lower:
		return c.strUnary(e, 'l')
	case *function.Upper:
		return c.strUnary(e, 'u')
	case *function.Length:
		op := byte('b')
		if x.CountType == function.NumChars {
			op = 'c'
		}
		return c.strUnary(e, op)
	case *function.SubstringIndex:
		return c.substringIndex(x)
	case *function.Substring:
		return c.substring(x)
	case *function.Concat:
		return c.concat(x)
	case *mysqlfn.Concat:
		return c.concat(x.Inner())
	}
	return c.strMap(e)
}

// strArg compiles a string operand of a utf8mb4 or ASCII-compatible
// type; ok is false otherwise.
func (c *exprCompiler) strArg(e sql.Expression) (Expr, bool, error) {
	x, err := c.compile(e)
	if err != nil {
		return nil, false, err
	}
	if x.Type().Phys != PStr {
		return nil, false, nil
	}
	st, ok := x.Type().SQL.(sql.StringType)
	if !ok || st.CharacterSet() != sql.CharacterSet_utf8mb4 {
		return nil, false, nil
	}
	return x, true, nil
}

// strUnaryOp is LOWER, UPPER, LENGTH (bytes) or CHAR_LENGTH.
type strUnaryOp struct {
	op   byte // 'l', 'u', 'b', 'c'
	arg  Expr
	t    ColType
	slot int
}

func (c *exprCompiler) strUnary(e sql.Expression, op byte) (Expr, bool, error) {
	arg, ok, err := c.strArg(e.Children()[0])
	if !ok || err != nil {
		return nil, false, err
	}
	t, ok := TypeOf(e.Type())
	if !ok || (t.Phys == PStr) != (op == 'l' || op == 'u') || (t.Phys != PStr && t.Phys != PInt) {
		return nil, false, nil
	}
	return &strUnaryOp{op: op, arg: arg, t: t, slot: c.slot()}, true, nil
}

func (o *strUnaryOp) Type() ColType { return o.t }

func (o *strUnaryOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		s := a.Str(i)
		switch o.op {
		case 'b':
			out.I[i] = int64(len(s))
		case 'c':
			out.I[i] = int64(utf8.RuneCountInString(s))
		default:
			out.S[i] = f.changeCase(s, o.op == 'u')
		}
	}
	return out, nil
}

// changeCase is LOWER or UPPER of s: s itself when no letter changes,
// ASCII in the arena, other text by Go's Unicode mapping (utf8mb4's).
func (f *Frame) changeCase(s string, upper bool) string {
	from, to := byte('A'), byte('a')
	if upper {
		from, to = 'a', 'A'
	}
	change := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			if upper {
				return strings.ToUpper(s)
			}
			return strings.ToLower(s)
		}
		change = change || (c >= from && c <= from+25)
	}
	if !change {
		return s
	}
	buf := f.appendStr(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= from && c <= from+25 {
			c += to - from
		}
		buf = append(buf, c)
	}
	return f.str(buf)
}

// constInt is the value of an integer literal.
func constInt(e sql.Expression) (int64, bool) {
	l, ok := e.(*expression.Literal)
	if !ok || l.Value() == nil {
		return 0, false
	}
	return asInt64(l.Value())
}

// constStr is the value of a string literal.
func constStr(e sql.Expression) (string, bool) {
	l, ok := e.(*expression.Literal)
	if !ok {
		return "", false
	}
	s, ok := l.Value().(string)
	return s, ok
}

// substrOp is SUBSTRING(s, pos[, len]) in characters, or
// SUBSTRING_INDEX(s, delim, count), with constant arguments beside s.
type substrOp struct {
	arg    Expr
	index  bool // SUBSTRING_INDEX
	pos, n int64
	delim  string
	t      ColType
	slot   int
	hasLen bool
}

func (c *exprCompiler) substring(e *function.Substring) (Expr, bool, error) {
	pos, ok := constInt(e.Start)
	if !ok {
		return nil, false, nil
	}
	op := &substrOp{pos: pos}
	if e.Len != nil {
		if op.n, ok = constInt(e.Len); !ok {
			return nil, false, nil
		}
		op.hasLen = true
	}
	return c.finishSubstr(e, e.Str, op)
}

func (c *exprCompiler) substringIndex(e *function.SubstringIndex) (Expr, bool, error) {
	ch := e.Children()
	delim, ok := constStr(ch[1])
	count, ok2 := constInt(ch[2])
	if !ok || !ok2 || delim == "" {
		return nil, false, nil // an empty delimiter: GMS splits characters, MySQL answers ''
	}
	return c.finishSubstr(e, ch[0], &substrOp{index: true, delim: delim, n: count})
}

func (c *exprCompiler) finishSubstr(e, str sql.Expression, op *substrOp) (Expr, bool, error) {
	arg, ok, err := c.strArg(str)
	if !ok || err != nil {
		return nil, false, err
	}
	t, ok := TypeOf(e.Type())
	if !ok || t.Phys != PStr {
		return nil, false, nil
	}
	op.arg, op.t, op.slot = arg, t, c.slot()
	return op, true, nil
}

func (o *substrOp) Type() ColType { return o.t }

func (o *substrOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		if o.index {
			out.S[i] = substringIndex(a.Str(i), o.delim, o.n)
		} else {
			out.S[i] = o.substr(a.Str(i))
		}
	}
	return out, nil
}

// substr is GMS's SUBSTRING over characters (MySQL's): position 1 is
// the first, a negative one counts from the end, 0 or past the end is ”.
func (o *substrOp) substr(s string) string {
	runes := int64(utf8.RuneCountInString(s))
	start := o.pos - 1
	if o.pos < 0 {
		start = runes + o.pos
	}
	n := runes
	if o.hasLen {
		n = o.n
	}
	if start < 0 || start >= runes || n <= 0 {
		return ""
	}
	n = min(n, runes-start)
	if runes == int64(len(s)) { // ASCII
		return s[start : start+n]
	}
	from := runeOffset(s, start)
	return s[from : from+runeOffset(s[from:], n)]
}

// runeOffset is the byte offset of character k of s.
func runeOffset(s string, k int64) int {
	off := 0
	for ; k > 0 && off < len(s); k-- {
		_, w := utf8.DecodeRuneInString(s[off:])
		off += w
	}
	return off
}

// substringIndex is SUBSTRING_INDEX as GMS computes it: s split at the
// non-overlapping occurrences of delim from the left, the first count
// parts (count > 0) or the last -count, joined again.
func substringIndex(s, delim string, count int64) string {
	if count == 0 {
		return ""
	}
	if count > 0 {
		off := 0
		for k := int64(0); k < count; k++ {
			j := strings.Index(s[off:], delim)
			if j < 0 {
				return s
			}
			off += j + len(delim)
		}
		return s[:off-len(delim)]
	}
	parts := int64(strings.Count(s, delim)) + 1
	skip := parts + count // parts before the last -count
	if skip <= 0 {
		return s
	}
	off := 0
	for k := int64(0); k < skip; k++ {
		off += strings.Index(s[off:], delim) + len(delim)
	}
	return s[off:]
}

// concatOp is CONCAT of strings, integers and string literals.
type concatOp struct {
	args []Expr
	t    ColType
	slot int
}

func (c *exprCompiler) concat(e *function.Concat) (Expr, bool, error) {
	t, ok := TypeOf(e.Type())
	if !ok || t.Phys != PStr {
		return nil, false, nil
	}
	op := &concatOp{t: t}
	for _, ch := range e.Children() {
		x, ok, err := c.textArg(ch)
		if !ok || err != nil {
			return nil, false, err
		}
		op.args = append(op.args, x)
	}
	op.slot = c.slot()
	return op, true, nil
}

func (o *concatOp) Type() ColType { return o.t }

func (o *concatOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	var inline [8]*Vec
	vs, err := vecsOf(ctx, b, f, o.args, inline[:0])
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
rows:
	for i := 0; i < b.N; i++ {
		need := 0
		for _, v := range vs {
			if v.IsNull(i) {
				out.setNull(i, b.N)
				continue rows
			}
			need += concatLen(v, i)
		}
		fits, release, err := mysqlfn.AdmitResult(ctx, "concat", int64(need))
		if err != nil {
			return nil, err
		}
		if !fits {
			out.setNull(i, b.N)
			continue
		}
		buf := f.appendStr(need)
		for _, v := range vs {
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

// concatLen is the length of v's value at i as CONCAT writes it, exact
// so that the max_allowed_packet bound is MySQL's.
func concatLen(v *Vec, i int) int {
	var digits [20]byte
	switch v.T.Phys {
	case PStr:
		return len(v.Str(i))
	case PUint:
		return len(strconv.AppendUint(digits[:0], uint64(v.I[i]), 10))
	}
	return len(strconv.AppendInt(digits[:0], v.I[i], 10))
}

// likeOp is `s LIKE pattern` for a constant pattern of literal text and
// %: the parts between the %s are found in order, the first anchored at
// the start and the last at the end unless the pattern opens or closes
// with %. Patterns with _ or an escape are left to GMS.
type likeOp struct {
	arg      Expr
	parts    []string
	anyStart bool // the pattern starts with %
	anyEnd   bool // … ends with %
	// wild, for a pattern with _: its characters, likeAny for %,
	// likeOne for _ (matched by wildMatch, not parts).
	wild []rune
	slot int
}

const (
	likeAny rune = -1
	likeOne rune = -2
)

func (c *exprCompiler) like(e *expression.Like) (Expr, bool, error) {
	pat, ok := constStr(e.RightChild)
	if !ok || strings.ContainsRune(pat, '\\') || e.Escape != nil {
		return nil, false, nil
	}
	coll, _ := e.CollationCoercibility(sql.NewEmptyContext())
	if name := coll.Name(); !strings.HasSuffix(name, "_bin") && name != "binary" {
		return nil, false, nil // case- or accent-insensitive matching: GMS's
	}
	arg, ok, err := c.strArg(e.LeftChild)
	if !ok || err != nil {
		return nil, false, err
	}
	if !binaryCollation(arg.Type().SQL) {
		return nil, false, nil
	}
	op := &likeOp{arg: arg, anyStart: strings.HasPrefix(pat, "%"), anyEnd: strings.HasSuffix(pat, "%")}
	if strings.ContainsRune(pat, '_') {
		for _, r := range pat {
			switch r {
			case '%':
				r = likeAny
			case '_':
				r = likeOne
			}
			op.wild = append(op.wild, r)
		}
	}
	for _, p := range strings.Split(pat, "%") {
		if p != "" {
			op.parts = append(op.parts, p)
		}
	}
	op.slot = c.slot()
	return op, true, nil
}

func (o *likeOp) Type() ColType { return boolType }

func (o *likeOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(boolType, b.N)
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		out.I[i] = b2i(o.match(a.Str(i)))
	}
	return out, nil
}

func (o *likeOp) match(s string) bool {
	if o.wild != nil {
		return wildMatch(s, o.wild)
	}
	parts := o.parts
	if len(parts) == 0 {
		return o.anyStart || s == "" // '%' or ''
	}
	if !o.anyStart {
		if !strings.HasPrefix(s, parts[0]) {
			return false
		}
		if len(parts) == 1 && !o.anyEnd {
			return len(s) == len(parts[0])
		}
		s, parts = s[len(parts[0]):], parts[1:]
	}
	var last string
	if !o.anyEnd && len(parts) > 0 {
		last, parts = parts[len(parts)-1], parts[:len(parts)-1]
	}
	for _, p := range parts {
		j := strings.Index(s, p)
		if j < 0 {
			return false
		}
		s = s[j+len(p):]
	}
	return strings.HasSuffix(s, last)
}

// wildMatch matches s against a LIKE pattern with _ (one character) and
// % (any run of characters), character by character under a binary
// collation: on a mismatch it goes back to the last %, which then
// swallows one more character.
func wildMatch(s string, p []rune) bool {
	si, pi := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		r, w := utf8.DecodeRuneInString(s[si:])
		switch {
		case pi < len(p) && (p[pi] == likeOne || p[pi] == r):
			si, pi = si+w, pi+1
		case pi < len(p) && p[pi] == likeAny:
			starP, starS = pi, si
			pi++
		case starP >= 0:
			_, w0 := utf8.DecodeRuneInString(s[starS:])
			starS += w0
			si, pi = starS, starP+1
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == likeAny {
		pi++
	}
	return pi == len(p)
}
