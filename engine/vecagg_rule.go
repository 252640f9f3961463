package engine

import (
	"strings"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
	"github.com/cohortdb/cohortdb/storage"
)

// vectorAggRuleID runs after zoneFilterRuleID, so the table already
// carries its zone and bitmap filters when a GROUP BY is vectorised.
const vectorAggRuleID analyzer.RuleId = 10_001

// VectorizeVariable is the session variable that turns vectorised
// aggregation off (SET cohortdb_vectorize = 0): the plain GMS GroupBy
// then runs, which is how tests obtain an independent result.
const VectorizeVariable = "cohortdb_vectorize"

var registerVectorizeVariable = sync.OnceFunc(func() {
	sql.SystemVariables.AddSystemVariables([]sql.SystemVariable{&sql.MysqlSystemVariable{
		Name:    VectorizeVariable,
		Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Both),
		Dynamic: true,
		Type:    types.NewSystemBoolType(VectorizeVariable),
		Default: int8(1),
	}, execSystemVariable()})
})

func vectorizeEnabled(ctx *sql.Context) bool {
	v, err := ctx.GetSessionVariable(ctx, VectorizeVariable)
	if err != nil {
		return true
	}
	on, ok := v.(int8)
	return !ok || on != 0
}

// vectorizeAggregates replaces each GROUP BY whose input is one cohortdb
// table under simple filters with a vectorAgg node, which filters and
// aggregates the decoded column vectors directly: GMS's GroupBy would
// build, filter and hash one sql.Row per input row, which is where
// almost all of an aggregate query's time went. Anything the node cannot
// evaluate exactly leaves the GroupBy as it is.
func vectorizeAggregates(ctx *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	if !vectorizeEnabled(ctx) || execOnly(ctx) { // the general executor takes these shapes too
		return n, transform.SameTree, nil
	}
	return transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		if p, ok := n.(*plan.Project); ok {
			return floatProjections(p)
		}
		gb, ok := n.(*plan.GroupBy)
		if !ok {
			return n, transform.SameTree, nil
		}
		if va, ok := planVectorAgg(ctx, gb); ok {
			return va, transform.NewTree, nil
		}
		if ja, ok := planJoinAgg(ctx, gb); ok {
			return ja, transform.NewTree, nil
		}
		return n, transform.SameTree, nil
	})
}

// planVectorAgg compiles gb, or reports that it cannot be vectorised.
func planVectorAgg(ctx *sql.Context, gb *plan.GroupBy) (*vectorAgg, bool) {
	var conds []sql.Expression
	var join *semiJoin
	n := gb.Child
	alias := ""
	for {
		if f, ok := n.(*plan.Filter); ok {
			conds = append(conds, expression.SplitConjunction(f.Expression)...)
			n = f.Child
			continue
		}
		if a, ok := n.(*plan.TableAlias); ok {
			alias = a.Name()
			n = a.Child
			continue
		}
		if j, ok := n.(*plan.JoinNode); ok && join == nil {
			if join, ok = asSemiJoin(j); !ok {
				return nil, false
			}
			n = j.Left()
			continue
		}
		break
	}
	t, ok := sourceTable(ctx, n)
	if !ok {
		return nil, false
	}
	if alias == "" {
		alias = t.Name()
	}
	c := &aggCompiler{ctx: ctx, t: t, alias: alias, pos: map[int]int{}}
	spec, ok := c.compile(gb, conds)
	if !ok || (join != nil && !c.bindJoin(spec, join)) {
		return nil, false
	}
	return &vectorAgg{gb: gb, t: t, spec: spec, join: join}, true
}

// sourceTable returns the cohortdb table a node reads: a plain table, or
// a bitmap-index lookup (as the table with the lookup as one more bitmap
// filter).
func sourceTable(ctx *sql.Context, n sql.Node) (*Table, bool) {
	switch n := n.(type) {
	case *plan.ResolvedTable:
		return unwrapTable(n.Table)
	case *plan.IndexedTableAccess:
		it, ok := n.Table.(*IndexedTable)
		if !ok || !n.IsStatic() {
			return nil, false
		}
		return it.asBitmapTable(ctx)
	}
	return nil, false
}

// onlyTable reports whether every column e references is qualified by
// alias (or unqualified).
func onlyTable(e sql.Expression, alias string) bool {
	ok := true
	transform.InspectExpr(e, func(e sql.Expression) bool {
		if gf, isField := e.(*expression.GetField); isField && gf.Table() != "" && !strings.EqualFold(gf.Table(), alias) {
			ok = false
		}
		return false
	})
	return ok
}

func unwrapTable(t sql.Table) (*Table, bool) {
	if pt, ok := t.(*plan.ProcessTable); ok {
		t = pt.Table
	}
	tt, ok := t.(*Table)
	return tt, ok
}

// aggCompiler turns the expressions of one GroupBy into vector
// operations over the columns of t. pos maps a column ordinal of t.sch
// to its position in the scan request.
type aggCompiler struct {
	ctx   *sql.Context
	t     *Table
	alias string        // the name column references qualify the table with
	pair  *pairResolver // set when compiling over joined batches
	pos   map[int]int
	cols  []int // ordinals of t.sch to decode, in request order
}

func (c *aggCompiler) compile(gb *plan.GroupBy, conds []sql.Expression) (*aggSpec, bool) {
	spec := &aggSpec{}
	for _, e := range conds {
		p, ok := c.predicate(e)
		if !ok {
			return nil, false
		}
		spec.preds = append(spec.preds, p...)
	}
	for _, e := range gb.GroupByExprs {
		k, ok := c.key(e)
		if !ok {
			return nil, false
		}
		spec.keys = append(spec.keys, k)
	}
	for _, e := range gb.SelectedExprs {
		a, ok := c.aggregate(e)
		if !ok {
			return nil, false
		}
		spec.aggs = append(spec.aggs, a)
	}
	spec.cols = c.cols
	return spec, true
}

// column resolves a column reference to its codec and position in the
// batches the spec runs on (in a pair compiler, the joined batch).
func (c *aggCompiler) column(e sql.Expression) (*codec, int, bool) {
	gf, ok := e.(*expression.GetField)
	if !ok {
		return nil, 0, false
	}
	if c.pair != nil {
		return c.pair.column(gf)
	}
	ord, pos, ok := c.tableColumn(gf)
	if !ok {
		return nil, 0, false
	}
	return c.t.sch.codecs[ord], pos, true
}

// tableColumn resolves a column reference of the table to its ordinal in
// t.sch and its scan position, adding it to the request.
func (c *aggCompiler) tableColumn(gf *expression.GetField) (ord, pos int, ok bool) {
	// Execution indexes are assigned after this rule runs, so columns
	// are matched by name: the input is a single table.
	ord = c.t.columnIndex(gf.Name())
	if ord < 0 || (gf.Table() != "" && !strings.EqualFold(gf.Table(), c.alias)) {
		return 0, 0, false
	}
	if p, seen := c.pos[ord]; seen {
		return ord, p, true
	}
	c.pos[ord] = len(c.cols)
	c.cols = append(c.cols, ord)
	return ord, c.pos[ord], true
}

// predicate compiles one conjunct of the WHERE clause.
func (c *aggCompiler) predicate(e sql.Expression) ([]rowPred, bool) {
	if !onlyTable(e, c.alias) {
		return nil, false // e.g. a condition on the other side of a join
	}
	if sp, ok := e.(sqlfn.IntSetPredicate); ok && sp.CanVectorize() {
		cd, pos, ok := c.column(sp.SetArgument())
		if !ok || cd.class != classInt {
			return nil, false
		}
		return []rowPred{{pos: pos, op: opInSet, kind: storage.KindInt, set: sp}}, true
	}
	zps, ok := exactConjunct(c.ctx, c.t, e)
	if !ok {
		return nil, false
	}
	out := make([]rowPred, 0, len(zps))
	for _, zp := range zps {
		ord, pos, _ := c.columnByOrdinal(zp.ord)
		p, ok := newRowPred(c.t.sch.codecs[ord], pos, zp)
		if !ok {
			return nil, false
		}
		out = append(out, p)
	}
	return out, true
}

func (c *aggCompiler) columnByOrdinal(ord int) (int, int, bool) {
	if p, seen := c.pos[ord]; seen {
		return ord, p, true
	}
	c.pos[ord] = len(c.cols)
	c.cols = append(c.cols, ord)
	return ord, c.pos[ord], true
}

// key compiles one GROUP BY expression.
func (c *aggCompiler) key(e sql.Expression) (groupKey, bool) {
	if cd, pos, ok := c.column(e); ok {
		switch {
		case cd.kind == storage.KindInt || cd.kind == storage.KindUint:
			return groupKey{ints: colInt{pos: pos}}, true
		case cd.kind == storage.KindBytes && domainOf(cd) == domBytes:
			return groupKey{bytesPos: pos, isBytes: true}, true
		}
		return groupKey{}, false
	}
	ie, ok := c.intExpr(e)
	return groupKey{ints: ie}, ok
}

// intExpr compiles an integer-valued expression: integer columns,
// integer literals, YEAR/MONTH/DAY of a DATE or DATETIME column, and
// + - * of those.
func (c *aggCompiler) intExpr(e sql.Expression) (intExpr, bool) {
	switch e := e.(type) {
	case *expression.GetField:
		cd, pos, ok := c.column(e)
		if !ok || cd.class != classInt {
			return nil, false
		}
		return colInt{pos: pos}, true
	case *expression.Literal:
		v, ok := toInt64(e.Value())
		if !ok {
			return nil, false
		}
		return constInt(v.(int64)), true
	case *expression.Arithmetic:
		if e.Op != "+" && e.Op != "-" && e.Op != "*" {
			return nil, false
		}
		l, ok1 := c.intExpr(e.Left())
		r, ok2 := c.intExpr(e.Right())
		return &arith{op: e.Op[0], l: l, r: r}, ok1 && ok2
	}
	part, child, ok := datePartOf(e)
	if !ok {
		return nil, false
	}
	cd, pos, ok := c.column(child)
	if !ok {
		return nil, false
	}
	if cd.class != classDate && (cd.class != classDatetime || domainOf(cd) != domTime) {
		return nil, false // TIMESTAMP parts depend on the session time zone
	}
	return &datePart{pos: pos, part: part, days: cd.class == classDate}, true
}

// aggregate compiles one selected expression of the GroupBy.
func (c *aggCompiler) aggregate(e sql.Expression) (aggDef, bool) {
	if a, ok := e.(*expression.Alias); ok {
		e = a.Child
	}
	switch e := mysqlfn.UnwrapAggregate(e).(type) {
	case *expression.GetField:
		cd, pos, ok := c.column(e)
		return aggDef{op: aggFirst, pos: pos, codec: cd}, ok
	case *aggregation.Count:
		if lit, ok := e.Child.(*expression.Literal); ok && lit.Value() != nil {
			return aggDef{op: aggCountRows}, true
		}
		if _, ok := e.Child.(*expression.Star); ok {
			return aggDef{op: aggCountRows}, true
		}
		cd, pos, ok := c.column(e.Child)
		return aggDef{op: aggCount, pos: pos, codec: cd}, ok
	case *aggregation.CountDistinct:
		if len(e.Children()) != 1 {
			return aggDef{}, false
		}
		return c.intAggregate(aggCountDistinct, e.Children()[0])
	case *mysqlfn.Sum:
		return c.intAggregate(aggSum, e.Child)
	case *mysqlfn.Avg:
		return c.intAggregate(aggAvg, e.Child)
	case *aggregation.Max:
		return c.intAggregate(aggMax, e.Child)
	case *aggregation.Min:
		return c.intAggregate(aggMin, e.Child)
	}
	return aggDef{}, false
}

// intAggregate compiles an aggregate over one signed-integer-kind column
// (integers, DECIMAL(p<=18), DATE, DATETIME, TIME).
func (c *aggCompiler) intAggregate(op aggOp, e sql.Expression) (aggDef, bool) {
	cd, pos, ok := c.column(e)
	if !ok {
		return aggDef{}, false
	}
	if cd.kind != storage.KindInt || cd.class == classYear {
		return aggDef{}, false
	}
	if (op == aggSum || op == aggAvg) && cd.class != classInt && cd.class != classDecimal {
		return aggDef{}, false // SUM of a DATETIME is numeric in MySQL: leave it to GMS
	}
	return aggDef{op: op, pos: pos, codec: cd}, true
}
