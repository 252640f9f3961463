package mysqlfn

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// CONCAT, CONCAT_WS and REPLACE build a result whose length is known
// once their arguments are: each argument may be as long as
// max_allowed_packet, so CONCAT of a few of them, or REPLACE of every
// character by a long string, multiplies it. As MySQL does, a result
// longer than max_allowed_packet is NULL with warning 1301, decided
// before it is built, and a large one is charged to the statement's
// memory account while it is built (AdmitResult). Each evaluates its
// arguments once, converting them as GMS's functions do.

var buildFunctions = []sql.Function{
	sql.FunctionN{Name: "concat", Fn: func(args ...sql.Expression) (sql.Expression, error) {
		e, err := function.NewConcat(args...)
		if err != nil {
			return nil, err
		}
		return &Concat{e.(*function.Concat)}, nil
	}},
	sql.FunctionN{Name: "concat_ws", Fn: func(args ...sql.Expression) (sql.Expression, error) {
		e, err := function.NewConcatWithSeparator(args...)
		if err != nil {
			return nil, err
		}
		return &concatWS{e.(*function.ConcatWithSeparator)}, nil
	}},
	sql.Function3{Name: "replace", Fn: func(s, from, to sql.Expression) sql.Expression {
		return &replaceExpr{function.NewReplace(s, from, to).(*function.Replace)}
	}},
}

// Concat is GMS's CONCAT bounded by max_allowed_packet; the vectorised
// executor compiles it as GMS's (Inner) and checks the same bound.
type Concat struct{ *function.Concat }

var _ sql.FunctionExpression = (*Concat)(nil)

// Inner is GMS's CONCAT this one bounds.
func (c *Concat) Inner() *function.Concat { return c.Concat }

func (c *Concat) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := c.Concat.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return &Concat{e.(*function.Concat)}, nil
}

func (c *Concat) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	parts, null, err := evalParts(ctx, c.Children(), row, true)
	if err != nil || null {
		return nil, err
	}
	return join(ctx, "concat", parts, "")
}

// concatWS is GMS's CONCAT_WS bounded by max_allowed_packet.
type concatWS struct{ *function.ConcatWithSeparator }

var _ sql.FunctionExpression = (*concatWS)(nil)

func (c *concatWS) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := c.ConcatWithSeparator.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return &concatWS{e.(*function.ConcatWithSeparator)}, nil
}

// Eval is NULL for a NULL separator; NULL arguments are skipped.
func (c *concatWS) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	args := c.Children()
	sep, null, err := evalParts(ctx, args[:1], row, true)
	if err != nil || null {
		return nil, err
	}
	parts, _, err := evalParts(ctx, args[1:], row, false)
	if err != nil {
		return nil, err
	}
	return join(ctx, "concat_ws", parts, sep[0])
}

// replaceExpr is GMS's REPLACE bounded by max_allowed_packet.
type replaceExpr struct{ *function.Replace }

var _ sql.FunctionExpression = (*replaceExpr)(nil)

func (r *replaceExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := r.Replace.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return &replaceExpr{e.(*function.Replace)}, nil
}

// Eval is REPLACE(str, from, to): NULL if any is NULL; str when from is
// empty. Its length is counted before it is built.
func (r *replaceExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	p, null, err := evalParts(ctx, r.Children(), row, true)
	if err != nil || null {
		return nil, err
	}
	str, from, to := p[0], p[1], p[2]
	if from == "" {
		return str, nil
	}
	k := int64(strings.Count(str, from))
	n := int64(len(str)) + k*(int64(len(to))-int64(len(from)))
	fits, release, err := AdmitResult(ctx, "replace", n)
	if !fits || err != nil {
		return nil, err
	}
	defer release()
	return strings.ReplaceAll(str, from, to), nil
}

// evalParts evaluates args as text the way GMS's string functions
// convert them. A NULL argument makes null true and stops when
// stopAtNull, else it is left out.
func evalParts(ctx *sql.Context, args []sql.Expression, row sql.Row, stopAtNull bool) (parts []string, null bool, err error) {
	parts = make([]string, 0, len(args))
	for _, a := range args {
		v, err := a.Eval(ctx, row)
		if err != nil {
			return nil, false, err
		}
		if v == nil {
			if stopAtNull {
				return nil, true, nil
			}
			continue
		}
		v, _, err = types.LongText.Convert(ctx, v)
		if err != nil {
			return nil, false, err
		}
		v, _, err = sql.Unwrap[string](ctx, v)
		if err != nil {
			return nil, false, err
		}
		parts = append(parts, v.(string))
	}
	return parts, false, nil
}

// join is strings.Join(parts, sep) for fn, or NULL with warning 1301
// past max_allowed_packet (1038 past the statement's memory limit).
func join(ctx *sql.Context, fn string, parts []string, sep string) (any, error) {
	n := int64(len(sep)) * int64(max(len(parts)-1, 0))
	for _, p := range parts {
		n += int64(len(p))
	}
	fits, release, err := AdmitResult(ctx, fn, n)
	if !fits || err != nil {
		return nil, err
	}
	defer release()
	return strings.Join(parts, sep), nil
}

// ConcatWSArgs are the arguments of CONCAT_WS, the separator first; ok
// is false for other expressions. The vectorised executor compiles it.
func ConcatWSArgs(e sql.Expression) ([]sql.Expression, bool) {
	c, ok := e.(*concatWS)
	if !ok {
		return nil, false
	}
	return c.Children(), true
}

// ReplaceArgs are the arguments of REPLACE(str, from, to); ok is false
// for other expressions.
func ReplaceArgs(e sql.Expression) (str, from, to sql.Expression, ok bool) {
	r, ok := e.(*replaceExpr)
	if !ok {
		return nil, nil, nil, false
	}
	ch := r.Children()
	return ch[0], ch[1], ch[2], true
}
