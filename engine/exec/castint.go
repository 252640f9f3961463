package exec

import (
	"strconv"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// castIntOp is CAST(x AS SIGNED) and CAST(x AS UNSIGNED) of an integer,
// a DECIMAL or a DOUBLE (WITH ROLLUP's keys are such casts): an integer
// keeps its 64 bits (MySQL reinterprets them: CAST(-1 AS UNSIGNED) is
// 2^64-1), a DECIMAL is rounded half away from zero and a DOUBLE half to
// even, held within BIGINT, a negative one to UNSIGNED keeping its 64
// bits as MySQL 8 does (mysqlfn.IntCast, the row-by-row form).
type castIntOp struct {
	x    Expr
	t    ColType
	slot int
}

func (c *exprCompiler) castInt(e sql.Expression) (Expr, bool, error) {
	var cv *expression.Convert
	switch x := e.(type) {
	case *expression.Convert:
		cv = x
	case *mysqlfn.IntCast:
		cv = x.Convert
	default:
		return nil, false, nil
	}
	var t ColType
	switch {
	case types.IsSigned(cv.Type()) && cv.Type().Type() == types.Int64.Type():
		t = ColType{Phys: PInt, SQL: types.Int64}
	case types.IsUnsigned(cv.Type()) && cv.Type().Type() == types.Uint64.Type():
		t = ColType{Phys: PUint, SQL: types.Uint64}
	default:
		return nil, false, nil
	}
	x, err := c.compile(cv.Child)
	if IsUnsupported(err) {
		return nil, false, nil // the cast as a whole, row by row (CAST(NULL AS SIGNED))
	}
	if err != nil {
		return nil, false, err
	}
	switch x.Type().Phys {
	case PInt, PUint, PDec, PFloat:
	default:
		return nil, false, nil // a string's prefix is mysqlfn.IntCast's, row by row
	}
	return &castIntOp{x: x, t: t, slot: c.slot()}, true, nil
}

func (o *castIntOp) Type() ColType { return o.t }

func (o *castIntOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	v, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	switch {
	case v.T.Phys == PFloat:
		castFloatInt(out.I[:b.N], v.F[:b.N], o.t.Phys == PUint)
	case v.T.Phys != PDec || v.T.Scale == 0:
		copy(out.I[:b.N], v.I[:b.N])
	default:
		for i := range b.N {
			y, _ := roundScaled(v.I[i], v.T.Scale, 0, 0, false) // |y| < |x|: no overflow
			out.I[i] = y
		}
	}
	for i := range b.N {
		if v.IsNull(i) {
			out.setNull(i, b.N)
		}
	}
	return out, nil
}

// castFloatInt writes xs cast to BIGINT (UNSIGNED when unsigned) to dst,
// an UNSIGNED as its 64 bits.
func castFloatInt(dst []int64, xs []float64, unsigned bool) {
	for i, x := range xs {
		if unsigned && x >= 0 {
			dst[i] = int64(mysqlfn.FloatToUint(x))
		} else {
			dst[i] = mysqlfn.FloatToInt(x)
		}
	}
}

// castStrOp is CAST(x AS CHAR) of an integer (no length: a length cuts
// the text, with a warning, as GMS does): its decimal digits, written to
// the frame's arena. COUNT(DISTINCT COALESCE(CAST(customer_id AS CHAR),
// visitor_id)), a unique-visitor count, read it row by row through GMS.
type castStrOp struct {
	x    Expr
	t    ColType
	slot int
}

func (c *exprCompiler) castStr(e sql.Expression) (Expr, bool, error) {
	cv, ok := e.(*expression.Convert)
	if !ok || cv.Type() != types.LongText || !strings.HasSuffix(cv.String(), ", char)") {
		return nil, false, nil
	}
	t, ok := TypeOf(cv.Type())
	if !ok {
		return nil, false, nil
	}
	x, err := c.compile(cv.Child)
	if IsUnsupported(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if p := x.Type().Phys; p != PInt && p != PUint {
		return nil, false, nil
	}
	return &castStrOp{x: x, t: t, slot: c.slot()}, true, nil
}

func (o *castStrOp) Type() ColType { return o.t }

func (o *castStrOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	v, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := 0; i < b.N; i++ {
		if v.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		buf := f.appendStr(20)
		if v.T.Phys == PUint {
			buf = strconv.AppendUint(buf, uint64(v.I[i]), 10)
		} else {
			buf = strconv.AppendInt(buf, v.I[i], 10)
		}
		out.S[i] = f.str(buf)
	}
	return out, nil
}
