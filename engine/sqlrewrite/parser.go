// Package sqlrewrite owns the rewrites cohortdb makes to a statement's
// syntax tree between go-mysql-server's parser and its planner, for SQL
// that MySQL accepts and GMS v0.20.0's planner refuses or misreads
// (windows over aggregates, INTO OUTFILE's CHARACTER SET, a subquery over
// a table an enclosing query names too, the CUME_DIST window function). Each rewrite produces the
// statement MySQL means, in SQL GMS plans; statements it does not cover
// pass through unchanged. The one rewrite made on the text, before
// parsing, is typed temporal literals (typedlit.go), which the syntax
// tree no longer tells apart from strings.
package sqlrewrite

import (
	"context"

	"github.com/dolthub/go-mysql-server/sql"
	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// Parser is GMS's parser with the rewrites applied to what it parses:
// the engine's parser, so text queries, prepared statements, views,
// events and stored programs all see them.
type Parser struct{ sql.Parser }

var _ sql.Parser = Parser{}

// New wraps p.
func New(p sql.Parser) Parser { return Parser{p} }

func (p Parser) ParseSimple(query string) (ast.Statement, error) {
	r, err := parseRewritten(query, func(q string) (parsed, error) {
		st, err := p.Parser.ParseSimple(q)
		return parsed{st: st}, err
	})
	return r.st, err
}

func (p Parser) Parse(ctx *sql.Context, query string, multi bool) (ast.Statement, string, string, error) {
	r, err := parseRewritten(query, func(q string) (parsed, error) {
		st, q2, rest, err := p.Parser.Parse(ctx, q, multi)
		return parsed{st: st, q: q2, rest: rest}, err
	})
	return r.st, r.q, r.rest, err
}

func (p Parser) ParseWithOptions(ctx context.Context, query string, delimiter rune, multi bool, options ast.ParserOptions) (ast.Statement, string, string, error) {
	r, err := parseRewritten(query, func(q string) (parsed, error) {
		st, q2, rest, err := p.Parser.ParseWithOptions(ctx, q, delimiter, multi, options)
		return parsed{st: st, q: q2, rest: rest}, err
	})
	return r.st, r.q, r.rest, err
}

// ParseOneWithOptions reports how much of the caller's query it parsed,
// in the caller's text, not the rewritten one.
func (p Parser) ParseOneWithOptions(ctx context.Context, query string, options ast.ParserOptions) (ast.Statement, int, error) {
	r, err := parseRewritten(query, func(q string) (parsed, error) {
		st, n, err := p.Parser.ParseOneWithOptions(ctx, q, options)
		return parsed{st: st, n: n}, err
	})
	return r.st, r.n, err
}

// parsed is one parse's statement, the text around it and how much of
// the text it took (the parsers fill what they report).
type parsed struct {
	st      ast.Statement
	q, rest string
	n       int
}

// parseRewritten parses query as rewritten before parsing (typed
// literals; keyword names on a second try), gives the statement the
// names the client wrote, rewrites its tree, and reports n in the
// caller's text.
func parseRewritten(query string, parse func(string) (parsed, error)) (parsed, error) {
	q, edits := rewriteTypedLiterals(query)
	r, err := parse(q)
	names := edits
	if r2, kw, ok := retryQuoted(q, err, parse); ok {
		r, err = r2, nil
		r.n = originalOffset(r.n, kw)
		names = append(append([]edit(nil), edits...), kw...)
	}
	restoreNames(r.st, names)
	r.st = rewrite(r.st)
	r.n = originalOffset(r.n, edits)
	return r, err
}

func rewrite(st ast.Statement) ast.Statement {
	if ex, ok := st.(*ast.Explain); ok { // the walks below do not enter it
		ex.Statement = rewrite(ex.Statement)
		return st
	}
	if st != nil {
		rewriteCumeDist(st) // before: its COUNT(*) windows may need the split
		rewriteWindowAggregates(st)
		rewriteSubqueryAliases(st)
		rewriteOutfileCharset(st)
		rewriteGroupByLiterals(st)
		rewriteDecimalCasts(st)
	}
	return st
}
