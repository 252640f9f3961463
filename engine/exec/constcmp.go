package exec

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
)

// A comparison with a literal on one side reads only the other side's
// vector: the constant is converted once at compile time, never copied
// into a vector per batch, and a dictionary-coded string column is
// compared once per dictionary entry rather than once per row.

// constOperand returns the value of x as a one-row vector of layout t
// when x is a non-NULL literal.
func constOperand(x Expr, t ColType) (*Vec, bool) {
	lit, ok := x.(*literal)
	if !ok || lit.t.Phys != t.Phys {
		return nil, false
	}
	return constVec(lit.t, lit.v)
}

// constVec is v converted once to a one-row vector of layout t; ok is
// false for NULL or a value that does not convert.
func constVec(t ColType, v any) (*Vec, bool) {
	if v == nil {
		return nil, false
	}
	k := &Vec{}
	k.reset(t, 1)
	ctx := scratchCtx()
	defer doneCtx(ctx)
	if err := k.Set(ctx, 0, 1, v); err != nil || k.IsNull(0) {
		return nil, false
	}
	return k, true
}

// withConstant sets o up to compare against a constant when one side is
// a literal of the other's layout (swapping the sides, and the operator
// with them, when the literal is on the left).
func (o *cmpOp) withConstant(c *exprCompiler) {
	if o.mix != nil {
		o.mixedConstant(c)
		return
	}
	if o.l.Type().Phys != o.r.Type().Phys {
		return
	}
	if k, ok := constOperand(o.r, o.l.Type()); ok {
		o.k = k
	} else if k, ok := constOperand(o.l, o.r.Type()); ok {
		o.k, o.l, o.r, o.op = k, o.r, o.l, swappedCmp[o.op]
	}
	if o.k != nil {
		o.dslot = c.slot()
	}
}

// mixedConstant is withConstant for an exact comparison of two number
// layouts (amount < 50: a DECIMAL(10,2) against an integer): a literal
// of no larger scale than the other side is brought to that side's
// scale once, so rows compare as plain integers instead of being scaled
// one by one.
func (o *cmpOp) mixedConstant(c *exprCompiler) {
	if o.mix.float {
		return
	}
	m := *o.mix
	l, r, op := o.l, o.r, o.op
	if _, ok := l.(*literal); ok {
		l, r, op = r, l, swappedCmp[op]
		m.ml, m.mr = m.mr, m.ml
	}
	lit, ok := r.(*literal)
	if !ok || m.ml != 1 || l.Type().Phys == PUint { // no literal, or the other side would be scaled
		return
	}
	k, ok := constVec(lit.t, lit.v)
	if !ok || lit.t.Phys == PUint && k.I[0] < 0 { // GMS types 200 TINYINT UNSIGNED; past int64 stays mixed
		return
	}
	x, ok := scaleUp(k.I[0], m.mr)
	if !ok {
		return
	}
	o.l, o.r, o.op, o.mix = l, r, op, nil
	o.k, o.dslot = &Vec{T: l.Type(), I: []int64{x}}, c.slot()
}

// swappedCmp is the operator with its operands swapped (5 < x is x > 5).
var swappedCmp = map[byte]byte{'=': '=', '!': '!', '<': '>', 'l': 'g', '>': '<', 'g': 'l'}

// vecConst is Vec for a comparison of o.l with the constant o.k.
func (o *cmpOp) vecConst(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	l, err := o.l.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(boolType, b.N)
	n := b.N
	switch l.T.Phys {
	case PStr:
		ks := o.k.S[0]
		if !overDict(l, n, &f.tmp[o.dslot], out, func(s string) (int64, bool) {
			return b2i(holds(o.op, strings.Compare(s, ks))), false
		}) {
			for i := 0; i < n; i++ {
				out.I[i] = b2i(holds(o.op, strings.Compare(l.Str(i), ks)))
			}
		}
	case PFloat:
		kf := o.k.F[0]
		for i, x := range l.F[:n] {
			out.I[i] = b2i(holds(o.op, cmpFloat(x, kf)))
		}
	case PUint:
		ku := uint64(o.k.I[0])
		for i, x := range l.I[:n] {
			out.I[i] = b2i(holds(o.op, cmpUint(uint64(x), ku)))
		}
	default:
		cmpIntConst(o.op, l.I[:n], o.k.I[0], out.I)
	}
	nullRows(l, n, out)
	return out, nil
}

// nullRows marks NULL in out the rows of x that are NULL.
func nullRows(x *Vec, n int, out *Vec) {
	if x.Nulls == nil {
		return
	}
	for i, null := range x.Nulls[:n] {
		if null {
			out.setNull(i, n)
		}
	}
}

// cmpIntConst sets out[i] to l[i] op k.
func cmpIntConst(op byte, l []int64, k int64, out []int64) {
	switch op {
	case '=':
		for i, x := range l {
			out[i] = b2i(x == k)
		}
	case '<':
		for i, x := range l {
			out[i] = b2i(x < k)
		}
	case 'l':
		for i, x := range l {
			out[i] = b2i(x <= k)
		}
	case '>':
		for i, x := range l {
			out[i] = b2i(x > k)
		}
	case 'g':
		for i, x := range l {
			out[i] = b2i(x >= k)
		}
	default:
		for i, x := range l {
			out[i] = b2i(holds(op, cmpInt(x, k)))
		}
	}
}

// overDict evaluates fn once per dictionary entry of x (into scratch)
// and gives each row its entry's result: (value, NULL). It declines (ok
// false) when x is not dictionary-coded or its dictionary is larger than
// the batch, where once per row is cheaper. Rows where x is NULL are
// left for the caller.
func overDict(x *Vec, n int, scratch, out *Vec, fn func(string) (int64, bool)) bool {
	if x.Codes == nil || len(x.Dict) > n {
		return false
	}
	d := len(x.Dict)
	scratch.reset(boolType, d)
	for j, s := range x.Dict {
		v, null := fn(s)
		scratch.I[j] = v
		if null {
			scratch.setNull(j, d)
		}
	}
	for i, c := range x.Codes[:n] {
		if scratch.IsNull(int(c)) {
			out.setNull(i, n)
			continue
		}
		out.I[i] = scratch.I[c]
	}
	return true
}
