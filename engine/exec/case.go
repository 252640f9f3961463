package exec

import (
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// caseOp is a searched CASE (and IF) whose branch values share the
// result's layout: every condition and value is computed over the batch,
// then each row takes the value of its first true condition.
type caseOp struct {
	conds []Expr
	vals  []Expr // len(conds)+1: the last is ELSE (nil: NULL)
	t     ColType
	// mult scales each value (vals' order) to t's scale: DECIMAL
	// branches of different scales, integers among them; nil otherwise.
	mult []int64
	slot int
}

func (c *exprCompiler) caseExpr(e sql.Expression) (Expr, bool, error) {
	x, exact := e.(*mysqlfn.ExactChoice)
	if exact {
		e = x.Unwrap() // a CASE or IF over exact values: decimalCase types it as MySQL does
	}
	ce, ok := e.(*expression.Case)
	if f, isIf := e.(*function.If); isIf { // IF(c, a, b) is CASE WHEN c THEN a ELSE b END
		ch := f.Children()
		ce, ok = expression.NewCase(nil, []expression.CaseBranch{{Cond: ch[0], Value: ch[1]}}, ch[2]), true
	}
	if !ok || ce.Expr != nil {
		return nil, false, nil
	}
	if exact || types.IsDecimal(e.Type()) {
		return c.decimalCase(ce)
	}
	t, ok := TypeOf(e.Type())
	if !ok || t.Phys == PDec || t.Phys == PUint {
		return nil, false, nil
	}
	conds, ok, err := c.caseConds(ce)
	if !ok || err != nil {
		return nil, false, err
	}
	op := &caseOp{t: t, conds: conds}
	for _, b := range ce.Branches {
		v, ok, err := c.caseValue(b.Value, t)
		if !ok || err != nil {
			return nil, false, err
		}
		op.vals = append(op.vals, v)
	}
	var els Expr
	if ce.Else != nil {
		v, ok, err := c.caseValue(ce.Else, t)
		if !ok || err != nil {
			return nil, false, err
		}
		els = v
	}
	op.vals = append(op.vals, els)
	op.slot = c.slot()
	return op, true, nil
}

// caseConds compiles a CASE's conditions; ok is false for conditions
// of strings and doubles, whose truthiness is left to GMS.
func (c *exprCompiler) caseConds(ce *expression.Case) ([]Expr, bool, error) {
	conds := make([]Expr, 0, len(ce.Branches))
	for _, b := range ce.Branches {
		cond, err := c.compile(b.Cond)
		if err != nil {
			return nil, false, err
		}
		if cond.Type().Phys == PStr || cond.Type().Phys == PFloat {
			return nil, false, nil
		}
		conds = append(conds, cond)
	}
	return conds, true, nil
}

// decimalCase compiles a CASE whose values are DECIMALs and integers,
// typed as MySQL types it: the widest integer part and the largest
// scale of its values (GMS says DECIMAL(65,10) for CASE … THEN amount
// ELSE 0 END, which no scaled int64 holds). It is not compiled when that
// type is wider than DECIMAL(18).
func (c *exprCompiler) decimalCase(ce *expression.Case) (Expr, bool, error) {
	values := make([]sql.Expression, 0, len(ce.Branches)+1)
	for _, b := range ce.Branches {
		values = append(values, b.Value)
	}
	values = append(values, ce.Else)
	op := &caseOp{}
	var compiled []Expr
	var scale, intDigits int32
	for _, e := range values {
		if e == nil {
			compiled = append(compiled, nil)
			continue
		}
		if l, ok := e.(*expression.Literal); ok && l.Value() == nil {
			compiled = append(compiled, nil)
			continue
		}
		x, err := c.compile(e)
		if err != nil {
			return nil, false, err
		}
		s, digits, ok := decimalShape(x.Type(), e)
		if !ok {
			return nil, false, nil
		}
		scale, intDigits = max(scale, s), max(intDigits, digits)
		compiled = append(compiled, x)
	}
	if intDigits+scale > maxScaledPrecision {
		return nil, false, nil
	}
	op.t = ColType{Phys: PDec, Scale: scale, SQL: types.MustCreateDecimalType(uint8(max(intDigits+scale, 1)), uint8(scale))}
	for _, x := range compiled {
		m := int64(1)
		if x != nil {
			m = pow10(scale - x.Type().Scale)
		}
		op.mult = append(op.mult, m)
	}
	conds, ok, err := c.caseConds(ce)
	if !ok || err != nil {
		return nil, false, err
	}
	op.conds = conds
	op.vals = compiled
	op.slot = c.slot()
	return op, true, nil
}

// decimalShape is the scale and the integer digits of a DECIMAL or
// integer value; ok is false for other layouts.
func decimalShape(t ColType, e sql.Expression) (scale, intDigits int32, ok bool) {
	switch t.Phys {
	case PDec:
		dt := t.SQL.(sql.DecimalType)
		return t.Scale, int32(dt.Precision()) - t.Scale, true
	case PInt:
		if l, lit := e.(*expression.Literal); lit {
			return 0, int32(len(strings.TrimPrefix(fmt.Sprint(l.Value()), "-"))), true
		}
		switch t.SQL.Type() {
		case sqltypes.Int8:
			return 0, 3, true
		case sqltypes.Int16:
			return 0, 5, true
		case sqltypes.Int24:
			return 0, 8, true
		case sqltypes.Int32:
			return 0, 10, true
		}
		return 0, 19, true
	}
	return 0, 0, false
}

// caseValue compiles a branch value whose layout is the result's.
func (c *exprCompiler) caseValue(e sql.Expression, t ColType) (Expr, bool, error) {
	if l, ok := e.(*expression.Literal); ok && l.Value() == nil {
		return nil, true, nil
	}
	v, err := c.compile(e)
	if err != nil {
		return nil, false, err
	}
	return v, v.Type().Phys == t.Phys, nil
}

func (o *caseOp) Type() ColType { return o.t }

func (o *caseOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	conds := make([]*Vec, len(o.conds))
	vals := make([]*Vec, len(o.vals))
	for i, c := range o.conds {
		v, err := c.Vec(ctx, b, f)
		if err != nil {
			return nil, err
		}
		conds[i] = v
	}
	for i, x := range o.vals {
		if x == nil {
			continue
		}
		v, err := x.Vec(ctx, b, f)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := 0; i < b.N; i++ {
		k := len(conds)
		for j, c := range conds {
			if truth(c, i) {
				k = j
				break
			}
		}
		v := vals[k]
		if v == nil || v.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		switch o.t.Phys {
		case PFloat:
			out.F[i] = v.F[i]
		case PStr:
			out.S[i] = v.Str(i)
		default:
			out.I[i] = v.I[i]
			if o.mult != nil {
				out.I[i] *= o.mult[k]
			}
		}
	}
	return out, nil
}
