package exec

import (
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// minMaxOp is GREATEST or LEAST (mysqlfn's): NULL when any argument
// is. Integers and DECIMALs compare exactly, as scaled integers at the
// result's scale (MySQL's type: mysqlfn.ExactMinMaxType); numbers with
// a DOUBLE among them compare as DOUBLEs; strings of a binary collation
// byte by byte (GMS's comparison, MySQL's under such a collation).
// Other mixes (strings beside numbers, dates) are left to GMS.
type minMaxOp struct {
	args  []Expr
	mult  []int64 // by argument: the factor to the result's scale
	least bool
	t     ColType
	slot  int
}

func (c *exprCompiler) minMax(e sql.Expression) (Expr, bool, error) {
	args, least, _, ok := mysqlfn.MinMaxArgs(e)
	if !ok {
		return nil, false, nil
	}
	t, ok := TypeOf(e.Type())
	if !ok {
		return nil, false, nil
	}
	op := &minMaxOp{least: least, t: t}
	for _, a := range args {
		x, err := c.compile(a)
		if err != nil {
			return nil, false, err
		}
		xt, m := x.Type(), int64(1)
		switch {
		case t.Phys == PDec && (xt.Phys == PDec || xt.Phys == PInt) && xt.Scale <= t.Scale:
			m = pow10(t.Scale - xt.Scale)
		case t.Phys == PInt && xt.Phys == PInt, t.Phys == PUint && xt.Phys == PUint:
		case t.Phys == PFloat && numericPhys(xt.Phys):
		case t.Phys == PStr && xt.Phys == PStr && binaryCollation(xt.SQL) && binaryCollation(t.SQL):
		default:
			return nil, false, nil
		}
		op.args = append(op.args, x)
		op.mult = append(op.mult, m)
	}
	op.slot = c.slot()
	return op, true, nil
}

func (o *minMaxOp) Type() ColType { return o.t }

func (o *minMaxOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	var inline [8]*Vec
	vs, err := vecsOf(ctx, b, f, o.args, inline[:0])
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := range b.N {
		null := false
		for _, v := range vs {
			null = null || v.IsNull(i)
		}
		if null {
			out.setNull(i, b.N)
			continue
		}
		switch o.t.Phys {
		case PFloat:
			out.F[i] = o.pickFloat(vs, i)
		case PStr:
			out.S[i] = o.pickStr(vs, i)
		case PUint:
			out.I[i] = o.pickUint(vs, i)
		default:
			out.I[i] = o.pickInt(vs, i)
		}
	}
	return out, nil
}

func (o *minMaxOp) pickInt(vs []*Vec, i int) int64 {
	best := vs[0].I[i] * o.mult[0]
	for k, v := range vs[1:] {
		x := v.I[i] * o.mult[k+1]
		if (o.least && x < best) || (!o.least && x > best) {
			best = x
		}
	}
	return best
}

func (o *minMaxOp) pickUint(vs []*Vec, i int) int64 {
	best := uint64(vs[0].I[i])
	for _, v := range vs[1:] {
		x := uint64(v.I[i])
		if (o.least && x < best) || (!o.least && x > best) {
			best = x
		}
	}
	return int64(best)
}

func (o *minMaxOp) pickFloat(vs []*Vec, i int) float64 {
	best := floatAt(vs[0], i)
	for _, v := range vs[1:] {
		x := floatAt(v, i)
		if (o.least && x < best) || (!o.least && x > best) {
			best = x
		}
	}
	return best
}

func (o *minMaxOp) pickStr(vs []*Vec, i int) string {
	best := vs[0].Str(i)
	for _, v := range vs[1:] {
		x := v.Str(i)
		if (o.least && x < best) || (!o.least && x > best) {
			best = x
		}
	}
	return best
}
