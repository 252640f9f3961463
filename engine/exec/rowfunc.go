package exec

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
)

// rowFuncOp evaluates a function only GMS knows, row by row, over its
// arguments computed as vectors: in MD5(CONCAT(s, n)) the CONCAT runs as
// a kernel and GMS evaluates MD5 alone, once per run of equal arguments.
// rowExpr would evaluate the whole tree through GMS for every row.
type rowFuncOp struct {
	e        sql.Expression // the function, its computed arguments read as fields of args
	t        ColType
	args     []Expr
	slot     int
	stateful bool // each worker evaluates its own copy of e (workerExpr)
}

// rowFunc compiles e as a rowFuncOp when one of its arguments is more
// than a column or a literal and all of them compile. Functions that
// evaluate an argument only on some rows (IF, CASE, COALESCE, AND, ...)
// are left whole to GMS: a kernel computes every row of its argument.
func (c *exprCompiler) rowFunc(e sql.Expression, t ColType) (Expr, bool, error) {
	if _, fn := e.(sql.FunctionExpression); !fn || lazyArgs(e) {
		return nil, false, nil // operators (IN's tuple) keep their children's kinds
	}
	kids := e.Children()
	if len(kids) == 0 {
		return nil, false, nil
	}
	op := &rowFuncOp{t: t}
	fields := make([]sql.Expression, len(kids))
	worth := false
	for i, k := range kids {
		switch k.(type) {
		case *expression.Literal:
			fields[i] = k
			continue
		case expression.Tuple:
			return nil, false, nil
		}
		x, err := c.compile(k)
		if IsUnsupported(err) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		if x.Type().Phys == PDec {
			return nil, false, nil // GMS's DECIMALs keep their own exponent (perRow)
		}
		if _, col := x.(colRef); !col {
			worth = true
		}
		fields[i] = expression.NewGetField(len(op.args), k.Type(), fmt.Sprintf("arg%d", i), k.IsNullable())
		op.args = append(op.args, x)
	}
	if !worth {
		return nil, false, nil
	}
	ne, err := e.WithChildren(fields...)
	if err != nil {
		return nil, false, nil
	}
	op.e, op.slot, op.stateful = ne, c.slot(), hasState(ne)
	return op, true, nil
}

// lazyArgs reports whether e evaluates some arguments only on some rows.
func lazyArgs(e sql.Expression) bool {
	switch e.(type) {
	case *expression.Case, *expression.And, *expression.Or, *function.If,
		*function.IfNull, *function.Coalesce, *function.NullIf:
		return true
	}
	return false
}

func (o *rowFuncOp) Type() ColType { return o.t }

func (o *rowFuncOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	vs := make([]*Vec, len(o.args))
	for k, a := range o.args {
		v, err := a.Vec(ctx, b, f)
		if err != nil {
			return nil, err
		}
		vs[k] = v
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	row := make(sql.Row, len(vs))
	for i := 0; i < b.N; i++ {
		if i > 0 && sameArgs(vs, i) {
			copyValue(out, i, i-1, b.N)
			continue
		}
		for k, v := range vs {
			row[k] = v.Value(i)
		}
		x, err := workerExpr(ctx, f, o.slot, o.e, o.stateful).Eval(ctx, row)
		if err != nil {
			return nil, err
		}
		if err := out.Set(ctx, i, b.N, x); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sameArgs reports whether row i's arguments are row i-1's.
func sameArgs(vs []*Vec, i int) bool {
	for _, v := range vs {
		if !sameValue(v, i, i-1) {
			return false
		}
	}
	return true
}
