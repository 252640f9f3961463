package server

import (
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// A rollup that reads its input once. The plain rewrite (rollup.go)
// groups the table n+1 times, once per level. When every aggregate of
// the statement can be re-aggregated exactly — COUNT, SUM, AVG, MIN and
// MAX without DISTINCT — the rewrite instead groups the input once, at
// the finest level, into a CTE (_rollup_b) of the keys and each
// aggregate's partial state (COUNT -> count, SUM -> sum, MIN/MAX ->
// min/max, AVG -> sum and count). The finest level is that CTE's rows
// (HAVING becomes a WHERE over the items' expressions); each coarser
// level groups them: a COUNT is the SUM of the counts, a SUM the SUM of
// the sums, an AVG the sum of the sums over the sum of the counts, a MIN
// or MAX the MIN or MAX of them. A DOUBLE SUM or AVG adds the groups'
// sums, in another order than the rows' (as MySQL's own order is
// unspecified); integer and DECIMAL ones are exact.
//
// Why a CTE in SQL rather than a rollup mode of the executor's
// aggregate: every level is still an ordinary SELECT, so both executors
// (GMS's with cohortdb_vectorize = 0, and engine/exec) run it, HAVING,
// ORDER BY, LIMIT and EXPLAIN work as for the plain rewrite, and
// engine/exec computes a CTE that one query reads several times once and
// serves its rows to each reader (engine/exec/shared.go: Shared in
// EXPLAIN), so the input is scanned and grouped once and the levels
// group only the finest groups. (A derived table written out per level
// would not do: GMS gives each copy its own table ids, so the executor
// cannot tell them the same.)
//
// Re-aggregating changes result types (the SUM of a DECIMAL(34,2) sum is
// a DECIMAL(56,2)), so each re-aggregate is cast back to the type of the
// aggregate it stands for: the handler learns those types by analysing
// (not running) the statement's aggregates grouped as written
// (rollupTyper). A statement with another aggregate (COUNT(DISTINCT),
// GROUP_CONCAT, STDDEV, …), a window, a subquery, or a column outside an
// aggregate that is not a GROUP BY item keeps the plain rewrite, as does
// a type this file does not know how to cast back to.

// rollupTyper returns the result types of query's columns without
// running it; ok is false when it cannot.
type rollupTyper func(query string) (types []sql.Type, ok bool)

// onceAgg is one distinct aggregate call of the statement.
type onceAgg struct {
	fn   string   // count, sum, avg, min or max
	arg  string   // its argument's SQL (* for COUNT(*))
	col  int      // its partial state's column _rollup_a<col> (AVG: its sum)
	cnt  int      // AVG: its count's column
	typ  sql.Type // the call's own result type
	text string   // the call's SQL, which identifies it
}

// onceRollup is a statement a read-once rollup covers.
type onceRollup struct {
	sel   *sqlparser.Select
	items []rollupItem
	keys  []string
	aggs  []*onceAgg
	calls map[string]*onceAgg
	// partials are the partial states' SQL (SUM(amount)), by column: an
	// AVG shares its sum and count with a SUM and COUNT of its argument.
	partials []string
}

// decomposable are the aggregates whose coarser levels are computed
// from the finest level's partial states.
var decomposable = map[string]bool{"count": true, "sum": true, "avg": true, "min": true, "max": true}

// rollupOnceQuery is sel WITH ROLLUP reading its input once; ok is false
// when sel has a shape the read-once form does not cover or typer cannot
// type its aggregates.
func rollupOnceQuery(sel *sqlparser.Select, items []rollupItem, keys []string, typer rollupTyper) (string, bool) {
	if typer == nil || sel.QueryOpts.Distinct || sel.With != nil || len(sel.Window) > 0 {
		return "", false
	}
	r := &onceRollup{sel: sel, items: items, keys: keys, calls: map[string]*onceAgg{}}
	if !r.collect() {
		return "", false
	}
	if !r.typeAggs(typer) {
		return "", false
	}
	var levels []string
	for k := len(keys); k >= 0; k-- {
		levels = append(levels, r.level(k))
	}
	return "WITH _rollup_b AS (" + r.base() + ") " + rollupUnion(sel, items, len(keys), levels), true
}

// typeAggs learns each aggregate's result type from
// typer; false when one cannot be cast back to.
func (r *onceRollup) typeAggs(typer rollupTyper) bool {
	var probe []string
	for _, a := range r.aggs {
		probe = append(probe, a.text)
	}
	ts, ok := typer("SELECT " + strings.Join(probe, ", ") + r.input())
	if !ok || len(ts) != len(probe) {
		return false
	}
	for i, a := range r.aggs {
		a.typ = ts[i]
		if _, ok := a.merged(); !ok {
			return false
		}
	}
	return true
}

// input is FROM, WHERE and GROUP BY of the finest level.
func (r *onceRollup) input() string {
	return " FROM " + sqlparser.String(r.sel.From) + sqlparser.String(r.sel.Where) +
		" GROUP BY " + strings.Join(r.keys, ", ")
}

// collect finds the aggregate calls of the select list (items that are
// not GROUP BY items) and of HAVING; ok is false when one is not
// decomposable or the expressions read anything else than aggregates,
// literals, and (in HAVING) the select list's names.
func (r *onceRollup) collect() bool {
	for _, it := range r.items {
		if it.group >= 0 {
			continue
		}
		if !r.collectExpr(it.ast, nil) {
			return false
		}
	}
	if r.sel.Having == nil {
		return true
	}
	names := map[string]bool{}
	for _, it := range r.items {
		names[strings.ToLower(it.name)] = true
	}
	return r.collectExpr(r.sel.Having.Expr, names)
}

// collectExpr walks e; names are the column names e may read outside an
// aggregate (the select list's, in HAVING).
func (r *onceRollup) collectExpr(e sqlparser.Expr, names map[string]bool) bool {
	ok := true
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		switch n := n.(type) {
		case *sqlparser.FuncExpr:
			if n.Over != nil {
				ok = false
			} else if n.IsAggregate() || n.Name.Lowered() == "any_value" {
				ok = ok && r.addAgg(n)
				return false, nil
			}
		case *sqlparser.ColName:
			ok = ok && n.Qualifier.IsEmpty() && names[n.Name.Lowered()]
		case *sqlparser.Subquery, *sqlparser.ExistsExpr, *sqlparser.GroupConcatExpr, *sqlparser.Default:
			ok = false
		}
		return ok, nil
	}, e)
	return ok
}

// addAgg records the aggregate call f; false when it is not one whose
// levels merge.
func (r *onceRollup) addAgg(f *sqlparser.FuncExpr) bool {
	fn := f.Name.Lowered()
	if !decomposable[fn] || f.Distinct || len(f.Exprs) != 1 {
		return false
	}
	text := sqlparser.String(f)
	if _, seen := r.calls[text]; seen {
		return true
	}
	arg := sqlparser.String(f.Exprs[0])
	if _, star := f.Exprs[0].(*sqlparser.StarExpr); star != (arg == "*") || (star && fn != "count") {
		return false
	}
	a := &onceAgg{fn: fn, arg: arg, text: text}
	if fn == "avg" {
		a.col, a.cnt = r.partial("SUM("+arg+")"), r.partial("COUNT("+arg+")")
	} else {
		a.col = r.partial(strings.ToUpper(fn) + "(" + arg + ")")
	}
	r.aggs = append(r.aggs, a)
	r.calls[text] = a
	return true
}

// partial is the column of the finest level's partial state expr.
func (r *onceRollup) partial(expr string) int {
	for i, p := range r.partials {
		if p == expr {
			return i
		}
	}
	r.partials = append(r.partials, expr)
	return len(r.partials) - 1
}

// merged is a over a level's rows of the finest groups, typed as a
// itself; ok is false for a type it cannot be cast back to.
func (a *onceAgg) merged() (string, bool) {
	col := fmt.Sprintf("_rollup_a%d", a.col)
	switch a.fn {
	case "min", "max":
		return strings.ToUpper(a.fn) + "(" + col + ")", true
	case "count":
		return "CAST(SUM(" + col + ") AS SIGNED)", a.typ == types.Int64
	case "sum":
		return castBack("SUM("+col+")", a.typ)
	}
	// AVG is its sum over its count, rounded at the AVG's scale (the
	// sum's + 4) as MySQL divides them: engine/exec computes a DECIMAL
	// division cast to that scale so. An AVG of no values is NULL: so is
	// the sum of its sums, and the division by a count of 0 is never done.
	return castBack(fmt.Sprintf("SUM(%s) / CAST(SUM(_rollup_a%d) AS SIGNED)", col, a.cnt), a.typ)
}

// finest is a over one finest group: its partial state, of a's own type
// (a CTE's column of a SUM GMS types wider; an AVG's sum over its count
// cast to the AVG's type, as merged).
func (a *onceAgg) finest() string {
	col := fmt.Sprintf("_rollup_a%d", a.col)
	switch a.fn {
	case "avg":
		col = fmt.Sprintf("%s / _rollup_a%d", col, a.cnt)
	case "sum":
	default:
		return col
	}
	q, _ := castBack(col, a.typ) // checked by merged
	return q
}

// item is the select-list item named name.
func (r *onceRollup) item(name string) (rollupItem, bool) {
	for _, it := range r.items {
		if strings.EqualFold(it.name, name) {
			return it, true
		}
	}
	return rollupItem{}, false
}

// finestItem is it's expression at the finest level.
func (r *onceRollup) finestItem(it rollupItem) string {
	if it.group >= 0 {
		return fmt.Sprintf("_rollup_g%d", it.group)
	}
	return r.format(it.ast, true)
}

// castBack is the SUM or AVG expr cast to t, its type at the finest
// level: a DECIMAL keeps MySQL's precision and scale; a DOUBLE stays one.
func castBack(expr string, t sql.Type) (string, bool) {
	if dt, ok := t.(sql.DecimalType); ok {
		return fmt.Sprintf("CAST(%s AS DECIMAL(%d,%d))", expr, dt.Precision(), dt.Scale()), true
	}
	return expr, t == types.Float64
}

// base is the derived table of the finest groups: the GROUP BY keys as
// _rollup_g<i>, then the partial states.
func (r *onceRollup) base() string {
	var cols []string
	for i, k := range r.keys {
		cols = append(cols, fmt.Sprintf("%s AS _rollup_g%d", k, i))
	}
	for i, p := range r.partials {
		cols = append(cols, fmt.Sprintf("%s AS _rollup_a%d", p, i))
	}
	return "SELECT " + strings.Join(cols, ", ") + r.input()
}

// level is the statement grouped by its first k GROUP BY expressions,
// read from the finest groups, with rollupLevel's ordering columns. The
// finest level (k = n) is the finest groups themselves: no grouping, each
// aggregate read from its partial state.
func (r *onceRollup) level(k int) string {
	finest := k == len(r.keys)
	var cols []string
	for _, it := range r.items {
		expr := ""
		switch {
		case it.group >= k:
			expr = "NULL"
		case it.group >= 0:
			expr = fmt.Sprintf("_rollup_g%d", it.group)
		default:
			expr = r.format(it.ast, finest)
		}
		cols = append(cols, expr+" AS "+quoteIdent(it.name))
	}
	for i := range r.keys {
		if i < k {
			cols = append(cols, fmt.Sprintf("0 AS _rollup_r%d, _rollup_g%d AS _rollup_k%d", i, i, i))
		} else {
			cols = append(cols, fmt.Sprintf("1 AS _rollup_r%d, NULL AS _rollup_k%d", i, i))
		}
	}
	q := "SELECT " + strings.Join(cols, ", ") + " FROM _rollup_b"
	if k > 0 && !finest {
		var by []string
		for i := range k {
			by = append(by, fmt.Sprintf("_rollup_g%d", i))
		}
		q += " GROUP BY " + strings.Join(by, ", ")
	}
	switch {
	case r.sel.Having != nil && finest:
		q += " WHERE " + r.format(r.sel.Having.Expr, true)
	case r.sel.Having != nil && k > 0:
		q += " HAVING " + r.format(r.sel.Having.Expr, false)
	case r.sel.Having != nil:
		q += " HAVING (" + r.format(r.sel.Having.Expr, false) + ") AND COUNT(*) > 0"
	default:
		if k == 0 { // no grand total over no rows, as in MySQL
			q += " HAVING COUNT(*) > 0"
		}
	}
	return "(" + q + ")"
}

// format is e's SQL with each aggregate call in its merged form, or at
// the finest level its partial state's.
func (r *onceRollup) format(e sqlparser.Expr, finest bool) string {
	buf := sqlparser.NewTrackedBuffer(func(buf *sqlparser.TrackedBuffer, n sqlparser.SQLNode) {
		if c, ok := n.(*sqlparser.ColName); ok && finest {
			// A WHERE cannot name the select list's items: their
			// expressions stand in (collect allowed only those names).
			if it, ok := r.item(c.Name.String()); ok {
				buf.WriteString("(" + r.finestItem(it) + ")")
				return
			}
		}
		if f, ok := n.(*sqlparser.FuncExpr); ok {
			if a, ok := r.calls[sqlparser.String(f)]; ok {
				m, _ := a.merged() // checked in rollupOnceQuery
				if finest {
					m = a.finest()
				}
				buf.WriteString("(" + m + ")")
				return
			}
		}
		n.Format(buf)
	})
	buf.Myprintf("%v", e)
	return buf.String()
}
