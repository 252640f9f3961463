package server

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/vt/sqlparser"

	"github.com/cohortdb/cohortdb/engine/sqlrewrite"
)

// GROUP BY … WITH ROLLUP is a syntax error in GMS v0.20.0's parser. A
// SELECT with it is rewritten here into what it means: the UNION ALL of
// the same SELECT grouped by the first k GROUP BY expressions, for k = n
// down to 0, the select-list items that are rolled-up GROUP BY
// expressions (or name them: an alias, a position) NULL, sorted as MySQL
// sends them — by each GROUP BY expression in turn, a group's
// super-aggregate row after its rows, the grand total last — unless the
// statement has its own ORDER BY. Level 0 (the grand total) is left out
// when there are no rows, as in MySQL. When the statement's aggregates
// merge, the levels read one CTE of the finest groups instead of the
// input (rollup_once.go). Not covered (left to GMS's syntax error):
// SELECT *, GROUPING(), a ROLLUP inside a subquery or a UNION.

var withRollup = regexp.MustCompile(`(?is)\s+WITH\s+ROLLUP\b`)

// rollup answers query if it is a SELECT … GROUP BY … WITH ROLLUP.
func (d *handler) rollup(ctx context.Context, c *mysql.Conn, query string, cb mysql.ResultSpoolFn) (handled bool, err error) {
	text, ok := rollupText(query, d.rollupTyper(ctx, c))
	if !ok {
		return false, nil
	}
	return true, d.Handler.ComQuery(ctx, c, text, d.fixText(cb))
}

// rollupTyper types queries in c's session (rollup_once.go); nil when
// the handler has no engine of its own (the plain rewrite then).
func (d *handler) rollupTyper(ctx context.Context, c *mysql.Conn) rollupTyper {
	p := d.results.Load()
	if p == nil {
		return nil
	}
	return func(query string) ([]sql.Type, bool) {
		sqlCtx, err := p.sm.NewContextWithQuery(ctx, c, query)
		if err != nil {
			return nil, false
		}
		n, err := p.e.AnalyzeQuery(sqlCtx, query)
		if err != nil {
			return nil, false
		}
		var ts []sql.Type
		for _, col := range n.Schema() {
			ts = append(ts, col.Type)
		}
		return ts, true
	}
}

// rollupText is query without WITH ROLLUP, as the UNION ALL it means;
// ok is false when query is no SELECT … WITH ROLLUP it covers. With a
// typer, a rollup whose aggregates merge reads its input once
// (rollup_once.go).
func rollupText(query string, typer rollupTyper) (string, bool) {
	loc := withRollup.FindStringIndex(query)
	if loc == nil {
		return "", false
	}
	// Typed literals first: the parser keeps DATE '…' as a bare string.
	stmt, err := sqlparser.Parse(sqlrewrite.TypedLiterals(query[:loc[0]] + query[loc[1]:]))
	if err != nil {
		return "", false
	}
	sel, ok := stmt.(*sqlparser.Select)
	if !ok {
		return "", false
	}
	return rollupQuery(sel, typer)
}

// explainPrefix is EXPLAIN (or DESCRIBE) and its options before the
// statement it explains.
var explainPrefix = regexp.MustCompile(`(?is)^\s*(EXPLAIN|DESCRIBE|DESC)(\s+(PLAN|ANALYZE|EXTENDED|FORMAT\s*=\s*\w+))*\s+`)

// explainedRollup is an EXPLAIN of a SELECT … WITH ROLLUP as the EXPLAIN
// of its rewrite; other statements come back as they are.
func explainedRollup(query string, typer rollupTyper) string {
	prefix := explainPrefix.FindString(query)
	if prefix == "" {
		return query
	}
	if text, ok := rollupText(query[len(prefix):], typer); ok {
		return prefix + text
	}
	return query
}

// rollupItem is one select-list item: its expression (as SQL and
// parsed), its result name, and which GROUP BY expression it is (-1:
// none).
type rollupItem struct {
	expr, name string
	ast        sqlparser.Expr
	group      int
}

// rollupQuery is sel WITH ROLLUP as plain SQL; ok is false for shapes
// it does not cover. With a typer, one whose aggregates merge reads its
// input once.
func rollupQuery(sel *sqlparser.Select, typer rollupTyper) (string, bool) {
	if len(sel.GroupBy) == 0 || sel.Into != nil || sel.Lock != "" {
		return "", false
	}
	items, keys, ok := rollupItems(sel)
	if !ok {
		return "", false
	}
	if q, ok := rollupOnceQuery(sel, items, keys, typer); ok {
		return q, true
	}
	n := len(keys)
	var levels []string
	for k := n; k >= 0; k-- {
		levels = append(levels, rollupLevel(sel, items, keys, k))
	}
	return rollupUnion(sel, items, n, levels), true
}

// rollupUnion is the statement over the UNION ALL of its levels (from
// the finest to the grand total): the select list's names, ordered as
// MySQL orders a rollup unless the statement orders it, and its LIMIT.
func rollupUnion(sel *sqlparser.Select, items []rollupItem, n int, levels []string) string {
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = quoteIdent(it.name)
	}
	var order []string
	for _, o := range sel.OrderBy {
		order = append(order, rollupOrder(o, items))
	}
	if len(order) == 0 {
		for i := 0; i < n; i++ {
			order = append(order, fmt.Sprintf("_rollup_r%d, _rollup_k%d", i, i))
		}
	}
	q := "SELECT " + strings.Join(names, ", ") + " FROM (" + strings.Join(levels, " UNION ALL ") +
		") AS _rollup ORDER BY " + strings.Join(order, ", ")
	if sel.Limit != nil {
		q += sqlparser.String(sel.Limit)
	}
	return q
}

// rollupItems reads sel's select list and GROUP BY: keys are the GROUP
// BY expressions' SQL (a position or an alias resolved to its item).
func rollupItems(sel *sqlparser.Select) (items []rollupItem, keys []string, ok bool) {
	for _, se := range sel.SelectExprs {
		ae, isAliased := se.(*sqlparser.AliasedExpr)
		if !isAliased {
			return nil, nil, false // SELECT *
		}
		it := rollupItem{expr: sqlparser.String(ae.Expr), ast: ae.Expr, name: ae.As.String(), group: -1}
		if col, isCol := ae.Expr.(*sqlparser.ColName); isCol && it.name == "" {
			it.name = col.Name.String() // MySQL names c.country "country"
		}
		if it.name == "" {
			it.name = strings.TrimSpace(ae.InputExpression)
		}
		if it.name == "" {
			it.name = it.expr
		}
		items = append(items, it)
	}
	for g, e := range sel.GroupBy {
		key := sqlparser.String(e)
		if p, err := strconv.Atoi(key); err == nil && p >= 1 && p <= len(items) {
			key = items[p-1].expr
		}
		for i := range items {
			if items[i].group < 0 && (items[i].expr == key || strings.EqualFold(items[i].name, key)) {
				items[i].group = g
				key = items[i].expr
			}
		}
		keys = append(keys, key)
	}
	return items, keys, true
}

// rollupLevel is sel grouped by its first k GROUP BY expressions, with
// the ordering columns _rollup_rI (1: expression I rolled up) and
// _rollup_kI (its value).
func rollupLevel(sel *sqlparser.Select, items []rollupItem, keys []string, k int) string {
	var cols []string
	for _, it := range items {
		expr := it.expr
		if it.group >= k {
			expr = "NULL"
		}
		cols = append(cols, expr+" AS "+quoteIdent(it.name))
	}
	for i, key := range keys {
		if i < k {
			cols = append(cols, fmt.Sprintf("0 AS _rollup_r%d, %s AS _rollup_k%d", i, key, i))
		} else {
			cols = append(cols, fmt.Sprintf("1 AS _rollup_r%d, NULL AS _rollup_k%d", i, i))
		}
	}
	q := "SELECT " + strings.Join(cols, ", ") + " FROM " + sqlparser.String(sel.From) + sqlparser.String(sel.Where)
	if k > 0 {
		q += " GROUP BY " + strings.Join(keys[:k], ", ") + sqlparser.String(sel.Having)
	} else if sel.Having != nil {
		q += " HAVING (" + sqlparser.String(sel.Having.Expr) + ") AND COUNT(*) > 0"
	} else {
		q += " HAVING COUNT(*) > 0"
	}
	return "(" + q + ")"
}

// rollupOrder is an ORDER BY element of the statement over the rolled-up
// result: an expression of the select list becomes its column.
func rollupOrder(o *sqlparser.Order, items []rollupItem) string {
	expr := sqlparser.String(o.Expr)
	if p, err := strconv.Atoi(expr); err == nil && p >= 1 && p <= len(items) {
		expr = quoteIdent(items[p-1].name)
	} else {
		for _, it := range items {
			if it.expr == expr || strings.EqualFold(it.name, expr) {
				expr = quoteIdent(it.name)
				break
			}
		}
	}
	if o.Direction != "" {
		expr += " " + o.Direction
	}
	return expr
}

// quoteIdent is name as a backquoted identifier.
func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}
