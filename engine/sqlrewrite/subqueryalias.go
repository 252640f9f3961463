package sqlrewrite

import (
	"strconv"
	"strings"

	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// go-mysql-server v0.20.0 names an aggregate (and other computed
// columns) by its text, sum(orders.amount), and while it builds a
// subquery it looks that name up in the enclosing queries' scopes too
// (planbuilder scope.getExpr walks s.parent). So a subquery computing the
// same aggregate over a table of the same name as an enclosing query
// reads the enclosing query's value instead of its own: wrong rows, or
// 1242 when the reused column then yields a row per inner row
// (dolthub/dolt#11638, fixed after v0.20.0 by go-mysql-server#3760).
// Metabase writes exactly this, unaliased `shop`.`orders` inside and out:
//
//	SELECT channel, SUM(amount) / (SELECT SUM(amount) FROM orders WHERE …)
//	FROM orders GROUP BY channel
//
// Each table reference of a subquery whose name (its alias, else its
// table name) an enclosing query also declares therefore gets an alias of
// its own, and the column references MySQL resolves to it (the nearest
// query declaring the qualifier) are requalified with that alias:
//
//	… (SELECT SUM(amount) FROM orders AS orders_1 WHERE …) FROM orders …
//
// Clients see no change: result column names come from the select list's
// text, which is kept. The outermost query and queries without such a
// clash are left as they are.

// aliasScope is one query's FROM: each name it declares (lower case),
// mapped to the alias it was given ("" when it keeps its name).
type aliasScope struct {
	names  map[string]string
	parent *aliasScope
}

// declares reports whether s or an enclosing scope declares name.
func (s *aliasScope) declares(name string) bool {
	for ; s != nil; s = s.parent {
		if _, ok := s.names[name]; ok {
			return true
		}
	}
	return false
}

// resolve is the alias a qualifier name now stands for, if it changed:
// the nearest scope declaring the name decides, as in MySQL.
func (s *aliasScope) resolve(name string) (string, bool) {
	for ; s != nil; s = s.parent {
		if alias, ok := s.names[name]; ok {
			return alias, alias != ""
		}
	}
	return "", false
}

// subqueryAliaser renames within one statement.
type subqueryAliaser struct {
	taken map[string]bool // every table name and alias in the statement
}

// rewriteSubqueryAliases gives clashing subquery tables of st their own
// aliases, in place.
func rewriteSubqueryAliases(st ast.Statement) {
	a := &subqueryAliaser{taken: tableNames(st)}
	a.walk(st, nil)
}

// tableNames collects the table names and aliases st mentions, so a new
// alias never shadows one of them.
func tableNames(st ast.Statement) map[string]bool {
	taken := map[string]bool{}
	_ = ast.Walk(func(n ast.SQLNode) (bool, error) {
		switch n := n.(type) {
		case ast.TableName:
			taken[strings.ToLower(n.Name.String())] = true
		case *ast.AliasedTableExpr:
			taken[strings.ToLower(n.As.String())] = true
		}
		return true, nil
	}, st)
	return taken
}

// walk requalifies the column references of n under scope sc and hands
// each query it meets (subqueries, derived tables, CTEs, UNION sides) to
// query.
func (a *subqueryAliaser) walk(n ast.SQLNode, sc *aliasScope) {
	_ = ast.Walk(func(n ast.SQLNode) (bool, error) {
		switch n := n.(type) {
		case *ast.Select:
			if n != nil {
				a.query(n, sc)
			}
			return false, nil
		case *ast.ColName:
			requalify(&n.Qualifier, sc)
		case *ast.StarExpr:
			requalify(&n.TableName, sc)
		}
		return true, nil
	}, n)
}

// query declares sel's tables in a scope of its own, renaming those an
// enclosing query declares too, then walks its clauses in that scope.
// Its CTEs are not part of its FROM: they see only the enclosing scopes.
func (a *subqueryAliaser) query(sel *ast.Select, parent *aliasScope) {
	if sel.With != nil {
		a.walk(sel.With, parent)
	}
	sc := &aliasScope{names: map[string]string{}, parent: parent}
	for _, te := range sel.From {
		a.declare(te, sc)
	}
	for _, n := range []ast.SQLNode{sel.SelectExprs, sel.From, sel.Where, sel.GroupBy, sel.Having, sel.Window, sel.OrderBy, sel.Limit} {
		a.walk(n, sc)
	}
}

// declare adds the names te brings into scope sc.
func (a *subqueryAliaser) declare(te ast.TableExpr, sc *aliasScope) {
	switch te := te.(type) {
	case *ast.AliasedTableExpr:
		name := te.As.String()
		if name == "" {
			tn, ok := te.Expr.(ast.TableName)
			if !ok {
				return
			}
			name = tn.Name.String()
		}
		key := strings.ToLower(name)
		alias := ""
		if sc.parent.declares(key) {
			alias = a.fresh(key)
			te.As = ast.NewTableIdent(alias)
		}
		sc.names[key] = alias
	case *ast.JoinTableExpr:
		a.declare(te.LeftExpr, sc)
		a.declare(te.RightExpr, sc)
	case *ast.ParenTableExpr:
		for _, e := range te.Exprs {
			a.declare(e, sc)
		}
	case *ast.JSONTableExpr:
		sc.names[strings.ToLower(te.Alias.String())] = ""
	}
}

// fresh is name_N for the smallest N no table or alias of the statement
// already has.
func (a *subqueryAliaser) fresh(name string) string {
	for i := 1; ; i++ {
		alias := name + "_" + strconv.Itoa(i)
		if !a.taken[alias] {
			a.taken[alias] = true
			return alias
		}
	}
}

// requalify points a column's or star's table qualifier at the alias the
// table it names was given. A database qualifier goes with it: an alias
// has none.
func requalify(q *ast.TableName, sc *aliasScope) {
	if q.Name.IsEmpty() {
		return
	}
	if alias, ok := sc.resolve(strings.ToLower(q.Name.String())); ok {
		*q = ast.TableName{Name: ast.NewTableIdent(alias)}
	}
}
