package exec

import (
	"fmt"
	"math"
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
	// dict holds the values when every one is a string literal (or
	// NULL: nulls marks those): the result is then coded into it, so a
	// GROUP BY on the CASE hashes a few entries, not every row's string.
	dict  []string
	nulls []bool
	// ints holds the values, scaled, when every one is a non-NULL
	// integer or DECIMAL literal: a row's value is then a lookup by its
	// branch (CASE WHEN ... THEN 1 ELSE 0 END).
	ints  []int64
	slot  int
	kslot int // scratch: each row's branch
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
	op.slot, op.kslot = c.slot(), c.slot()
	if t.Phys == PStr {
		op.dict, op.nulls = literalStrings(op.vals)
	}
	op.ints = literalInts(op.vals, op.t, op.mult)
	return op, true, nil
}

// literalInts returns the values of vals scaled by mult when each is
// a non-NULL literal held in an int64 and t is; nil otherwise.
func literalInts(vals []Expr, t ColType, mult []int64) []int64 {
	if t.Phys == PFloat || t.Phys == PStr {
		return nil
	}
	ints := make([]int64, len(vals))
	for i, v := range vals {
		lit, ok := v.(*literal)
		if !ok || lit.t.Phys == PFloat || lit.t.Phys == PStr {
			return nil
		}
		k, ok := constVec(lit.t, lit.v)
		if !ok {
			return nil
		}
		ints[i] = k.I[0]
		if mult != nil {
			x, ok := arithInt('*', ints[i], mult[i])
			if !ok {
				return nil
			}
			ints[i] = x
		}
	}
	return ints
}

// literalStrings returns the strings of vals when each is a string
// literal or nil (NULL), with a flag per NULL; nil otherwise.
func literalStrings(vals []Expr) ([]string, []bool) {
	dict, nulls := make([]string, len(vals)), make([]bool, len(vals))
	for i, v := range vals {
		if v == nil {
			nulls[i] = true
			continue
		}
		lit, ok := v.(*literal)
		if !ok {
			return nil, nil
		}
		k, ok := constVec(lit.t, lit.v)
		if !ok {
			return nil, nil
		}
		dict[i] = k.S[0]
	}
	return dict, nulls
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
	if intDigits+scale > maxScaledPrecision && !carriesWide(compiled, values, scale) {
		return nil, false, nil
	}
	op.t = ColType{Phys: PDec, Scale: scale, SQL: types.MustCreateDecimalType(uint8(min(max(intDigits+scale, 1), 65)), uint8(scale))}
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
	op.slot, op.kslot = c.slot(), c.slot()
	op.ints = literalInts(op.vals, op.t, op.mult)
	return op, true, nil
}

// carriesWide reports whether a CASE typed wider than a scaled int64
// (CASE WHEN … THEN SUM(amount) ELSE 0 END: MySQL's DECIMAL(34,2)) can
// still carry its values in int64s at scale: each is held at that scale
// already (an aggregate's wide DECIMAL is an int64 whose every sum was
// checked), or is a literal that fits at it, or is narrow enough to fit
// once scaled. Nothing is then scaled past what an int64 holds.
func carriesWide(compiled []Expr, values []sql.Expression, scale int32) bool {
	for i, x := range compiled {
		if x == nil {
			continue
		}
		t := x.Type()
		if t.Scale == scale && (t.Phys == PDec || t.Phys == PInt && scale == 0) {
			continue
		}
		if l, ok := values[i].(*expression.Literal); ok {
			if v, ok := constVec(t, l.Value()); ok && (t.Phys == PDec || t.Phys == PInt) && fitsScaled(v.I[0], scale-t.Scale) {
				continue
			}
			return false
		}
		if s, digits, ok := decimalShape(t, values[i]); !ok || digits+scale > maxScaledPrecision || s > scale {
			return false
		}
	}
	return true
}

// fitsScaled reports whether v * 10^d fits an int64.
func fitsScaled(v int64, d int32) bool {
	for ; d > 0; d-- {
		if v > math.MaxInt64/10 || v < math.MinInt64/10 {
			return false
		}
		v *= 10
	}
	return true
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
	n := b.N
	if len(o.conds) == 1 && o.ints != nil {
		return o.choose(ctx, b, f)
	}
	ks := &f.tmp[o.kslot]
	ks.reset(ColType{Phys: PInt}, n)
	k := ks.I[:n]
	for i := range k {
		k[i] = int64(len(o.conds)) // ELSE
	}
	// The last true condition written first, the first last: each row
	// ends with its first true condition's branch.
	for j := len(o.conds) - 1; j >= 0; j-- {
		c, err := o.conds[j].Vec(ctx, b, f)
		if err != nil {
			return nil, err
		}
		markTrue(c, n, int64(j), k)
	}
	out := &f.tmp[o.slot]
	if o.dict != nil {
		o.coded(out, k)
		return out, nil
	}
	if o.ints != nil {
		out.reset(o.t, n)
		for i, br := range k {
			out.I[i] = o.ints[br]
		}
		return out, nil
	}
	vals := make([]*Vec, len(o.vals))
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
	out.reset(o.t, n)
	for i, br := range k {
		v := vals[br]
		if v == nil || v.IsNull(i) {
			out.setNull(i, n)
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
				out.I[i] *= o.mult[br]
			}
		}
	}
	return out, nil
}

// choose is a CASE of one condition between two literal values (CASE
// WHEN c THEN 1 ELSE 0 END, IF(c, a, b)): one pass over the condition.
func (o *caseOp) choose(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	n := b.N
	c, err := o.conds[0].Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	then, els := o.ints[0], o.ints[1]
	out := &f.tmp[o.slot]
	out.reset(o.t, n)
	if c.Nulls != nil || c.T.Phys == PFloat || c.T.Phys == PStr {
		for i := range n {
			out.I[i] = els
			if truth(c, i) {
				out.I[i] = then
			}
		}
		return out, nil
	}
	for i, x := range c.I[:n] {
		v := els
		if x != 0 {
			v = then
		}
		out.I[i] = v
	}
	return out, nil
}

// markTrue sets k[i] = j where condition c is true.
func markTrue(c *Vec, n int, j int64, k []int64) {
	if c.Nulls == nil && c.T.Phys != PFloat && c.T.Phys != PStr {
		for i, x := range c.I[:n] {
			if x != 0 {
				k[i] = j
			}
		}
		return
	}
	for i := range n {
		if truth(c, i) {
			k[i] = j
		}
	}
}

// coded sets out to the branches' literal strings as codes into o.dict.
func (o *caseOp) coded(out *Vec, k []int64) {
	n := len(k)
	if out.Absent {
		*out = Vec{}
	}
	out.T, out.S, out.Dict, out.Nulls = o.t, out.S[:0], o.dict, nil
	out.Codes = grow(out.Codes, n)
	for i, br := range k {
		out.Codes[i] = uint32(br)
		if o.nulls[br] {
			out.setNull(i, n)
		}
	}
}
