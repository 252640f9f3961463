package engine

import (
	"context"

	"github.com/dolthub/go-mysql-server/sql"
	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// OR chains folded at parse time.
//
// largeInRuleID folds `x = 1 OR x = 2 OR …` into an IN once GMS has built
// the plan, but GMS's plan builder walks the OR tree first, recursively:
// a chain of n terms is n frames deep, and at 100,000 terms its stack
// grew to hundreds of megabytes (copied at each doubling) and took
// seconds before any rule ran. orChainParser wraps the engine's parser
// and folds such chains in the syntax tree, without recursion along the
// chain, so the plan builder sees `x IN (1, 2, …)`: one flat list.
//
// Only WHERE, HAVING and ON conditions are folded (what the chains are
// written in); an OR of at least astOrChainMin equalities of one column
// with literals becomes `column IN (literals)` and the other disjuncts
// stay, in their order, after the IN lists. `x = a OR x = NULL` and
// `x IN (a, NULL)` are both NULL when x is not a, so SQL's three-valued
// results are the same; OR commutes, so the order does not matter.
type orChainParser struct {
	sql.Parser
}

// astOrChainMin is the shortest OR chain folded in the syntax tree;
// shorter ones are left to largeInRuleID (orChainMin) and GMS.
const astOrChainMin = 32

func (p orChainParser) ParseSimple(query string) (ast.Statement, error) {
	stmt, err := p.Parser.ParseSimple(query)
	if err == nil {
		foldOrChains(stmt)
	}
	return stmt, err
}

func (p orChainParser) Parse(ctx *sql.Context, query string, multi bool) (ast.Statement, string, string, error) {
	stmt, parsed, rest, err := p.Parser.Parse(ctx, query, multi)
	if err == nil {
		foldOrChains(stmt)
	}
	return stmt, parsed, rest, err
}

func (p orChainParser) ParseWithOptions(ctx context.Context, query string, delim rune, multi bool, opts ast.ParserOptions) (ast.Statement, string, string, error) {
	stmt, parsed, rest, err := p.Parser.ParseWithOptions(ctx, query, delim, multi, opts)
	if err == nil {
		foldOrChains(stmt)
	}
	return stmt, parsed, rest, err
}

func (p orChainParser) ParseOneWithOptions(ctx context.Context, query string, opts ast.ParserOptions) (ast.Statement, int, error) {
	stmt, n, err := p.Parser.ParseOneWithOptions(ctx, query, opts)
	if err == nil {
		foldOrChains(stmt)
	}
	return stmt, n, err
}

// foldOrChains folds the OR chains of stmt's conditions in place. The
// walk is top down: a condition is folded before the walk goes into it,
// so it never descends a long chain.
func foldOrChains(stmt ast.Statement) {
	if stmt == nil {
		return
	}
	_ = ast.Walk(func(n ast.SQLNode) (bool, error) {
		switch x := n.(type) {
		case *ast.Where:
			if x != nil && x.Expr != nil {
				x.Expr = foldCondition(x.Expr)
			}
		case *ast.JoinTableExpr:
			if x != nil && x.Condition.On != nil {
				x.Condition.On = foldCondition(x.Condition.On)
			}
		}
		return true, nil
	}, stmt)
}

// foldCondition folds the OR chains in e: through AND, NOT and
// parentheses, and in the disjuncts of a chain that stay.
func foldCondition(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.AndExpr:
		// AND chains are left-deep too: walk the left spine with a loop.
		for a := x; ; {
			a.Right = foldCondition(a.Right)
			l, ok := a.Left.(*ast.AndExpr)
			if !ok {
				a.Left = foldCondition(a.Left)
				break
			}
			a = l
		}
		return x
	case *ast.NotExpr:
		x.Expr = foldCondition(x.Expr)
		return x
	case *ast.ParenExpr:
		if _, isOr := x.Expr.(*ast.OrExpr); isOr {
			if f, changed := foldOr(x.Expr); changed {
				return &ast.ParenExpr{Expr: f}
			}
			return x
		}
		x.Expr = foldCondition(x.Expr)
		return x
	case *ast.OrExpr:
		f, _ := foldOr(x)
		return f
	}
	return e
}

// foldOr folds the chain whose top is e; changed is false (and e is
// returned as it was) when no column has astOrChainMin equalities.
func foldOr(e ast.Expr) (ast.Expr, bool) {
	disj := splitAstOr(e)
	if len(disj) < astOrChainMin {
		for _, d := range disj {
			foldCondition(d) // nested chains of the disjuncts, in place
		}
		return e, false
	}
	type group struct {
		col  *ast.ColName
		lits ast.ValTuple
		orig []ast.Expr // the equalities as written
	}
	var groups []*group
	byCol := map[string]*group{}
	var rest []ast.Expr
	for _, d := range disj {
		col, lit, ok := astEquality(d)
		if !ok {
			rest = append(rest, foldCondition(d))
			continue
		}
		k := ast.String(col)
		g := byCol[k]
		if g == nil {
			g = &group{col: col}
			byCol[k] = g
			groups = append(groups, g)
		}
		g.lits = append(g.lits, lit)
		g.orig = append(g.orig, d)
	}
	changed := false
	var out []ast.Expr
	for _, g := range groups {
		if len(g.lits) < astOrChainMin {
			out = append(out, g.orig...)
			continue
		}
		changed = true
		out = append(out, &ast.ComparisonExpr{Operator: ast.InStr, Left: g.col, Right: g.lits})
	}
	if !changed {
		return e, false
	}
	out = append(out, rest...)
	// A balanced tree: a few IN lists and the disjuncts that stay, at
	// most log2(n) deep for the plan builder's recursion.
	return balancedOr(out), true
}

func balancedOr(es []ast.Expr) ast.Expr {
	if len(es) == 1 {
		return es[0]
	}
	mid := len(es) / 2
	return &ast.OrExpr{Left: balancedOr(es[:mid]), Right: balancedOr(es[mid:])}
}

// splitAstOr lists the disjuncts of the OR chain e (through
// parentheses), left to right, without recursion.
func splitAstOr(e ast.Expr) []ast.Expr {
	var out []ast.Expr
	stack := []ast.Expr{e}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch y := x.(type) {
		case *ast.OrExpr:
			stack = append(stack, y.Right, y.Left)
			continue
		case *ast.ParenExpr:
			if _, isOr := y.Expr.(*ast.OrExpr); isOr {
				stack = append(stack, y.Expr)
				continue
			}
		}
		out = append(out, x)
	}
	return out
}

// astEquality recognises `column = literal` and `literal = column`
// (through parentheses), a literal being a number, string, NULL or a
// signed number.
func astEquality(e ast.Expr) (*ast.ColName, ast.Expr, bool) {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			break
		}
		e = p.Expr
	}
	cmp, ok := e.(*ast.ComparisonExpr)
	if !ok || cmp.Operator != ast.EqualStr || cmp.Escape != nil {
		return nil, nil, false
	}
	l, r := cmp.Left, cmp.Right
	if _, isCol := l.(*ast.ColName); !isCol {
		l, r = r, l
	}
	col, isCol := l.(*ast.ColName)
	if !isCol || col.StoredProcVal != nil || !astLiteral(r) {
		return nil, nil, false
	}
	return col, r, true
}

func astLiteral(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.SQLVal:
		switch x.Type {
		case ast.StrVal, ast.IntVal, ast.FloatVal, ast.HexNum, ast.HexVal, ast.BitVal:
			return true
		}
	case *ast.NullVal:
		return true
	case *ast.UnaryExpr:
		if x.Operator == ast.UMinusStr || x.Operator == ast.UPlusStr {
			v, ok := x.Expr.(*ast.SQLVal)
			return ok && (v.Type == ast.IntVal || v.Type == ast.FloatVal)
		}
	}
	return false
}
