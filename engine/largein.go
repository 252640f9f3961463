package engine

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// Large IN lists and long OR chains of equalities.
//
// go-mysql-server evaluates `x = 1 OR x = 2 OR …` term by term for every
// row, and turns `pk IN (…)` into one index range per element, then
// checks every pair of ranges for overlap (O(n²) at plan time: 10,000 ids
// took seconds, 100,000 minutes). largeInRuleID runs before GMS's rules:
//
//   - an OR of at least orChainMin equalities of one expression with
//     literals becomes `expr IN (literals)` (the other disjuncts stay);
//   - an IN of at least largeInMin literals becomes a largeIn, a hash
//     set probed once per row that GMS does not turn into index ranges;
//     cohortdb's own pushdown still uses it to skip segments and to read
//     bitmap indexes.
//
// Both keep SQL's semantics: `x = a OR x = NULL` and `x IN (a, NULL)`
// are both NULL when x is not a, and both are GMS's comparisons.
const largeInRuleID analyzer.RuleId = 9_980

const (
	orChainMin = 32
	largeInMin = 1000
)

// rewriteLargeIn is the pre-analyzer rule.
func rewriteLargeIn(ctx *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	return transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		ex, ok := n.(sql.Expressioner)
		if !ok {
			return n, transform.SameTree, nil
		}
		exprs := ex.Expressions()
		var out []sql.Expression
		for i, e := range exprs {
			ne, changed, err := rewriteExpr(ctx, e)
			if err != nil {
				return nil, transform.SameTree, err
			}
			if changed && out == nil {
				out = append([]sql.Expression(nil), exprs...)
			}
			if out != nil {
				out[i] = ne
			}
		}
		if out == nil {
			return n, transform.SameTree, nil
		}
		nn, err := ex.WithExpressions(out...)
		if err != nil {
			return nil, transform.SameTree, err
		}
		return nn, transform.NewTree, nil
	})
}

// rewriteExpr rewrites e top down: an OR chain is seen whole from its
// top, once (transform.Expr would visit each of its inner ORs first, and
// a chain of n terms would cost n² to split).
func rewriteExpr(ctx *sql.Context, e sql.Expression) (sql.Expression, bool, error) {
	switch x := e.(type) {
	case *largeIn:
		return e, false, nil
	case *expression.Or:
		if disj := splitOr(x); len(disj) >= orChainMin {
			return orToIn(ctx, x, disj)
		}
	case *expression.InTuple:
		if in, ok, err := asLargeIn(ctx, x.Left(), x.Right()); ok || err != nil {
			return in, ok, err
		}
	case *expression.HashInTuple:
		if in, ok, err := asLargeIn(ctx, x.Left(), x.Right()); ok || err != nil {
			return in, ok, err
		}
	}
	kids := e.Children()
	var out []sql.Expression
	for i, k := range kids {
		nk, changed, err := rewriteExpr(ctx, k)
		if err != nil {
			return nil, false, err
		}
		if changed && out == nil {
			out = append([]sql.Expression(nil), kids...)
		}
		if out != nil {
			out[i] = nk
		}
	}
	if out == nil {
		return e, false, nil
	}
	ne, err := e.WithChildren(out...)
	return ne, err == nil, err
}

// orToIn rewrites the equalities of an OR chain of disjuncts disj (see
// largeInRuleID); the other disjuncts are rewritten on their own.
func orToIn(ctx *sql.Context, or *expression.Or, disj []sql.Expression) (sql.Expression, bool, error) {
	type group struct {
		col  sql.Expression
		lits []sql.Expression
	}
	var groups []*group
	byKey := map[string]*group{}
	var rest []sql.Expression
	changed := false
	for _, d := range disj {
		col, lit, ok := equalityWithLiteral(d)
		if !ok {
			nd, ch, err := rewriteExpr(ctx, d)
			if err != nil {
				return nil, false, err
			}
			changed = changed || ch
			rest = append(rest, nd)
			continue
		}
		k := col.String()
		g := byKey[k]
		if g == nil {
			g = &group{col: col}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.lits = append(g.lits, lit)
	}
	var out []sql.Expression
	for _, g := range groups {
		if len(g.lits) < 2 {
			out = append(out, expression.NewEquals(g.col, g.lits[0]))
			continue
		}
		changed = true
		in, ok, err := asLargeIn(ctx, g.col, expression.NewTuple(g.lits...))
		if err != nil {
			return nil, false, err
		}
		if !ok {
			in = expression.NewInTuple(g.col, expression.NewTuple(g.lits...))
		}
		out = append(out, in)
	}
	if !changed {
		return or, false, nil
	}
	return expression.JoinOr(append(out, rest...)...), true, nil
}

// splitOr lists the disjuncts of an OR chain without recursion (a chain
// of 100,000 terms is that deep).
func splitOr(e sql.Expression) []sql.Expression {
	var out []sql.Expression
	stack := []sql.Expression{e}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if or, ok := x.(*expression.Or); ok {
			stack = append(stack, or.RightChild, or.LeftChild)
			continue
		}
		out = append(out, x)
	}
	return out
}

// equalityWithLiteral recognises `expr = literal` and `literal = expr`
// with expr a column (what IN lists are written over).
func equalityWithLiteral(e sql.Expression) (col, lit sql.Expression, ok bool) {
	eq, isEq := e.(*expression.Equals)
	if !isEq {
		return nil, nil, false
	}
	l, r := eq.Left(), eq.Right()
	if _, isLit := l.(*expression.Literal); isLit {
		l, r = r, l
	}
	if _, isCol := l.(*expression.GetField); !isCol {
		return nil, nil, false
	}
	if _, isLit := r.(*expression.Literal); !isLit {
		return nil, nil, false
	}
	return l, r, true
}

// asLargeIn returns `left IN right` as a largeIn when right is a tuple
// of at least largeInMin literals and left a column; ok is false
// otherwise.
func asLargeIn(ctx *sql.Context, left, right sql.Expression) (_ sql.Expression, ok bool, err error) {
	tup, isTup := right.(expression.Tuple)
	if !isTup || len(tup) < largeInMin || !isColumn(left) || !allLiterals(tup) {
		return nil, false, nil
	}
	hit, err := expression.NewHashInTuple(ctx, left, right)
	if err != nil {
		return nil, false, err
	}
	return &largeIn{hit: hit}, true, nil
}

func isColumn(e sql.Expression) bool {
	_, ok := e.(*expression.GetField)
	return ok
}

func allLiterals(tup expression.Tuple) bool {
	for _, e := range tup {
		if _, ok := e.(*expression.Literal); !ok {
			return false
		}
	}
	return true
}

// largeIn is `left IN (literals…)` over a hash set of the literals
// (GMS's HashInTuple), of a type GMS's index planner does not look into.
type largeIn struct {
	hit *expression.HashInTuple
}

var _ sql.Expression = (*largeIn)(nil)
var _ sql.CollationCoercible = (*largeIn)(nil)

func (l *largeIn) Left() sql.Expression  { return l.hit.Left() }
func (l *largeIn) Right() sql.Expression { return l.hit.Right() }

func (l *largeIn) Resolved() bool                                  { return l.hit.Resolved() }
func (l *largeIn) IsNullable() bool                                { return l.hit.IsNullable() }
func (l *largeIn) Type() sql.Type                                  { return l.hit.Type() }
func (l *largeIn) Eval(ctx *sql.Context, row sql.Row) (any, error) { return l.hit.Eval(ctx, row) }
func (l *largeIn) CollationCoercibility(ctx *sql.Context) (sql.CollationID, byte) {
	return l.hit.CollationCoercibility(ctx)
}

func (l *largeIn) String() string {
	return fmt.Sprintf("(%s IN (%d values))", l.Left(), len(l.Right().(expression.Tuple)))
}

// Children is the left operand only: the literals never change, and GMS's
// validation refuses a tuple anywhere but under its own IN.
func (l *largeIn) Children() []sql.Expression { return []sql.Expression{l.hit.Left()} }

func (l *largeIn) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(l, len(children), 1)
	}
	e, err := l.hit.WithChildren(children[0], l.hit.Right())
	if err != nil {
		return nil, err
	}
	return &largeIn{hit: e.(*expression.HashInTuple)}, nil
}
