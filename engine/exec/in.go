package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// inOp is `x IN (literals…)` as a hash-set probe, with SQL's NULLs: no
// match and a NULL in the list (or a NULL x) is NULL, not false.
type inOp struct {
	x       Expr
	ints    map[int64]struct{}
	floats  map[float64]struct{}
	strs    map[string]struct{}
	hasNull bool
	slot    int
	dslot   int // scratch for a dictionary's results (constcmp.go)
}

func (c *exprCompiler) inList(e sql.Expression) (Expr, bool, error) {
	var left, right sql.Expression
	switch in := e.(type) {
	case *expression.InTuple:
		left, right = in.Left(), in.Right()
	case *expression.HashInTuple:
		ch := in.Children()
		if len(ch) != 2 {
			return nil, false, nil
		}
		left, right = ch[0], ch[1]
	default:
		return nil, false, nil
	}
	tuple, ok := right.(expression.Tuple)
	if !ok {
		return nil, false, nil
	}
	if or, ok := inAsOr(left, tuple); ok {
		x, err := c.compile(or)
		if IsUnsupported(err) {
			return nil, false, nil // the IN whole, row by row
		}
		return x, err == nil, err
	}
	x, err := c.compile(left)
	if err != nil {
		return nil, false, err
	}
	op := &inOp{x: x}
	xt := x.Type()
	for _, item := range tuple.Children() {
		lit, ok := item.(*expression.Literal)
		if !ok {
			return nil, false, nil
		}
		if lit.Value() == nil {
			op.hasNull = true
			continue
		}
		lt, ok := TypeOf(lit.Type())
		if !ok || !comparable(xt, lt) {
			return nil, false, nil
		}
		v, ok := constVec(lt, lit.Value())
		if !ok {
			return nil, false, nil
		}
		op.add(v)
	}
	op.slot, op.dslot = c.slot(), c.slot()
	return op, true, nil
}

func (o *inOp) add(v *Vec) {
	switch v.T.Phys {
	case PFloat:
		if o.floats == nil {
			o.floats = map[float64]struct{}{}
		}
		o.floats[v.F[0]] = struct{}{}
	case PStr:
		if o.strs == nil {
			o.strs = map[string]struct{}{}
		}
		o.strs[v.S[0]] = struct{}{}
	default:
		if o.ints == nil {
			o.ints = map[int64]struct{}{}
		}
		o.ints[v.I[0]] = struct{}{}
	}
}

func (o *inOp) Type() ColType { return boolType }

func (o *inOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	x, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(boolType, b.N)
	if x.T.Phys == PStr && overDict(x, b.N, &f.tmp[o.dslot], out, o.strResult) {
		nullRows(x, b.N, out)
		return out, nil
	}
	for i := 0; i < b.N; i++ {
		if x.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		var hit bool
		switch x.T.Phys {
		case PFloat:
			_, hit = o.floats[x.F[i]]
		case PStr:
			_, hit = o.strs[x.Str(i)]
		default:
			_, hit = o.ints[x.I[i]]
		}
		switch {
		case hit:
			out.I[i] = 1
		case o.hasNull:
			out.setNull(i, b.N)
		default:
			out.I[i] = 0
		}
	}
	return out, nil
}

// strResult is the result for one string: 1, or else NULL when the list
// holds a NULL, or else 0.
func (o *inOp) strResult(s string) (int64, bool) {
	if _, hit := o.strs[s]; hit {
		return 1, false
	}
	return 0, o.hasNull
}

// inAsOr is x IN (a, b, …) with a non-literal in the list as x = a OR
// x = b OR …: the same three-valued answer (no match and a NULL is NULL)
// when x and the list are all numbers or all strings, compared pairwise
// as IN compares them (rn IN (FLOOR((n + 1) / 2), CEIL((n + 1) / 2)), a
// median's rows, ran through GMS row by row).
func inAsOr(x sql.Expression, list expression.Tuple) (sql.Expression, bool) {
	literals, numbers, texts := true, types.IsNumber(x.Type()), types.IsText(x.Type())
	for _, item := range list {
		_, lit := item.(*expression.Literal)
		literals = literals && lit
		numbers = numbers && types.IsNumber(item.Type())
		texts = texts && types.IsText(item.Type())
	}
	if literals || !(numbers || texts) || len(list) > 16 {
		return nil, false
	}
	var or sql.Expression
	for _, item := range list {
		eq := expression.NewEquals(x, item)
		if or == nil {
			or = eq
		} else {
			or = expression.NewOr(or, eq)
		}
	}
	return or, true
}
